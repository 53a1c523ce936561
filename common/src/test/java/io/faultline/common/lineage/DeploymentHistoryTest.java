package io.faultline.common.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Deployment;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeploymentHistoryTest {
    private static final long T0 = Instant.parse("2026-10-01T06:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;

    static Deployment deployment(long deployedAt, String id) {
        Deployment d = new Deployment();
        d.model = "fraud-detector";
        d.modelVersion = "v3";
        d.deployedAt = deployedAt;
        d.deploymentId = id;
        return d;
    }

    private static DeploymentHistory historyOf(Deployment... ds) {
        DeploymentHistory h = new DeploymentHistory();
        for (Deployment d : ds) {
            h.add(d);
        }
        return h;
    }

    @Test
    void emptyHistoryFindsNothing() {
        assertThat(new DeploymentHistory().asOf(T0)).isNull();
        assertThat(new DeploymentHistory().deployments).isEmpty();
    }

    @Test
    void asOfBeforeAtBetweenAndAfterDeployments() {
        Deployment first = deployment(T0, "d1");
        Deployment second = deployment(T0 + 2 * HOUR, "d2");
        DeploymentHistory h = historyOf(first, second);
        assertThat(h.asOf(T0 - 1)).as("before the first").isNull();
        assertThat(h.asOf(T0)).as("exactly at the first").isSameAs(first);
        assertThat(h.asOf(T0 + HOUR)).as("between").isSameAs(first);
        assertThat(h.asOf(T0 + 2 * HOUR - 1)).as("just before the second").isSameAs(first);
        assertThat(h.asOf(T0 + 2 * HOUR)).as("exactly at the second").isSameAs(second);
        assertThat(h.asOf(Long.MAX_VALUE)).as("after the last").isSameAs(second);
    }

    @Test
    void tiesOnDeployedAtResolveToTheLastInSortOrder() {
        Deployment noId = deployment(T0, null);
        Deployment a = deployment(T0, "a");
        Deployment b = deployment(T0, "b");
        assertThat(historyOf(b, noId, a).deployments).containsExactly(noId, a, b);
        assertThat(historyOf(b, noId, a).asOf(T0)).isSameAs(b);
        assertThat(historyOf(a, noId).asOf(T0 + 1)).isSameAs(a);
    }

    @Test
    void tiesOnTimeAndIdAreOrderedByTheRemainingFields() {
        Deployment plain = deployment(T0, "a");
        Deployment withCode = deployment(T0, "a");
        withCode.codeVersion = "abc123";
        assertThat(historyOf(withCode, plain).deployments).containsExactly(plain, withCode);
        assertThat(historyOf(plain, withCode).asOf(T0)).isSameAs(withCode);
    }

    @Test
    void outOfOrderAddsGiveTheSameHistory() {
        List<Deployment> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(deployment(T0 + (i / 3) * HOUR, i % 4 == 0 ? null : "d" + i));
        }
        Deployment[] expected = historyOf(all.toArray(new Deployment[0])).deployments;
        for (int i = 1; i < expected.length; i++) {
            assertThat(DeploymentHistory.ORDER.compare(expected[i - 1], expected[i])).isNegative();
        }
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            Collections.shuffle(all, random);
            assertThat(historyOf(all.toArray(new Deployment[0])).deployments).containsExactly(expected);
        }
    }

    @Test
    void addingAnIdenticalDeploymentIsIgnored() {
        DeploymentHistory h = new DeploymentHistory();
        assertThat(h.add(deployment(T0, "d1"))).isTrue();
        assertThat(h.add(deployment(T0, "d1"))).as("an equal copy, as in a replay").isFalse();
        assertThat(h.deployments).hasSize(1);
        Deployment corrected = deployment(T0, "d1");
        corrected.environment = "prod";
        assertThat(h.add(corrected)).as("same id, different content").isTrue();
        assertThat(h.deployments).hasSize(2);
    }

    @Test
    void historyIsCappedKeepingTheOldestAndTheNewest() {
        int n = DeploymentHistory.MAX_DEPLOYMENTS + 44;
        List<Deployment> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(deployment(T0 + i * HOUR, String.format("d%03d", i)));
        }
        Collections.shuffle(all, new Random(7));
        DeploymentHistory h = historyOf(all.toArray(new Deployment[0]));

        assertThat(h.deployments).hasSize(DeploymentHistory.MAX_DEPLOYMENTS);
        assertThat(h.deployments[0].deploymentId).as("the oldest is kept").isEqualTo("d000");
        assertThat(h.deployments[1].deploymentId).as("then the newest 255").isEqualTo("d045");
        assertThat(h.deployments[DeploymentHistory.MAX_DEPLOYMENTS - 1].deploymentId).isEqualTo("d299");
        // A prediction from inside the dropped window still resolves (to the oldest), not to nothing.
        assertThat(h.asOf(T0 + 10 * HOUR).deploymentId).isEqualTo("d000");
        assertThat(h.asOf(T0 - 1)).isNull();
        assertThat(h.asOf(T0 + 45 * HOUR).deploymentId).isEqualTo("d045");
    }

    @Test
    void whenFullAnAddThatTheCapDropsReportsFalse() {
        DeploymentHistory h = new DeploymentHistory();
        for (int i = 0; i < DeploymentHistory.MAX_DEPLOYMENTS; i++) {
            h.add(deployment(T0 + (i + 10) * HOUR, "d" + i));
        }
        Deployment[] before = h.deployments;
        assertThat(h.add(deployment(T0 + 10 * HOUR + 1, "late"))).as("second oldest: dropped at once").isFalse();
        assertThat(h.deployments).hasSize(DeploymentHistory.MAX_DEPLOYMENTS).doesNotContain(deployment(T0 + 10 * HOUR + 1, "late"));
        assertThat(h.deployments).isNotSameAs(before);
        Deployment oldest = deployment(T0, "older");
        assertThat(h.add(oldest)).as("a new oldest is kept").isTrue();
        assertThat(h.deployments[0]).isSameAs(oldest);
        assertThat(h.deployments).hasSize(DeploymentHistory.MAX_DEPLOYMENTS);
    }

    @Test
    void aDeploymentOfAnotherVersionIsRejected() {
        DeploymentHistory h = historyOf(deployment(T0, "d1"));
        Deployment other = deployment(T0, "d2");
        other.modelVersion = "v4";
        assertThatThrownBy(() -> h.add(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deployment of fraud-detector|v4 added to the history of fraud-detector|v3");
        assertThat(h.deployments).hasSize(1);
    }

    @Test
    void isShapedLikeAFlinkPojo() throws Exception {
        // Flink's POJO rules (checked without Flink, which common must not depend on): public class, public
        // no-argument constructor, every non-static field public and non-final.
        assertThat(Modifier.isPublic(DeploymentHistory.class.getModifiers())).isTrue();
        assertThat(DeploymentHistory.class.getConstructor().newInstance().deployments).isNotNull();
        List<String> fields = new ArrayList<>();
        for (Field f : DeploymentHistory.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                assertThat(Modifier.isPublic(f.getModifiers())).as(f.getName()).isTrue();
                assertThat(Modifier.isFinal(f.getModifiers())).as(f.getName()).isFalse();
                fields.add(f.getName());
            }
        }
        assertThat(fields).containsExactly("deployments");
    }
}
