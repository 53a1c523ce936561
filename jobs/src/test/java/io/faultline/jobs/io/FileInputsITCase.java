package io.faultline.jobs.io;

import io.faultline.common.model.RawRecord;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads plain and gzipped JSON-lines files through {@link FileInputs#source} in a real job. */
class FileInputsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    @TempDir
    Path dir;

    @Test
    void everyLineOfEveryMatchingFileArrivesOnceWithItsPosition() throws Exception {
        Files.writeString(dir.resolve("preds-a.jsonl"), "{\"a\":1}\n\n{\"a\":3}\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("preds-b.jsonl.gz")))) {
            out.write("{\"b\":1}\r\n{\"b\":2}".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve(".preds-c.jsonl"), "{\"hidden\":1}\n");
        Configuration config = new Configuration();
        config.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        config.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);

        List<String> received = new ArrayList<>();
        try (CloseableIterator<RawRecord> records = env
                .fromSource(FileInputs.source(dir + "/preds-*", "predictions"), WatermarkStrategy.noWatermarks(),
                        "prediction files")
                .uid("prediction-files")
                .executeAndCollect()) {
            records.forEachRemaining(r -> received.add(
                    r.source + " " + r.position.substring(r.position.lastIndexOf('/') + 1) + " " + r.payload));
        }

        assertThat(received).containsExactlyInAnyOrder(
                "predictions preds-a.jsonl:1 {\"a\":1}",
                "predictions preds-a.jsonl:2 ",
                "predictions preds-a.jsonl:3 {\"a\":3}",
                "predictions preds-b.jsonl.gz:1 {\"b\":1}",
                "predictions preds-b.jsonl.gz:2 {\"b\":2}");
    }
}
