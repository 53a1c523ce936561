package io.faultline.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.RawRecord;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.pipeline.FaultlinePipeline;
import io.faultline.jobs.pipeline.Sinks;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The production topology, built with automatic uids disabled: building it at all proves every operator
 * has an explicit uid. Also checks that no edge of the graph falls back to Kryo.
 */
class TopologyTest {

    private static StreamGraph productionGraph(String stateBackend) throws Exception {
        FaultlineConfig config = FaultlineConfig.defaults().withOverrides(java.util.Map.of("checkpoints.state-backend", stateBackend));
        Configuration conf = JobEnvironment.flinkConfiguration(config, RuntimeExecutionMode.STREAMING);
        conf.setString("pipeline.auto-generate-uids", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        TypeInformation<RawRecord> raw = TypeInformation.of(RawRecord.class);
        FaultlinePipeline.Inputs inputs = new FaultlinePipeline.Inputs(
                env.fromData(List.of(new RawRecord("predictions", "x:1", 0L, "{}")), raw).uid(Uids.SOURCE_PREDICTIONS),
                env.fromData(List.of(new RawRecord("labels", "x:1", 0L, "{}")), raw).uid(Uids.SOURCE_LABELS),
                env.fromData(List.of(new RawRecord("deployments", "x:1", 0L, "{}")), raw).uid(Uids.SOURCE_DEPLOYMENTS));
        Sinks.attachParquet(FaultlinePipeline.build(config, EventTimeRange.ALL, inputs), "/tmp/faultline-topology-test");
        return env.getStreamGraph();
    }

    /** The prediction join is the keyed-state function on rocksdb and the heap operator on hashmap; nothing else differs. */
    @ParameterizedTest
    @CsvSource({"rocksdb, prediction-join", "hashmap, prediction-join-heap"})
    void everyOperatorHasAnExplicitUid(String stateBackend, String joinUid) throws Exception {
        StreamGraph graph = productionGraph(stateBackend);
        Set<String> uids = graph.getStreamNodes().stream().map(StreamNode::getTransformationUID)
                .filter(u -> u != null).collect(Collectors.toSet());
        assertThat(uids).contains(Uids.DECODE_PREDICTIONS, joinUid, Uids.CLASSIFY_FAILURES, Uids.LABEL_LATENESS)
                .doesNotContain(joinUid.equals(Uids.PREDICTION_JOIN) ? Uids.PREDICTION_JOIN_HEAP : Uids.PREDICTION_JOIN);
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getOperatorName()).as("operator name of " + node.getTransformationUID()).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "hashmap"})
    void noEdgeOrStateFallsBackToKryo(String stateBackend) throws Exception {
        for (StreamNode node : productionGraph(stateBackend).getStreamNodes()) {
            TypeSerializer<?> out = node.getTypeSerializerOut();
            if (out != null) {
                assertThat(out).as("output serializer of " + node.getOperatorName()).isNotInstanceOf(KryoSerializer.class);
                assertThat(out.getClass().getName()).doesNotContain("Kryo");
            }
        }
    }

    /**
     * Catalog rows go everywhere with {@link FailureRecordSerializer}: out of every operator that makes them,
     * through every side output that carries them, and into the recurrence ranking.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rocksdb", "hashmap"})
    void catalogRowsTravelWithTheirOwnSerializer(String stateBackend) throws Exception {
        StreamGraph graph = productionGraph(stateBackend);
        Set<String> producers = new java.util.TreeSet<>();
        Set<String> sideOutputs = new java.util.TreeSet<>();
        StreamNode recurrence = null;
        for (StreamNode node : graph.getStreamNodes()) {
            TypeSerializer<?> out = node.getTypeSerializerOut();
            if (out != null && out.createInstance() instanceof FailureRecord) {
                assertThat(out).as("output serializer of " + node.getOperatorName())
                        .isInstanceOf(FailureRecordSerializer.class);
                producers.add(node.getTransformationUID());
            }
            for (StreamEdge edge : node.getOutEdges()) {
                if (edge.getOutputTag() != null && edge.getOutputTag().getTypeInfo().getTypeClass() == FailureRecord.class) {
                    assertThat(edge.getOutputTag().getTypeInfo()).as("side output " + edge.getOutputTag().getId())
                            .isInstanceOf(FailureRecordTypeInfo.class);
                    sideOutputs.add(edge.getOutputTag().getId());
                }
            }
            if (Uids.RECURRENCE.equals(node.getTransformationUID())) {
                recurrence = node;
            }
        }
        assertThat(producers).contains(Uids.CLASSIFY_FAILURES, Uids.SCHEMA_VIOLATIONS, Uids.RECURRENCE);
        assertThat(sideOutputs).containsExactly("drift-failures", "misclassifications", "regressions");
        assertThat(recurrence).isNotNull();
        assertThat(recurrence.getTypeSerializersIn()).isNotEmpty()
                .allSatisfy(in -> assertThat(in).isInstanceOf(FailureRecordSerializer.class));
    }
}
