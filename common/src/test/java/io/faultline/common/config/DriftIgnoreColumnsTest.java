package io.faultline.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftIgnoreColumnsTest {

    @Test
    void noneByDefault() {
        assertThat(FaultlineConfig.defaults().driftIgnoredColumns()).isEmpty();
    }

    @Test
    void listedColumnsAreNormalisedAndRoundTrip() throws Exception {
        FaultlineConfig c = FaultlineConfig.parse("drift:\n  ignore-columns: \" features.hour_of_day, latency_ms,\"\n", "t.yaml");
        assertThat(c.driftIgnoredColumns()).containsExactlyInAnyOrder("features.hour_of_day", "latency_ms");
        assertThat(c.toMap()).containsEntry("drift.ignore-columns", "features.hour_of_day,latency_ms");
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
        assertThat(FaultlineConfig.defaults().withOverrides(Map.of("drift.ignore-columns", "prediction"))
                .driftIgnoredColumns()).containsExactly("prediction");
    }

    @Test
    void unknownColumnNamesTheKeyAndTheAllowedForms() {
        assertThatThrownBy(() -> FaultlineConfig.parse("drift:\n  ignore-columns: hour_of_day\n", "t.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("drift.ignore-columns: \"hour_of_day\" is not a monitored column")
                .hasMessageContaining("features.<name>");
    }
}
