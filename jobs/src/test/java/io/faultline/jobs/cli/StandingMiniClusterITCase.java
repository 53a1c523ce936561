package io.faultline.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The cluster a bench JVM submits all its runs to ({@link StandingMiniCluster}). */
class StandingMiniClusterITCase {

    @Test
    void everyJobBuiltWhileItIsOpenRunsOnTheOneClusterAndClosingItRestoresTheDefault() throws Exception {
        List<JobID> submitted = new ArrayList<>();
        try (StandingMiniCluster cluster = StandingMiniCluster.start(new Configuration(), 1)) {
            for (int run = 1; run <= 2; run++) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
                env.setParallelism(1);
                try (CloseableIterator<Integer> out = env.fromData(1, 2, 3).map(x -> x * 10).returns(Integer.class)
                        .uid("collected").name("collected").executeAndCollect("run " + run)) {
                    List<Integer> values = new ArrayList<>();
                    out.forEachRemaining(values::add);
                    assertThat(values).containsExactly(10, 20, 30);
                }
                StreamExecutionEnvironment asyncEnv = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
                asyncEnv.fromData(7).uid("one").name("one").sinkTo(new DiscardingSink<>()).uid("discard").name("discard");
                JobClient client = asyncEnv.executeAsync("async run " + run);
                assertThat(client.getJobExecutionResult().get().getNetRuntime()).isNotNegative();
                submitted.add(client.getJobID());
            }
            // Both runs' jobs (and their collecting jobs) are known to the same cluster.
            assertThat(cluster.jobIds()).containsAll(submitted).hasSize(4);
        }
        // Closed: environments are local again, each job on a cluster of its own (the closed one would refuse it).
        StreamExecutionEnvironment local = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        local.setParallelism(1);
        local.fromData(4).uid("after").name("after").sinkTo(new DiscardingSink<>()).uid("discard-after").name("discard after");
        assertThat(local.executeAsync("after close").getJobExecutionResult().get().getNetRuntime()).isNotNegative();
    }

    @Test
    void aClusterWithoutSlotsIsRefused() {
        assertThatThrownBy(() -> StandingMiniCluster.start(new Configuration(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one slot, got 0");
    }
}
