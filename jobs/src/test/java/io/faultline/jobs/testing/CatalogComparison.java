package io.faultline.jobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.demo.DemoTraffic;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.pipeline.FileRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * The exact accounting of the failure tests: the catalog a disturbed run left behind against the catalog of the
 * same records without faults (an in-process BATCH backfill), read back with DuckDB as an analyst would.
 * Catalog rows carry no wall-clock values, so equal inputs give equal rows.
 */
public final class CatalogComparison {
    private static final List<String> TABLES = List.of("failures", "window_stats");

    private CatalogComparison() {}

    /**
     * The fault-free reference: {@code backfill} of the files a {@link DemoTraffic} wrote to {@code input}, on the
     * MiniCluster of the calling test (register a {@code MiniClusterExtension}), at parallelism 2, into {@code out}.
     */
    public static Path backfill(Path input, Path out) throws Exception {
        FaultlineConfig config = FaultlineConfig.defaults().withOverrides(Map.of(
                "output.uri", out.toString(), "parallelism", "2"));
        FileRun.execute("backfill", config, new FileRun.Files(
                input.resolve(DemoTraffic.PREDICTIONS_FILE).toString(), input.resolve(DemoTraffic.LABELS_FILE).toString(),
                input.resolve(DemoTraffic.DEPLOYMENTS_FILE).toString()), EventTimeRange.ALL, RuntimeExecutionMode.BATCH,
                null);
        return out;
    }

    /**
     * What a reader sees of the catalog under {@code s3://<bucket>/<prefix>}: the committed Parquet objects of
     * {@code failures/} and {@code window_stats/} (in-progress and temporary objects are hidden), downloaded to
     * {@code target} with their partition layout. A stream writes in place: nothing may be under {@code _staging}.
     */
    public static Path committedCatalog(TestingObjectStore s3, String prefix, Path target) throws Exception {
        for (String table : TABLES) {
            s3.downloadCommitted(prefix + "/" + table, target.resolve(table));
        }
        assertThat(s3.list(prefix + "/_staging")).as("a stream writes in place, not via staging").isEmpty();
        return target;
    }

    /**
     * {@code actual} holds exactly the failures and window statistics of {@code expected}, no {@code failure_id}
     * twice (a replay after a restart must not duplicate), and neither is empty. {@code late_count} is left out:
     * it depends on arrival timing (docs/schema.md), the one column that may differ between runs.
     */
    public static void assertSameCatalog(Path expected, Path actual) throws Exception {
        try (DuckDb db = new DuckDb()) {
            String failures = DuckDb.table(actual, "failures");
            long rows = db.count("SELECT count(*) FROM " + failures);
            assertThat(rows).as("failures under %s", actual).isPositive();
            assertThat(db.count("SELECT count(DISTINCT failure_id) FROM " + failures))
                    .as("distinct failure_id under %s (a replay must not duplicate)", actual).isEqualTo(rows);
            db.assertSameRows(expected, actual, "failures", "failure_id");
            db.assertSameRows(expected, actual, "window_stats", "model, model_version, window_start, column_name",
                    "late_count");
        }
    }
}
