package io.faultline.jobs.io;

import io.faultline.common.model.RawRecord;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLinesFormatTest {

    private static final String CONTENT = "{\"a\":1}\n\n  \r\n{\"b\":\"x\\ry\"}\r\n{\"c\":3}";

    @TempDir
    java.nio.file.Path dir;

    @Test
    void readsEveryLineOfAPlainFileWithItsPosition() throws IOException {
        FileSourceSplit split = split(write("preds.jsonl", CONTENT));

        List<RawRecord> records = readAll(new JsonLinesFormat("predictions").createReader(new Configuration(), split));

        assertThat(records).extracting(r -> r.payload)
                .containsExactly("{\"a\":1}", "", "  ", "{\"b\":\"x\\ry\"}", "{\"c\":3}");
        assertThat(records).extracting(r -> r.position)
                .containsExactly(positions(split, 1, 5).toArray(String[]::new));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.source).isEqualTo("predictions");
            assertThat(r.ingestedAt).isPositive();
        });
    }

    @Test
    void gunzipsFilesEndingInGz() throws IOException {
        FileSourceSplit split = split(writeGzip("preds.jsonl.gz", CONTENT));

        List<RawRecord> records = readAll(new JsonLinesFormat("labels").createReader(new Configuration(), split));

        assertThat(records).extracting(r -> r.payload)
                .containsExactly("{\"a\":1}", "", "  ", "{\"b\":\"x\\ry\"}", "{\"c\":3}");
        assertThat(records.get(4).position).isEqualTo(split.path() + ":5");
    }

    @Test
    void keepsALoneCarriageReturnInsideALineAndDropsTheByteOrderMark() throws IOException {
        FileSourceSplit split = split(write("odd.jsonl", "\uFEFFfirst\rstill first\nsecond\n"));

        List<RawRecord> records = readAll(new JsonLinesFormat("labels").createReader(new Configuration(), split));

        assertThat(records).extracting(r -> r.payload).containsExactly("first\rstill first", "second");
    }

    @Test
    void emptyFileHasNoRecordsAndFinalNewlineAddsNoBlankLine() throws IOException {
        JsonLinesFormat format = new JsonLinesFormat("labels");

        assertThat(readAll(format.createReader(new Configuration(), split(write("empty.jsonl", "")))))
                .isEmpty();
        assertThat(readAll(format.createReader(new Configuration(), split(write("one.jsonl", "x\n")))))
                .extracting(r -> r.payload).containsExactly("x");
    }

    @Test
    void linesLongerThanTheReadBufferArriveWhole() throws IOException {
        String longLine = "y".repeat(50_000);
        FileSourceSplit split = split(write("long.jsonl", "x\n" + longLine + "\r\nz"));

        List<RawRecord> records = readAll(new JsonLinesFormat("labels").createReader(new Configuration(), split));

        assertThat(records).extracting(r -> r.payload).containsExactly("x", longLine, "z");
    }

    @Test
    void positionAfterEachRecordCountsTheLinesEmittedAcrossBatches() throws IOException {
        int lineCount = 2 * JsonLinesFormat.MAX_BATCH_RECORDS + 7;
        FileSourceSplit split = split(writeGzip("many.jsonl.gz", numberedLines(lineCount)));

        List<Long> skipCounts = new ArrayList<>();
        try (BulkFormat.Reader<RawRecord> reader = new JsonLinesFormat("predictions").createReader(new Configuration(), split)) {
            BulkFormat.RecordIterator<RawRecord> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<RawRecord> next;
                while ((next = batch.next()) != null) {
                    assertThat(next.getOffset()).isEqualTo(CheckpointedPosition.NO_OFFSET);
                    assertThat(next.getRecord().position).isEqualTo(split.path() + ":" + next.getRecordSkipCount());
                    skipCounts.add(next.getRecordSkipCount());
                }
                batch.releaseBatch();
            }
        }

        assertThat(skipCounts).containsExactlyElementsOf(
                IntStream.rangeClosed(1, lineCount).mapToObj(i -> (long) i).collect(Collectors.toList()));
    }

    @Test
    void restoredReaderResumesRightAfterTheLastEmittedRecord() throws IOException {
        int lineCount = 2 * JsonLinesFormat.MAX_BATCH_RECORDS + 7;
        JsonLinesFormat format = new JsonLinesFormat("predictions");
        FileSourceSplit split = split(writeGzip("many.jsonl.gz", numberedLines(lineCount)));
        int emittedBeforeCheckpoint = JsonLinesFormat.MAX_BATCH_RECORDS + 100;

        List<String> beforeCheckpoint = new ArrayList<>();
        CheckpointedPosition checkpoint;
        try (BulkFormat.Reader<RawRecord> reader = format.createReader(new Configuration(), split)) {
            checkpoint = readUntil(reader, emittedBeforeCheckpoint, beforeCheckpoint);
        }
        List<RawRecord> afterRestore = readAll(
                format.restoreReader(new Configuration(), split.updateWithCheckpointedPosition(checkpoint)));

        List<String> all = new ArrayList<>(beforeCheckpoint);
        afterRestore.forEach(r -> all.add(r.payload));
        assertThat(all).containsExactlyElementsOf(numberedPayloads(lineCount));
        assertThat(afterRestore.get(0).position).isEqualTo(split.path() + ":" + (emittedBeforeCheckpoint + 1));
        assertThat(afterRestore.get(afterRestore.size() - 1).position).isEqualTo(split.path() + ":" + lineCount);
    }

    @Test
    void restoringWithoutAPositionStartsAtTheFirstLine() throws IOException {
        FileSourceSplit split = split(write("preds.jsonl", CONTENT));

        List<RawRecord> records = readAll(new JsonLinesFormat("predictions").restoreReader(new Configuration(), split));

        assertThat(records).hasSize(5);
        assertThat(records.get(0).position).isEqualTo(split.path() + ":1");
    }

    @Test
    void restoringFromAByteOffsetIsRefused() throws IOException {
        FileSourceSplit split = split(write("preds.jsonl", CONTENT))
                .updateWithCheckpointedPosition(new CheckpointedPosition(12, 0));

        assertThatThrownBy(() -> new JsonLinesFormat("predictions").restoreReader(new Configuration(), split))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line counts only");
    }

    @Test
    void isNotSplittableAndProducesAPojo() {
        JsonLinesFormat format = new JsonLinesFormat("deployments");

        assertThat(format.isSplittable()).isFalse();
        assertThat(format.getProducedType()).isInstanceOf(PojoTypeInfo.class);
    }

    private static CheckpointedPosition readUntil(
            BulkFormat.Reader<RawRecord> reader, int records, List<String> payloads) throws IOException {
        BulkFormat.RecordIterator<RawRecord> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<RawRecord> next;
            while ((next = batch.next()) != null) {
                payloads.add(next.getRecord().payload);
                if (payloads.size() == records) {
                    return new CheckpointedPosition(next.getOffset(), next.getRecordSkipCount());
                }
            }
            batch.releaseBatch();
        }
        throw new AssertionError("File ended after " + payloads.size() + " records");
    }

    private static List<RawRecord> readAll(BulkFormat.Reader<RawRecord> reader) throws IOException {
        List<RawRecord> records = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<RawRecord> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<RawRecord> next;
                while ((next = batch.next()) != null) {
                    records.add(next.getRecord());
                }
                batch.releaseBatch();
            }
        }
        return records;
    }

    private static List<String> positions(FileSourceSplit split, int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(i -> split.path() + ":" + i).collect(Collectors.toList());
    }

    private static List<String> numberedPayloads(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "{\"line\":" + i + "}").collect(Collectors.toList());
    }

    private static String numberedLines(int count) {
        return String.join("\n", numberedPayloads(count)) + "\n";
    }

    private java.nio.file.Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private java.nio.file.Path writeGzip(String name, String content) throws IOException {
        java.nio.file.Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static FileSourceSplit split(java.nio.file.Path file) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit("0", new Path(file.toUri()), 0, size, Files.getLastModifiedTime(file).toMillis(), size);
    }
}
