package io.faultline.jobs.cli;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.config.KafkaSettings;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.io.KafkaInputs;
import io.faultline.jobs.io.ReferenceProfiles;
import io.faultline.jobs.pipeline.FaultlinePipeline;
import io.faultline.jobs.pipeline.Sinks;
import io.faultline.jobs.runtime.JobEnvironment;
import io.faultline.jobs.runtime.RunSummary;
import io.faultline.jobs.runtime.Uids;
import java.io.PrintStream;
import java.time.Instant;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** {@code faultline stream}: the pipeline over Kafka topics, checkpointed, with exactly-once Parquet output. */
public final class StreamCommand {
    private StreamCommand() {}

    static Flags flags() {
        return CommonOptions.declare(new Flags("stream",
                "Runs the pipeline continuously over the Kafka topics named in the config (kafka.*), with\n"
                        + "event-time watermarks, checkpoints (checkpoints.*) and exactly-once Parquet output."))
                .declareSwitch("bounded", "stop once the offsets that were latest at start are consumed (catch-up run)");
    }

    static int run(Flags flags, PrintStream out) throws Exception {
        FaultlineConfig config = CommonOptions.load(flags);
        KafkaSettings kafka = config.kafka();
        out.println("faultline stream: " + kafka.bootstrapServers() + " topics " + kafka.predictionsTopic() + ", "
                + kafka.labelsTopic() + ", " + kafka.deploymentsTopic() + " → " + config.outputUri());
        Instant started = Instant.now();
        StreamExecutionEnvironment env = build(config, flags.has("bounded"));
        // Explicitly detached (flink run -d, or the REST API's /jars/<id>/run, which runs main in the
        // JobManager): nobody waits for the result, and a detached execute() has no accumulators to summarise.
        if (!env.getConfiguration().getOptional(DeploymentOptions.ATTACHED).orElse(true)) {
            JobClient client = env.executeAsync("faultline stream");
            out.println("submitted detached as job " + client.getJobID()
                    + ": the run summary is not available (watch the job in the Flink UI)");
            return 0;
        }
        JobExecutionResult result = env.execute("faultline stream");
        if (flags.has("bounded")) {
            RunSummary summary = RunSummary.of("stream", started, result);
            out.print(summary.render());
            out.println("run summary: " + summary.writeTo(config.outputUri()));
        }
        return 0;
    }

    /** The streaming job, ready to execute. Public for tests that run it against a real broker. */
    public static StreamExecutionEnvironment build(FaultlineConfig config, boolean bounded) throws java.io.IOException {
        StreamExecutionEnvironment env = JobEnvironment.create(config, RuntimeExecutionMode.STREAMING);
        KafkaSettings kafka = config.kafka();
        FaultlinePipeline.Inputs inputs = new FaultlinePipeline.Inputs(
                topic(env, config, kafka.predictionsTopic(), SourceKind.PREDICTIONS, Uids.SOURCE_PREDICTIONS, bounded),
                topic(env, config, kafka.labelsTopic(), SourceKind.LABELS, Uids.SOURCE_LABELS, bounded),
                topic(env, config, kafka.deploymentsTopic(), SourceKind.DEPLOYMENTS, Uids.SOURCE_DEPLOYMENTS, bounded));
        Sinks.attachParquet(FaultlinePipeline.build(config, EventTimeRange.ALL, inputs,
                ReferenceProfiles.loadAll(config.referenceProfilesUri())), config.outputUri());
        return env;
    }

    private static DataStream<RawRecord> topic(StreamExecutionEnvironment env, FaultlineConfig config, String topic,
            SourceKind kind, String uid, boolean bounded) {
        String name = kind.tableValue();
        return env.fromSource(KafkaInputs.source(config.kafka(), topic, name, bounded), FaultlinePipeline.watermarks(config, kind),
                        "kafka " + topic, TypeInformation.of(RawRecord.class))
                .uid(uid).name("kafka " + name);
    }
}
