package io.faultline.jobs.pipeline;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.io.FileInputs;
import io.faultline.jobs.io.ParquetSinks;
import io.faultline.jobs.io.PartitionPublisher;
import io.faultline.jobs.io.StoragePaths;
import io.faultline.jobs.io.ReferenceProfiles;
import io.faultline.jobs.runtime.JobEnvironment;
import io.faultline.jobs.runtime.RunSummary;
import io.faultline.jobs.runtime.Uids;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One run of the pipeline over JSON-lines files, writing the Parquet tables: what {@code backfill} and
 * {@code demo} execute. BATCH is the normal mode (it finalises every file at the end and reads the
 * deployment registry first); STREAMING over the same files exists to prove the two modes agree.
 */
public final class FileRun {
    /** Path specs (a file, a directory or a glob); labels and deployments may be null. */
    public record Files(String predictions, String labels, String deployments) {}

    private FileRun() {}

    /**
     * Builds and executes the job, blocking until it ends.
     *
     * @param onStart called with the running job's client (e.g. to show progress); may be null
     * @return the run's summary, or null when the job was submitted detached (e.g. through the REST API's
     *     {@code /jars/<id>/run}, which runs {@code main} inside the JobManager and cannot wait for results)
     */
    public static RunSummary execute(String command, FaultlineConfig config, Files files, EventTimeRange range,
            RuntimeExecutionMode mode, Consumer<JobClient> onStart) throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(config, mode);
        // Explicitly detached (flink run -d, or the REST API's /jars/<id>/run): nobody waits for the result.
        boolean detached = !env.getConfiguration().getOptional(DeploymentOptions.ATTACHED).orElse(true);
        // A backfill that is waited for writes to a hidden staging root and publishes its days at the end,
        // so re-runs replace rather than duplicate, and a failed run leaves the previous output untouched.
        boolean staged = mode == RuntimeExecutionMode.BATCH && !detached;
        Path root = StoragePaths.location(config.outputUri());
        Path staging = new Path(new Path(root, "_staging"), command + "-" + UUID.randomUUID());
        String writeRoot = staged ? staging.toString() : config.outputUri();
        Sinks.attachParquet(FaultlinePipeline.build(config, range, inputs(env, config, files),
                ReferenceProfiles.loadAll(config.referenceProfilesUri())), writeRoot);
        Instant started = Instant.now();
        JobClient client = env.executeAsync("faultline " + command);
        if (detached) {
            return null;
        }
        if (onStart != null) {
            onStart.accept(client);
        }
        JobExecutionResult result = client.getJobExecutionResult().get();
        if (staged) {
            PartitionPublisher.publish(staging, root,
                    List.of(ParquetSinks.FAILURES_TABLE, ParquetSinks.WINDOW_STATS_TABLE, ParquetSinks.LABELING_STATS_TABLE,
                            ParquetSinks.INCIDENTS_TABLE),
                    List.of(ParquetSinks.DEAD_LETTER_TABLE, ParquetSinks.LATE_EVENTS_TABLE), range.days());
        }
        return RunSummary.of(command, started, result);
    }

    /** The three file inputs with the pipeline's watermarks, as {@link #execute} reads them. */
    public static FaultlinePipeline.Inputs inputs(StreamExecutionEnvironment env, FaultlineConfig config, Files files)
            throws java.io.IOException {
        return new FaultlinePipeline.Inputs(input(env, config, files.predictions(), SourceKind.PREDICTIONS),
                input(env, config, files.labels(), SourceKind.LABELS),
                input(env, config, files.deployments(), SourceKind.DEPLOYMENTS));
    }

    /**
     * One file input of {@code kind} with the pipeline's watermarks ({@link FaultlinePipeline#watermarks}) and its
     * source uid; an empty stream when {@code pathSpec} is null.
     */
    public static DataStream<RawRecord> input(StreamExecutionEnvironment env, FaultlineConfig config, String pathSpec,
            SourceKind kind) throws java.io.IOException {
        String uid = switch (kind) {
            case PREDICTIONS -> Uids.SOURCE_PREDICTIONS;
            case LABELS -> Uids.SOURCE_LABELS;
            case DEPLOYMENTS -> Uids.SOURCE_DEPLOYMENTS;
        };
        String name = kind.tableValue();
        if (pathSpec == null) {
            // An input that was not given is an empty stream. (Flink's collection source rejects an empty
            // collection at run time, so one placeholder record is dropped right away.)
            return env.fromData(List.of(new RawRecord(name, "none", 0L, "")), TypeInformation.of(RawRecord.class))
                    .uid(uid).name(name + " (none)")
                    .filter(record -> false)
                    .uid(uid + "-none").name(name + " (none)");
        }
        return env.fromSource(FileInputs.source(pathSpec, name), FaultlinePipeline.watermarks(config, kind), name + " files",
                        TypeInformation.of(RawRecord.class))
                .uid(uid).name(name + " files");
    }
}
