package io.faultline.jobs.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * An embedded Flink cluster started once per JVM, to which every job the JVM builds through
 * {@link StreamExecutionEnvironment#getExecutionEnvironment} is submitted while it is open, as jobs are submitted to
 * a standing cluster in production. What a {@link BenchRun} JVM measures on.
 *
 * <p>Without it every {@code execute} starts a MiniCluster of its own and stops it afterwards. Each start loads
 * Flink's RPC system (Pekko, Scala, Typesafe Config) into a new class loader, so the JIT compilers compile all of
 * that code again in every run, while the job runs. Measured in the fifth run of a JVM: about 2,970 methods
 * compiled (216 by C2), most of them RPC code, and C2 at 10.9 % of a CPU profile; with one cluster, about 870 (94)
 * and 6.8 % (docs/performance.md, sixth round).
 */
final class StandingMiniCluster implements AutoCloseable {
    private static final String EXECUTOR_NAME = "faultline-standing-minicluster";

    private final MiniCluster cluster;

    private StandingMiniCluster(MiniCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts a cluster of one TaskManager with {@code slots} slots on {@code clusterConfig} (the embedded settings
     * of {@link io.faultline.jobs.runtime.JobEnvironment#flinkConfiguration}), and makes it the context of
     * {@link StreamExecutionEnvironment#getExecutionEnvironment} until {@link #close}.
     */
    static StandingMiniCluster start(Configuration clusterConfig, int slots) throws Exception {
        if (slots < 1) {
            throw new IllegalArgumentException("a standing MiniCluster needs at least one slot, got " + slots);
        }
        Configuration conf = new Configuration(clusterConfig);
        if (!conf.contains(RestOptions.BIND_PORT)) {
            conf.set(RestOptions.BIND_PORT, "0");
        }
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build());
        cluster.start();
        StandingMiniCluster standing = new StandingMiniCluster(cluster);
        Context.install(standing.executors());
        return standing;
    }

    /** The ids of every job submitted to this cluster so far, running or ended. */
    List<JobID> jobIds() throws Exception {
        return cluster.listJobs().get().stream().map(JobStatusMessage::getJobId).toList();
    }

    @Override
    public void close() throws Exception {
        Context.reset();
        cluster.close();
    }

    private PipelineExecutorServiceLoader executors() {
        PipelineExecutor executor = this::submit;
        PipelineExecutorFactory factory = new PipelineExecutorFactory() {
            @Override
            public String getName() {
                return EXECUTOR_NAME;
            }

            @Override
            public boolean isCompatibleWith(Configuration configuration) {
                return true;
            }

            @Override
            public PipelineExecutor getExecutor(Configuration configuration) {
                return executor;
            }
        };
        return new PipelineExecutorServiceLoader() {
            @Override
            public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
                return factory;
            }

            @Override
            public Stream<String> getExecutorNames() {
                return Stream.of(EXECUTOR_NAME);
            }
        };
    }

    private CompletableFuture<JobClient> submit(Pipeline pipeline, Configuration configuration, ClassLoader classLoader)
            throws Exception {
        StreamGraph graph = PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
        return cluster.submitJob(graph).thenApply(submitted -> new MiniClusterJobClient(submitted.getJobID(), cluster,
                classLoader, MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }

    /** Reaches the environment's protected context hooks, as Flink's own test environments do. */
    private static final class Context extends StreamExecutionEnvironment {
        static void install(PipelineExecutorServiceLoader executors) {
            initializeContextEnvironment(conf -> {
                Configuration withTarget = new Configuration(conf);
                withTarget.set(DeploymentOptions.TARGET, EXECUTOR_NAME);
                withTarget.set(DeploymentOptions.ATTACHED, true);
                return new StreamExecutionEnvironment(executors, withTarget, Thread.currentThread().getContextClassLoader());
            });
        }

        static void reset() {
            resetContextEnvironment();
        }
    }
}
