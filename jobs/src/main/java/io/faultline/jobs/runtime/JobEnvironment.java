package io.faultline.jobs.runtime;

import io.faultline.common.config.CheckpointSettings;
import io.faultline.common.config.FaultlineConfig;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns a {@link FaultlineConfig} into a Flink execution environment. Settings the job config owns
 * (runtime mode, parallelism, max parallelism, checkpointing, state backend) are applied here; anything
 * else (restart strategy, memory, metrics reporters) stays in the cluster's Flink config, where platform
 * teams expect it.
 */
public final class JobEnvironment {
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
