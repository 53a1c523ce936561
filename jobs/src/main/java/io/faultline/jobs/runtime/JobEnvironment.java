package io.faultline.jobs.runtime;

import io.faultline.common.config.CheckpointSettings;
import io.faultline.common.config.FaultlineConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns a {@link FaultlineConfig} into a Flink execution environment. Settings the job config owns
 * (runtime mode, parallelism, max parallelism, checkpointing, state backend) are applied here; anything
 * else (restart strategy, memory, metrics reporters) stays in the cluster's Flink config, where platform
 * teams expect it.
 */
public final class JobEnvironment {
    /**
     * The network buffer size of embedded streaming runs at parallelism 1 and 2, instead of Flink's 32 KB.
     *
     * <p>Flink 2.x fixes the number of buffers per channel (2 exclusive and 8 floating, at most 10 queued per
     * subpartition; the 1.x options that set them are gone), so the bytes in flight between two tasks are those
     * 10 buffers. At 32 KB that is about a thousand predictions, a few milliseconds of the source's output. Each
     * watermark releases a burst of label verdicts in the prediction join, and while the join works through it
     * the source stops for want of a buffer and a core idles. With 1 MB buffers the source reads on through the
     * burst; {@code docs/performance.md} ("Seventh round") has the measurements. The 256 MB of network memory then
     * hold 256 buffers, enough for the topology at parallelism 1 and 2 but not at 4, so higher parallelism keeps
     * Flink's default; so does batch mode, whose sorters page managed memory in segments of this size.
     */
    static final MemorySize LARGE_SEGMENT_SIZE = MemorySize.ofMebiBytes(1);

    private JobEnvironment() {}

    public static Configuration flinkConfiguration(FaultlineConfig config, RuntimeExecutionMode mode) {
        Configuration conf = new Configuration();
        conf.setString("execution.runtime-mode", mode.name());
        // Every type on the wire or in state is a proven POJO: any Kryo fallback is a bug, so fail loudly.
        conf.setString("pipeline.generic-types", "false");
        // Chained operators hand records on by reference instead of deep-copying each one. Safe because no
        // operator mutates or keeps a record it received from a chained predecessor: the join keeps only
        // records it deserialized from the shuffle, and later changes to them happen after emission.
        conf.setString("pipeline.object-reuse", "true");
        // Embedded runs (demo, bench, laptop backfills) get network buffers for every shuffle of the topology;
        // the embedded default of 64 MB is short of it at parallelism 2. Ignored when submitting to a cluster,
        // whose TaskManagers have their own memory configuration.
        conf.setString("taskmanager.memory.network.min", "256mb");
        conf.setString("taskmanager.memory.network.max", "256mb");
        if (mode == RuntimeExecutionMode.STREAMING && (config.parallelism() == 1 || config.parallelism() == 2)) {
            conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, LARGE_SEGMENT_SIZE);
        }
        conf.setString("pipeline.max-parallelism", Integer.toString(config.maxParallelism()));
        if (config.parallelism() > 0) {
            conf.setString("parallelism.default", Integer.toString(config.parallelism()));
        }
        if (mode == RuntimeExecutionMode.STREAMING) {
            CheckpointSettings cp = config.checkpoints();
            conf.setString("execution.checkpointing.interval", cp.interval().toMillis() + " ms");
            conf.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
            conf.setString("execution.checkpointing.dir", cp.dir());
            conf.setString("execution.checkpointing.incremental", Boolean.toString(cp.incremental()));
            conf.setString("state.backend.type", cp.stateBackend());
            // Finish the last checkpoint when bounded inputs end, so the final Parquet files are committed.
            conf.setString("execution.checkpointing.checkpoints-after-tasks-finish", "true");
        }
        return conf;
    }

    /** The environment of the current context: the cluster's under `flink run`, else an embedded MiniCluster. */
    public static StreamExecutionEnvironment create(FaultlineConfig config, RuntimeExecutionMode mode) {
        Configuration conf = flinkConfiguration(config, mode);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        return env;
    }
}
