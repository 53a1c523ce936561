package io.faultline.common.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentSettingsTest {

    @Test
    void anEmptyMapIsTheDefaults() {
        IncidentSettings d = IncidentSettings.fromMap(Map.of());
        assertThat(d).isEqualTo(IncidentSettings.defaults());
        assertThat(d.openAfterWindows()).isEqualTo(1);
        assertThat(d.closeAfterWindows()).isEqualTo(2);
        assertThat(d.warmupWindows()).isEqualTo(6);
        assertThat(d.baselineWindows()).isEqualTo(24);
        assertThat(d.deploymentLookback()).isEqualTo(Duration.ofHours(6));
        assertThat(d.failureRate()).isEqualTo(new IncidentSettings.RateThresholds(100, 0.05, 2.0, 4.0));
        assertThat(d.rateThresholdsOf("LATENCY_SLO_BREACH")).isSameAs(d.latency());
        assertThat(d.rateThresholdsOf("AMBIGUOUS")).isSameAs(d.failureRate());
    }

    @Test
    void readsEveryKeyAndRoundTripsThroughToMap() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("open-after-windows", 3);
        values.put("close-after-windows", 4L);
        values.put("warmup-windows", 8);
        values.put("baseline-windows", 48.0);
        values.put("deployment-lookback", "90m");
        values.put("deployment-attribution-share", 0.75);
        values.put("failure-rate", Map.of("min-count", 500, "z", 5));
        values.put("latency", Map.of("min-increase", 0.1));
        values.put("error-rate", Map.of("min-ratio", 3));
        values.put("regression", Map.of("min-labelled", 200, "min-increase", 0.02, "z", 3.5));
        values.put("drift", Map.of("min-columns", 2, "min-score", 2.0));
        values.put("max-versions", 4);
        values.put("max-failure-modes", 10);
        values.put("timeline-limit", 40);
        IncidentSettings s = IncidentSettings.fromMap(values);

        assertThat(s.openAfterWindows()).isEqualTo(3);
        assertThat(s.closeAfterWindows()).isEqualTo(4);
        assertThat(s.baselineWindows()).isEqualTo(48);
        assertThat(s.deploymentLookback()).isEqualTo(Duration.ofMinutes(90));
        assertThat(s.failureRate()).isEqualTo(new IncidentSettings.RateThresholds(500, 0.05, 2.0, 5.0));
        assertThat(s.latency().minIncrease()).isEqualTo(0.1);
        assertThat(s.errorRate().minRatio()).isEqualTo(3.0);
        assertThat(s.regression()).isEqualTo(new IncidentSettings.RegressionThresholds(200, 0.02, 3.5));
        assertThat(s.drift()).isEqualTo(new IncidentSettings.DriftSignalThresholds(2, 2.0));
        assertThat(IncidentSettings.fromMap(s.toMap())).isEqualTo(s);
        assertThat(IncidentSettings.fromMap(IncidentSettings.defaults().toMap())).isEqualTo(IncidentSettings.defaults());
        assertThat(IncidentSettings.fromMap(Map.of("deployment-lookback", 60_000)).deploymentLookback())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void reportsEveryProblemWithItsKey() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("open-after-windows", 0);
        values.put("close-after", 2);
        values.put("warmup-windows", "six");
        values.put("deployment-lookback", "soon");
        values.put("latency", Map.of("z", -1, "min-count", 1.5, "speed", 1));
        values.put("drift", List.of(1));
        values.put("regression", Map.of("min-increase", 2));
        assertThatThrownBy(() -> IncidentSettings.fromMap(values, "incidents"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("incidents.close-after: unknown key; known keys: baseline-windows, close-after-windows,")
                .hasMessageContaining("incidents.warmup-windows must be an integer, got \"six\" (text)")
                .hasMessageContaining("incidents.deployment-lookback must be a duration such as 90m, 6h or 2d")
                .hasMessageContaining("incidents.latency.speed: unknown key; known keys: min-count, min-increase, min-ratio, z")
                .hasMessageContaining("incidents.latency.min-count must be an integer, got 1.5 (number)")
                .hasMessageContaining("incidents.latency.z must be a finite number > 0, got -1.0")
                .hasMessageContaining("incidents.drift must be a map, got [1] (list)")
                .hasMessageContaining("incidents.regression.min-increase must be in [0, 1], got 2.0")
                .hasMessageContaining("incidents.open-after-windows must be an integer >= 1, got 0");
    }

    @Test
    void theConstructorChecksRangesAndRelations() {
        IncidentSettings d = IncidentSettings.defaults();
        assertThatThrownBy(() -> new IncidentSettings(1, 2, 10, 5, Duration.ZERO, 0.8, d.failureRate(), d.latency(),
                d.errorRate(), d.regression(), d.drift(), 8, 64, 96))
                .hasMessage("baseline-windows (5) must be at least warmup-windows (10): a baseline must be able to hold"
                        + " its warm-up");
        assertThatThrownBy(() -> new IncidentSettings(1, 2, 6, 24, Duration.ofHours(-1), 1.5, d.failureRate(),
                d.latency(), d.errorRate(), d.regression(), d.drift(), 1, 64, 2))
                .hasMessage("deployment-lookback must not be negative, got PT-1H; deployment-attribution-share must be"
                        + " in (0, 1], got 1.5; max-versions must be an integer >= 2, got 1; timeline-limit must be an"
                        + " integer >= 8, got 2");
        assertThatThrownBy(() -> new IncidentSettings.DriftSignalThresholds(1, 0.5))
                .hasMessage("min-score must be a finite number >= 1 (a DRIFT verdict), got 0.5");
    }
}
