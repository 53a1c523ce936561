package io.faultline.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.jobs.testing.DuckDb;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FailureRowWriteSupport} writes the files parquet-avro wrote through {@link FailureRecordConverter}
 * (kept in the tests as the reference): the same schema and footer metadata, the same pages byte for byte, the
 * same rows read back by DuckDB.
 */
class FailureRowWriteSupportTest {
    /** 2026-10-01T00:00:00Z */
    private static final long T0 = 1_790_812_800_000L;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------------------- rows

    static Deployment deployment(String id, boolean flags) {
        Deployment d = new Deployment();
        d.model = "fraud";
        d.modelVersion = "v7";
        d.deployedAt = T0 - 3_600_000L;
        d.deploymentId = id;
        d.environment = "prod";
        d.checkpointUri = "s3://models/fraud/v7/checkpoint-with-a-long-name-" + id;
        d.trainingDataVersion = "2026-09-30";
        d.codeVersion = "abc1234";
        d.preprocessingVersion = "pp-3";
        if (flags) {
            d.featureFlagKeys = new String[] {"shadow", "threshold"};
            d.featureFlagValues = new String[] {"true", "0.5"};
        }
        return d;
    }

    /** Every column set, with text that exercises UTF-8: non-ASCII, a supplementary character, an unpaired surrogate. */
    static FailureRecord fullRow() {
        Prediction p = new Prediction();
        p.eventId = "evt-0001";
        p.eventTime = T0 + 123;
        p.model = "fraud";
        p.modelVersion = "v7";
        p.numericFeatureNames = new String[] {"age", "amount"};
        p.numericFeatureValues = new double[] {-3.0, Double.NaN};
        p.categoricalFeatureNames = new String[] {"country", "device"};
        p.categoricalFeatureValues = new String[] {"DE", "Straße ☃ 𝄞"};
        p.missingFeatures = new String[] {"income", "zip"};
        p.prediction = "fraud";
        p.confidence = 0.875;
        p.scoreClasses = new String[] {"fraud", "legit"};
        p.scoreValues = new double[] {0.875, 0.125};
        p.latencyMs = 312.5;
        p.segment = "";
        p.attributeKeys = new String[] {"user"};
        p.attributeValues = new String[] {"never written"};
        p.schemaVersion = 2;
        p.lineageStatus = "RESOLVED";
        p.deployment = deployment("dep-42", true);
        FailureRecord f = new FailureRecord();
        f.failureId = "f-0001";
        f.failureMode = "MISCLASSIFICATION";
        f.category = "MODEL";
        f.severity = "HIGH";
        f.evidence = "predicted fraud, labelled legit; an unpaired \ud800 surrogate is written as ?";
        f.detectedAt = T0 + 7_200_000L;
        f.event = p;
        f.label = "legit";
        f.labelSource = "human";
        f.labelDelayMs = 7_200_000L;
        f.columnName = "features.country";
        f.windowStart = T0;
        f.windowEnd = T0 + 3_600_000L;
        f.score = 1.5;
        f.offendingKeys = new String[] {"features.age", "features.amount"};
        f.reproducibility = 0.65;
        f.signature = "0123456789abcdef";
        f.recurrence = 3L;
        f.remediationAction = "RELABEL";
        f.remediationTarget = "evt-0001";
        f.hypothesis = "the label is wrong";
        f.validationPlan = "review evt-0001";
        f.acceptanceCriterion = "evt-0001 has a second review";
        return f;
    }

    /** Required columns only: every nullable field null, every array absent. */
    static FailureRecord minimalRow() {
        Prediction p = new Prediction();
        p.eventId = "evt-0002";
        p.model = "churn";
        p.modelVersion = "1";
        FailureRecord f = new FailureRecord();
        f.failureId = "f-0002";
        f.failureMode = "LOW_CONFIDENCE";
        f.category = "MODEL";
        f.severity = "LOW";
        f.evidence = "confidence 0.51 < 0.6";
        f.event = p;
        return f;
    }

