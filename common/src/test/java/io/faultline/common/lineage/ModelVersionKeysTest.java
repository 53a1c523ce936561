package io.faultline.common.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelVersionKeysTest {
    @Test
    void givesLineageKeysOneInstancePerPair() {
        ModelVersionKeys keys = new ModelVersionKeys();
        String a = keys.of("fraud", "1.0");
        assertThat(a).isEqualTo(Lineage.key("fraud", "1.0"));
        assertThat(keys.of(new String("fraud"), new String("1.0"))).isSameAs(a);
        assertThat(keys.of("fraud", "1.1")).isEqualTo("fraud|1.1").isNotSameAs(a);
        assertThat(keys.of("fraud|1", "0")).isEqualTo("fraud|1|0");
        assertThat(keys.of(null, null)).isEqualTo(Lineage.key(null, null));
    }
}
