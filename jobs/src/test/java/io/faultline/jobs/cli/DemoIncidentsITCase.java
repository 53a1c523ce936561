package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.testing.DuckDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's "done when": {@code faultline demo} over two days of generated traffic with known incidents. Every
 * injected incident appears once in {@code incidents/} with the right kind, cause, start (within one window of
 * the truth) and a timeline; the stationary control model gets none; every catalog row is annotated and, where
 * a rule matches, carries a remediation; the deployment regression names the deployment and rolls back to the
 * previous version by name.
 */
class DemoIncidentsITCase {
    private static final Duration WINDOW = Duration.ofHours(1);

    @TempDir
    static Path root;
    private static String incidents;
    private static String failures;
    private static List<DemoTraffic.InjectedIncident> injected;

    @BeforeAll
    static void runTheDemo() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        int code = Cli.run(new String[] {"demo", "--output", root.toString()}, out, out);
        assertThat(code).as(log.toString(StandardCharsets.UTF_8)).isZero();
        incidents = DuckDb.table(root, "incidents");
        failures = DuckDb.table(root, "failures");
        injected = DemoTraffic.builder().seed(42).build().injectedIncidents();
    }

    /** Latest revision of each incident: model|kind|suspected_cause|started_at|related deployment|action|target. */
    private static List<String> currentIncidents(DuckDb db) throws Exception {
        return db.rows("SELECT model, kind, suspected_cause, epoch_ms(started_at), coalesce(related_deployment_id, '-'),"
                + " coalesce(remediation_action, '-'), coalesce(remediation_target, '-'), len(timeline) > 0,"
                + " time_to_detect_ms FROM " + incidents
                + " QUALIFY revision = max(revision) OVER (PARTITION BY incident_id) ORDER BY started_at");
    }

    @Test
    void everyInjectedIncidentAppearsOnceWithItsCauseAndNoneOnTheControlModel() throws Exception {
        Map<String, String[]> expected = Map.of(
                DemoTraffic.LATENCY_SPIKE, new String[] {"LATENCY_SLO_BREACH", "DEPLOYMENT"},
                DemoTraffic.FEATURE_SHIFT, new String[] {"FEATURE_DRIFT", "DATA"},
                DemoTraffic.BAD_DEPLOYMENT, new String[] {"REGRESSION_AFTER_DEPLOYMENT", "DEPLOYMENT"},
                DemoTraffic.UNREGISTERED_VERSION, new String[] {"UNREGISTERED_VERSION", "DEPLOYMENT"});
        try (DuckDb db = new DuckDb()) {
            List<String> rows = currentIncidents(db);
            List<DemoTraffic.InjectedIncident> truth = injected.stream()
                    .filter(i -> expected.containsKey(i.kind())).toList();
            assertThat(rows).as("one incident per injected incident, nothing else").hasSize(truth.size());
            assertThat(rows).noneMatch(r -> r.startsWith("churn-model|"));
            for (DemoTraffic.InjectedIncident t : truth) {
                String[] kindAndCause = expected.get(t.kind());
                String row = rows.stream().filter(r -> r.startsWith(t.model() + "|" + kindAndCause[0] + "|"))
                        .findFirst().orElseThrow(() -> new AssertionError("no " + kindAndCause[0] + " incident on "
                                + t.model() + " in " + rows));
                String[] f = row.split("\\|");
                assertThat(f[2]).as("cause of " + t.kind()).isEqualTo(kindAndCause[1]);
                Instant started = Instant.ofEpochMilli(Long.parseLong(f[3]));
                assertThat(Duration.between(t.start(), started).abs()).as("start of " + t.kind())
                        .isLessThanOrEqualTo(WINDOW);
                assertThat(f[7]).as("timeline of " + t.kind()).isEqualTo("true");
                assertThat(Long.parseLong(f[8])).as("time to detect of " + t.kind())
                        .isBetween(0L, 2 * WINDOW.toMillis());
                assertThat(f[5]).as("remediation of " + t.kind()).isNotEqualTo("-");
            }
            String regression = rows.stream().filter(r -> r.contains("|REGRESSION_AFTER_DEPLOYMENT|")).findFirst().orElseThrow();
            assertThat(regression.split("\\|")[4]).as("the deployment is named").startsWith("dep-intent-classifier-");
            assertThat(regression.split("\\|")[5]).isEqualTo("ROLLBACK");
            assertThat(regression.split("\\|")[6]).as("rolls back to the previous version by name").isEqualTo("1.8.2");
        }
    }

    @Test
    void everyCatalogRowIsAnnotatedAndTheRegressionIsInTheCatalog() throws Exception {
        try (DuckDb db = new DuckDb()) {
            assertThat(db.count("SELECT count(*) FROM " + failures + " WHERE severity IS NULL OR reproducibility IS NULL"
                    + " OR signature IS NULL OR recurrence IS NULL")).isZero();
            assertThat(db.count("SELECT count(*) FROM " + failures + " WHERE remediation_action IS NOT NULL"))
                    .as("rules match catalog rows").isPositive();
            assertThat(db.rows("SELECT DISTINCT failure_mode FROM " + failures + " ORDER BY 1")).contains(
                    "LATENCY_SLO_BREACH", "MISCLASSIFICATION", "UNREGISTERED_VERSION", "FEATURE_DRIFT",
                    "SCHEMA_VIOLATION", "REGRESSION_AFTER_DEPLOYMENT", "OUT_OF_DISTRIBUTION");
            String labeling = DuckDb.table(root, "labeling_stats");
            assertThat(db.count("SELECT count(*) FROM " + labeling + " WHERE labelled > 0")).isPositive();
            assertThat(db.count("SELECT count(*) FROM " + labeling + " WHERE labelled > predictions"
                    + " OR misclassified > labelled")).isZero();
        }
    }
}