    /**
     * A stream like the pipeline's: predictions of a few models sharing name arrays and short values by instance
     * (as deserialized rows do), texts that repeat as equal but distinct strings, unique ids and texts (enough of
     * them for Parquet's dictionaries to fall back to plain encoding), lineage resolved or not, drift rows, NaN
     * scores, empty and absent arrays.
     */
    static List<FailureRecord> stream(int rows) {
        Random random = new Random(42);
        String[][] numericNames = {{"age", "amount", "balance"}, {"tenure"}, {}};
        String[][] categoricalNames = {{"country", "device"}, {"plan"}, {}};
        String[] countries = {"DE", "FR", "BR", "日本"};
        String[] modes = {"LOW_CONFIDENCE", "LATENCY_SLO_BREACH", "UNSEEN_CATEGORY", "MISCLASSIFICATION"};
        Deployment[] deployments = {deployment("dep-1", true), deployment("dep-2", false), null};
        List<FailureRecord> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int model = random.nextInt(3);
            Prediction p = new Prediction();
            p.eventId = "evt-" + i;
            p.eventTime = T0 + i * 1_000L;
            p.model = new String[] {"fraud", "churn", "intent"}[model];
            p.modelVersion = "v" + model;
            p.numericFeatureNames = numericNames[model];
            p.numericFeatureValues = random.doubles(numericNames[model].length, -1e6, 1e6).toArray();
            if (model == 2 && random.nextBoolean()) {
                p.numericFeatureNames = null;
                p.numericFeatureValues = null;
            }
            p.categoricalFeatureNames = categoricalNames[model];
            p.categoricalFeatureValues = new String[categoricalNames[model].length];
            for (int c = 0; c < p.categoricalFeatureValues.length; c++) {
                // Mostly shared instances, sometimes an equal copy.
                String v = countries[random.nextInt(countries.length)];
                p.categoricalFeatureValues[c] = random.nextInt(4) == 0 ? new String(v) : v;
            }
            p.missingFeatures = random.nextInt(5) == 0 ? new String[] {"income"} : new String[0];
            p.prediction = random.nextInt(10) == 0 ? null : random.nextBoolean() ? "fraud" : "legit";
            p.confidence = random.nextInt(8) == 0 ? null : random.nextDouble();
            p.latencyMs = random.nextInt(8) == 0 ? null : random.nextDouble() * 500;
            p.segment = random.nextInt(6) == 0 ? null : "segment-" + random.nextInt(3);
            p.schemaVersion = 1 + random.nextInt(2);
            Deployment d = deployments[random.nextInt(deployments.length)];
            p.lineageStatus = d == null ? (random.nextBoolean() ? "PENDING" : "UNREGISTERED") : "RESOLVED";
            p.deployment = d;
            FailureRecord f = new FailureRecord();
            f.failureId = Long.toHexString(random.nextLong()) + "-" + i;
            f.failureMode = modes[random.nextInt(modes.length)];
            f.category = f.failureMode.equals("UNSEEN_CATEGORY") ? "DATA" : "MODEL";
            f.severity = random.nextBoolean() ? "LOW" : "HIGH";
            f.evidence = "score " + random.nextInt(20) + " > threshold";
            f.detectedAt = p.eventTime + random.nextInt(10_000);
            f.event = p;
            if (random.nextInt(3) == 0) {
                f.label = "legit";
                f.labelSource = random.nextBoolean() ? "human" : "outcome";
                f.labelDelayMs = (long) random.nextInt(1_000_000);
            }
            if (random.nextInt(20) == 0) {
                f.columnName = "features.amount";
                f.windowStart = T0;
                f.windowEnd = T0 + 3_600_000L;
            }
            f.score = random.nextInt(5) == 0 ? null : random.nextInt(5) == 0 ? Double.NaN : random.nextDouble();
            f.offendingKeys = random.nextInt(3) == 0 ? null : new String[] {"features.country"};
            f.reproducibility = random.nextBoolean() ? null : random.nextDouble();
            f.signature = Integer.toHexString(random.nextInt(64));
            f.recurrence = random.nextInt(10) == 0 ? null : (long) (1 + random.nextInt(100));
            if (random.nextBoolean()) {
                f.remediationAction = "RELABEL";
                f.remediationTarget = p.model;
                f.hypothesis = p.eventId + " is unlike " + p.model + "'s training data, by a long explanation: " + i;
                f.validationPlan = "Label the rows of " + p.model + " and add them to the next training set.";
                f.acceptanceCriterion = "No " + f.failureMode + " row for " + p.model + " after the fix.";
            }
            out.add(f);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void writesTheFilesTheAvroPathWrote() throws Exception {
        List<FailureRecord> rows = new ArrayList<>(List.of(fullRow(), minimalRow()));
        rows.addAll(stream(10_000));
        Path avro = write("avro.parquet", avroWriters(), rows);
        Path direct = write("direct.parquet", directWriters(), rows);

        assertSameFile(avro, direct);
        try (DuckDb duckDb = new DuckDb()) {
            List<String> expected = duckDb.rows("SELECT * FROM read_parquet('" + avro + "')");
            assertThat(expected).hasSize(rows.size());
            assertThat(duckDb.rows("SELECT * FROM read_parquet('" + direct + "')")).containsExactlyElementsOf(expected);
        }
    }

    /**
     * The stream exercises both ways Parquet encodes a column chunk: dictionary pages for repeating values, plain
     * ones where a dictionary does not pay (ids; it falls back), so the comparison above covers both.
     */
    @Test
    void theStreamHasDictionaryAndPlainEncodedColumns() throws Exception {
        Path direct = write("direct.parquet", directWriters(), stream(10_000));
        Map<String, java.util.Set<Encoding>> encodings = new java.util.TreeMap<>();
        for (ColumnChunkMetaData column : footer(direct).getBlocks().get(0).getColumns()) {
            encodings.put(column.getPath().toDotString(), column.getEncodings());
        }
        assertThat(encodings.get("failure_id")).contains(Encoding.PLAIN).doesNotContain(Encoding.PLAIN_DICTIONARY);
        assertThat(encodings.get("model")).contains(Encoding.PLAIN_DICTIONARY);
        assertThat(encodings.get("categorical_features.key_value.value")).contains(Encoding.PLAIN_DICTIONARY);
    }

    @Test
    void theParquetSchemaIsTheOneDerivedFromTheAvroSchema() {
        assertThat(FailureRowWriteSupport.SCHEMA.getFieldCount()).isEqualTo(FailureAvroSchema.SCHEMA.getFields().size());
        assertThat(FailureRowWriteSupport.SCHEMA.getFields()).extracting(t -> t.getName())
                .containsExactlyElementsOf(FailureAvroSchema.SCHEMA.getFields().stream().map(f -> f.name()).toList());
    }

    @Test
    void theFooterCarriesTheAvroSchemaForAvroReaders() throws Exception {
        Path direct = write("direct.parquet", directWriters(), List.of(minimalRow()));
        Map<String, String> metadata = footer(direct).getFileMetaData().getKeyValueMetaData();
        assertThat(metadata).containsEntry("parquet.avro.schema", FailureAvroSchema.SCHEMA.toString())
                .containsEntry("writer.model.name", FailureRowWriteSupport.WRITER_NAME);
    }

    /**
     * Names that are not strictly ascending (never from the contract, which sorts them) map as the Avro converter's
     * map puts did: a repeated name once, at its first place, with its last value.
     */
    @Test
    void unsortedOrRepeatedNamesMapAsMapPutsDid() throws Exception {
        FailureRecord repeated = fullRow();
        repeated.event.numericFeatureNames = new String[] {"b", "a", "b", "c"};
        repeated.event.numericFeatureValues = new double[] {1, 2, 3, 4};
        repeated.event.categoricalFeatureNames = new String[] {"x", "x"};
        repeated.event.categoricalFeatureValues = new String[] {"first", "last"};
        repeated.event.deployment.featureFlagKeys = new String[] {"z", "a"};
        // Then the same instances once more, then sorted ones: cached and uncached paths in turn.
        List<FailureRecord> rows = List.of(repeated, repeated, fullRow(), repeated);
        Path avro = write("avro.parquet", avroWriters(), rows);
        Path direct = write("direct.parquet", directWriters(), rows);

        assertSameFile(avro, direct);
        try (DuckDb duckDb = new DuckDb()) {
            assertThat(duckDb.rows("SELECT numeric_features, categorical_features, feature_flags FROM read_parquet('"
                    + direct + "') LIMIT 1"))
                    .containsExactly("{b=3.0, a=2.0, c=4.0}|{x=last}|{z=true, a=0.5}");
        }
    }

    /** Strings equal to, but not the same instance as, the ones before are still written as themselves. */
    @Test
    void aRecentValueIsReusedOnlyForTheSameString() throws Exception {
        FailureRecord first = fullRow();
        FailureRecord second = fullRow();
        second.event.model = new String("fraud");
        second.evidence = "other evidence";
        second.event.categoricalFeatureValues = new String[] {new String("DE"), "FR"};
        second.event.numericFeatureNames = new String[] {"age", "amount2"};
        List<FailureRecord> rows = List.of(first, second, first);
        Path direct = write("direct.parquet", directWriters(), rows);

        assertSameFile(write("avro.parquet", avroWriters(), rows), direct);
        try (DuckDb duckDb = new DuckDb()) {
            assertThat(duckDb.rows("SELECT evidence, categorical_features, map_keys(numeric_features) FROM read_parquet('"
                    + direct + "')")).containsExactly(
                    first.evidence.replace('\ud800', '?') + "|{country=DE, device=Straße ☃ 𝄞}|[age, amount]",
                    "other evidence|{country=DE, device=FR}|[age, amount2]",
                    first.evidence.replace('\ud800', '?') + "|{country=DE, device=Straße ☃ 𝄞}|[age, amount]");
        }
    }

    /** What parquet-avro would have written wrongly or failed on deep inside fails first, naming the column. */
    @Test
    void aRowThatCannotBeWrittenFailsNamingWhatIsWrong() throws IOException {
        List<Map.Entry<String, Consumer<FailureRecord>>> breakages = new ArrayList<>();
        breakages.add(Map.entry("failure_id", f -> f.failureId = null));
        breakages.add(Map.entry("model", f -> f.event.model = null));
        breakages.add(Map.entry("lineage_status", f -> f.event.lineageStatus = null));
        breakages.add(Map.entry("without a prediction", f -> f.event = null));
        breakages.add(Map.entry("2 names, 1 values", f -> f.event.numericFeatureValues = new double[] {1}));
        breakages.add(Map.entry("2 names, -1 values", f -> f.event.categoricalFeatureValues = null));
        breakages.add(Map.entry("categorical_features", f -> f.event.categoricalFeatureValues = new String[] {"DE", null}));
        breakages.add(Map.entry("map key", f -> f.event.categoricalFeatureNames = new String[] {"country", null}));
        breakages.add(Map.entry("missing_features", f -> f.event.missingFeatures = new String[] {null}));
        breakages.add(Map.entry("offending_keys", f -> f.offendingKeys = new String[] {"features.age", null}));
        breakages.add(Map.entry("2 names, 1 values", f -> f.event.deployment.featureFlagValues = new String[] {"true"}));
        breakages.add(Map.entry("feature_flags", f -> f.event.deployment.featureFlagValues = new String[] {null, "0.5"}));
        for (Map.Entry<String, Consumer<FailureRecord>> breakage : breakages) {
            FailureRecord bad = fullRow();
            breakage.getValue().accept(bad);
            try (LocalDataOutputStream out = new LocalDataOutputStream(dir.resolve("bad.parquet").toFile())) {
                BulkWriter<FailureRecord> writer = directWriters().create(out);
                writer.addElement(fullRow());
                assertThatThrownBy(() -> writer.addElement(bad)).as(breakage.getKey())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(breakage.getKey());
            }
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static BulkWriter.Factory<FailureRecord> avroWriters() {
        return new AvroParquetWriterFactory<>(FailureAvroSchema.SCHEMA, ParquetSinks.COMPRESSION, FailureRecordConverter::new);
    }

    private static BulkWriter.Factory<FailureRecord> directWriters() {
        return FailureRowWriteSupport.writers(ParquetSinks.COMPRESSION);
    }

    private Path write(String name, BulkWriter.Factory<FailureRecord> writers, List<FailureRecord> rows)
            throws IOException {
        Path file = dir.resolve(name);
        try (LocalDataOutputStream out = new LocalDataOutputStream(file.toFile())) {
            BulkWriter<FailureRecord> writer = writers.create(out);
            for (FailureRecord row : rows) {
                writer.addElement(row);
            }
            writer.finish();
        }
        return file;
    }

    /**
     * Same schema, same footer but for the writer's name, and the same bytes up to the footer: row groups,
     * pages, dictionaries, statistics and page indexes.
     */
    private static void assertSameFile(Path expected, Path actual) throws IOException {
        ParquetMetadata expectedFooter = footer(expected);
        ParquetMetadata actualFooter = footer(actual);
        FileMetaData expectedMeta = expectedFooter.getFileMetaData();
        FileMetaData actualMeta = actualFooter.getFileMetaData();
        assertThat(actualMeta.getSchema()).isEqualTo(expectedMeta.getSchema());
        assertThat(actualMeta.getSchema().toString()).isEqualTo(expectedMeta.getSchema().toString());
        assertThat(actualMeta.getCreatedBy()).isEqualTo(expectedMeta.getCreatedBy());
        assertThat(expectedMeta.getKeyValueMetaData()).containsEntry("writer.model.name", "avro");
        assertThat(actualMeta.getKeyValueMetaData()).containsEntry("writer.model.name", FailureRowWriteSupport.WRITER_NAME);
        assertThat(withoutWriterName(actualMeta.getKeyValueMetaData()))
                .isEqualTo(withoutWriterName(expectedMeta.getKeyValueMetaData()));
        assertThat(actualFooter.getBlocks()).hasSameSizeAs(expectedFooter.getBlocks());
        for (int b = 0; b < expectedFooter.getBlocks().size(); b++) {
            BlockMetaData e = expectedFooter.getBlocks().get(b);
            BlockMetaData a = actualFooter.getBlocks().get(b);
            assertThat(a.getRowCount()).isEqualTo(e.getRowCount());
            assertThat(a.getColumns()).hasSameSizeAs(e.getColumns());
            for (int c = 0; c < e.getColumns().size(); c++) {
                ColumnChunkMetaData ec = e.getColumns().get(c);
                ColumnChunkMetaData ac = a.getColumns().get(c);
                String column = ec.getPath().toDotString();
                assertThat(ac.getPath().toDotString()).isEqualTo(column);
                assertThat(ac.getCodec()).as(column).isEqualTo(ec.getCodec());
                assertThat(ac.getEncodings()).as(column).isEqualTo(ec.getEncodings());
                assertThat(ac.getStatistics()).as(column).isEqualTo(ec.getStatistics());
                assertThat(ac.getTotalSize()).as(column).isEqualTo(ec.getTotalSize());
            }
        }
        byte[] expectedBytes = Files.readAllBytes(expected);
        byte[] actualBytes = Files.readAllBytes(actual);
        int expectedData = expectedBytes.length - 8 - footerLength(expectedBytes);
        int actualData = actualBytes.length - 8 - footerLength(actualBytes);
        assertThat(actualData).isEqualTo(expectedData);
        assertThat(Arrays.mismatch(actualBytes, 0, actualData, expectedBytes, 0, expectedData))
                .as("first differing byte before the footers").isEqualTo(-1);
    }

    private static Map<String, String> withoutWriterName(Map<String, String> metadata) {
        Map<String, String> rest = new java.util.TreeMap<>(metadata);
        rest.remove("writer.model.name");
        assertThat(rest).isNotEmpty();
        return rest;
    }

    private static int footerLength(byte[] bytes) {
        int tail = bytes.length - 8;
        assertThat(new String(bytes, tail + 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        return ByteBuffer.wrap(bytes, tail, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** The Thrift footer, parsed without ParquetFileReader (which needs hadoop-mapreduce). */
    static ParquetMetadata footer(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = footerLength(bytes);
        return new ParquetMetadataConverter().readParquetMetadata(
                new ByteArrayInputStream(bytes, bytes.length - 8 - length, length), ParquetMetadataConverter.NO_FILTER);
    }
}
