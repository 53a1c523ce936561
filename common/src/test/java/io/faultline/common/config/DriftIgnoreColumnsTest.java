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

    @Test
    void columnThresholdsOverrideTheModelsWhichOverrideTheDefaults() throws Exception {
        FaultlineConfig c = FaultlineConfig.parse("""
                drift:
                  models:
                    fraud: {psi-drift: 0.4}
                  columns:
                    features.amount: {psi-drift: 0.5, psi-warn: 0.2}
                """, "t.yaml");
        assertThat(c.driftThresholdsFor("fraud", "features.amount").psiDrift()).isEqualTo(0.5);
        assertThat(c.driftThresholdsFor("fraud", "features.amount").psiWarn()).isEqualTo(0.2);
        assertThat(c.driftThresholdsFor("fraud", "features.country").psiDrift()).isEqualTo(0.4);
        assertThat(c.driftThresholdsFor("other", "features.amount").psiDrift()).isEqualTo(0.5);
        assertThat(c.driftThresholdsFor("other", "confidence").psiDrift()).isEqualTo(0.25);
        assertThat(FaultlineConfig.defaults().withOverrides(c.toMap())).isEqualTo(c);
        assertThat(FaultlineConfig.defaults().withOverrides(Map.of("drift.columns.features.amount.psi-drift", "0.6"))
                .driftThresholdsFor("m", "features.amount").psiDrift()).isEqualTo(0.6);
    }

    @Test
    void columnThresholdsNameTheColumnWhenWrong() {
        assertThatThrownBy(() -> FaultlineConfig.parse("drift:\n  columns:\n    amount: {psi-drift: 0.5}\n", "t.yaml"))
                .hasMessageContaining("drift.columns: \"amount\" is not a monitored column");
        assertThatThrownBy(() -> FaultlineConfig.parse(
                "drift:\n  columns:\n    prediction: {psi-warn: 0.5, psi-drift: 0.3}\n", "t.yaml"))
                .hasMessageContaining("drift.columns.prediction");
    }
}
