package io.faultline.common.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.LineageStatus;
import io.faultline.common.model.Prediction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LineageTest {
    private static final long T0 = Instant.parse("2026-10-01T06:00:00Z").toEpochMilli();

    private static Prediction prediction() {
        Prediction p = new Prediction();
        p.eventId = "e-1";
        p.eventTime = T0;
        p.model = "fraud-detector";
        p.modelVersion = "v3";
        return p;
    }

    @Test
    void keyIsTheSameAsThePredictionsKey() {
        Prediction p = prediction();
        assertThat(Lineage.key("fraud-detector", "v3")).isEqualTo("fraud-detector|v3").isEqualTo(p.modelVersionKey());
    }

    @Test
    void aFoundDeploymentResolves() {
        Prediction p = prediction();
        Deployment d = DeploymentHistoryTest.deployment(T0, "d1");
        Lineage.enrich(p, d);
        assertThat(p.lineageStatus).isEqualTo(LineageStatus.RESOLVED.name());
        assertThat(p.deployment).isSameAs(d);
    }

    @Test
    void noDeploymentIsAnUnregisteredVersion() {
        Prediction p = prediction();
        p.deployment = DeploymentHistoryTest.deployment(T0, "stale");
        Lineage.enrich(p, null);
        assertThat(p.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name());
        assertThat(p.deployment).isNull();
    }

    @Test
    void enrichWithTheResultOfAnAsOfLookup() {
        DeploymentHistory h = new DeploymentHistory();
        h.add(DeploymentHistoryTest.deployment(T0 + 1, "later"));
        Prediction p = prediction();
        Lineage.enrich(p, h.asOf(p.eventTime));
        assertThat(p.lineageStatus).isEqualTo(LineageStatus.UNREGISTERED_VERSION.name());
    }

    @Test
    void aDeploymentThatDoesNotFitIsALookupBug() {
        Deployment otherVersion = DeploymentHistoryTest.deployment(T0, "d1");
        otherVersion.modelVersion = "v4";
        assertThatThrownBy(() -> Lineage.enrich(prediction(), otherVersion)).isInstanceOf(IllegalArgumentException.class);
        Deployment future = DeploymentHistoryTest.deployment(T0 + 1, "d2");
        assertThatThrownBy(() -> Lineage.enrich(prediction(), future))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after the event time");
    }
}
