package io.faultline.jobs.io;

import static io.faultline.jobs.io.FailureAvroSchema.*;
import static io.faultline.jobs.io.RemediationColumns.*;

import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes {@link FailureRecord}s as rows of the {@code failures/} table straight to Parquet's
 * {@link RecordConsumer}, without an Avro record per row: the catalog is the pipeline's largest output, and
 * building, dispatching on and UTF-8-encoding an Avro record per row was most of its writer's CPU.
 *
 * <p>The files are the ones parquet-avro wrote from {@link FailureAvroSchema}, which stays the one list of the
 * columns: the Parquet schema is derived from it once, the way parquet-avro derives it (three-level lists);
 * the Avro schema is stored under parquet-avro's footer key, so Avro-based readers read the files as before;
 * the values reach the column writers in the same order as through parquet-avro, so the pages come out byte
 * for byte the same ({@code FailureRowWriteSupportTest} writes both and compares). Row mapping as parquet-avro
 * had it through the former Avro converter: the prediction's parallel feature arrays become maps in their
 * (sorted) name order, with a repeated name kept once at its first place with its last value, as a map put
 * would; null feature arrays an empty map or list; its deployment the lineage columns, all null while
 * unresolved; a NaN score a null. Prediction attributes are never read: they may carry personal data.
 *
 * <p>A row that cannot be written (a required column null, parallel arrays of different lengths, a null map
 * key, map value or list element) throws an {@link IllegalArgumentException} that names the column, before any
 * of it reaches the column writers. Parquet then abandons the file, as it did when parquet-avro met a null in a
 * required column: the sink fails, and Flink restarts from the last checkpoint without the unfinished file.
 *
 * <p>Repeated strings are encoded once: each column remembers the UTF-8 form of the last few string
 * instances it wrote, and a row carrying the very same instance again (catalog rows share the prediction's
 * names, models and versions, and deserialized rows share every short repeated value: see
 * {@code CompactReader}) reuses it. Only the identical instance counts, so the bytes are always those of the
 * string written. One instance serves one open file, on one thread.
 */
final class FailureRowWriteSupport extends WriteSupport<FailureRecord> {

    /** The Parquet schema of the table: what parquet-avro derives from {@link FailureAvroSchema#SCHEMA}. */
    static final MessageType SCHEMA = parquetSchema();

    /**
     * The footer key under which parquet-avro stores the Avro schema of a file (its {@code AvroReadSupport}
     * reads rows back with it; the constant is not public there).
     */
    static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

    /** What the footer's {@code writer.model.name} says: not "avro", since parquet-avro no longer writes these files. */
    static final String WRITER_NAME = "faultline-failures";

    private static final String AVRO_SCHEMA_JSON = FailureAvroSchema.SCHEMA.toString();

    // Column positions in the schema, looked up by name once: a column renamed in the schema fails here.
    private static final int FAILURE_ID_AT = at(FAILURE_ID);
    private static final int EVENT_ID_AT = at(EVENT_ID);
    private static final int EVENT_TIME_AT = at(EVENT_TIME);
    private static final int DETECTED_AT_AT = at(DETECTED_AT);
    private static final int MODEL_AT = at(MODEL);
    private static final int MODEL_VERSION_AT = at(MODEL_VERSION);
    private static final int CATEGORY_AT = at(CATEGORY);
    private static final int FAILURE_MODE_AT = at(FAILURE_MODE);
    private static final int SEVERITY_AT = at(SEVERITY);
    private static final int EVIDENCE_AT = at(EVIDENCE);
    private static final int PREDICTION_AT = at(PREDICTION);
    private static final int CONFIDENCE_AT = at(CONFIDENCE);
    private static final int LABEL_AT = at(LABEL);
    private static final int LABEL_SOURCE_AT = at(LABEL_SOURCE);
    private static final int LABEL_DELAY_MS_AT = at(LABEL_DELAY_MS);
    private static final int LATENCY_MS_AT = at(LATENCY_MS);
    private static final int SEGMENT_AT = at(SEGMENT);
    private static final int NUMERIC_FEATURES_AT = at(NUMERIC_FEATURES);
    private static final int CATEGORICAL_FEATURES_AT = at(CATEGORICAL_FEATURES);
    private static final int MISSING_FEATURES_AT = at(MISSING_FEATURES);
    private static final int LINEAGE_STATUS_AT = at(LINEAGE_STATUS);
    private static final int DEPLOYMENT_ID_AT = at(DEPLOYMENT_ID);
    private static final int ENVIRONMENT_AT = at(ENVIRONMENT);
    private static final int CODE_VERSION_AT = at(CODE_VERSION);
    private static final int CHECKPOINT_URI_AT = at(CHECKPOINT_URI);
    private static final int TRAINING_DATA_VERSION_AT = at(TRAINING_DATA_VERSION);
    private static final int PREPROCESSING_VERSION_AT = at(PREPROCESSING_VERSION);
    private static final int FEATURE_FLAGS_AT = at(FEATURE_FLAGS);
    private static final int DEPLOYED_AT_AT = at(DEPLOYED_AT);
    private static final int SCHEMA_VERSION_AT = at(SCHEMA_VERSION);
    private static final int COLUMN_NAME_AT = at(COLUMN_NAME);
    private static final int WINDOW_START_AT = at(WINDOW_START);
    private static final int WINDOW_END_AT = at(WINDOW_END);
    private static final int SCORE_AT = at(SCORE);
    private static final int OFFENDING_KEYS_AT = at(OFFENDING_KEYS);
    private static final int REPRODUCIBILITY_AT = at(REPRODUCIBILITY);
    private static final int SIGNATURE_AT = at(SIGNATURE);
    private static final int RECURRENCE_AT = at(RECURRENCE);
    private static final int REMEDIATION_ACTION_AT = at(REMEDIATION_ACTION);
    private static final int REMEDIATION_TARGET_AT = at(REMEDIATION_TARGET);
    private static final int HYPOTHESIS_AT = at(HYPOTHESIS);
    private static final int VALIDATION_PLAN_AT = at(VALIDATION_PLAN);
    private static final int ACCEPTANCE_CRITERION_AT = at(ACCEPTANCE_CRITERION);

    private static final String[] NAMES = SCHEMA.getFields().stream().map(t -> t.getName()).toArray(String[]::new);

    // The nested field names parquet-avro gives maps (key_value, key, value) and lists (list, element).
    private static final String MAP_ENTRY = nested(NUMERIC_FEATURES_AT).getName();
    private static final String MAP_KEY = nested(NUMERIC_FEATURES_AT).asGroupType().getType(0).getName();
    private static final String MAP_VALUE = nested(NUMERIC_FEATURES_AT).asGroupType().getType(1).getName();
    private static final String LIST_ENTRY = nested(MISSING_FEATURES_AT).getName();
    private static final String LIST_ELEMENT = nested(MISSING_FEATURES_AT).asGroupType().getType(0).getName();

    private RecordConsumer out;

    /** The UTF-8 forms of recent string instances, per column (index: column position) for repeating columns. */
    private final RecentUtf8[] recent = new RecentUtf8[NAMES.length];
    private final MapKeys numericNames = new MapKeys();
    private final MapKeys categoricalNames = new MapKeys();
    private final MapKeys flagNames = new MapKeys();
    /** Per position in the map: a feature's categorical values repeat, and a deployment's flag values. */
    private RecentUtf8[] categoricalValueCache = new RecentUtf8[0];
    private RecentUtf8[] flagValueCache = new RecentUtf8[0];
    private final RecentUtf8 missingNames = new RecentUtf8();
    private final RecentUtf8 offendingKeys = new RecentUtf8();

    FailureRowWriteSupport() {
        for (int at : new int[] {MODEL_AT, MODEL_VERSION_AT, CATEGORY_AT, FAILURE_MODE_AT, SEVERITY_AT, PREDICTION_AT,
                LABEL_AT, LABEL_SOURCE_AT, SEGMENT_AT, LINEAGE_STATUS_AT, DEPLOYMENT_ID_AT, ENVIRONMENT_AT,
                CODE_VERSION_AT, CHECKPOINT_URI_AT, TRAINING_DATA_VERSION_AT, PREPROCESSING_VERSION_AT,
                COLUMN_NAME_AT, SIGNATURE_AT, EVIDENCE_AT, REMEDIATION_ACTION_AT, REMEDIATION_TARGET_AT, HYPOTHESIS_AT,
                VALIDATION_PLAN_AT, ACCEPTANCE_CRITERION_AT}) {
            recent[at] = new RecentUtf8();
        }
    }

    /**
     * Compressed Parquet files of catalog rows, with parquet-mr's default row group, page and dictionary
     * settings (the ones {@code AvroParquetWriter} used).
     */
    static BulkWriter.Factory<FailureRecord> writers(CompressionCodecName codec) {
        return new ParquetWriterFactory<>(new Builder(codec));
    }

    private static MessageType parquetSchema() {
        Configuration conf = new Configuration(false);
        // As AvroParquetWriterFactory configures parquet-avro: the three-level LIST of the Parquet spec.
        conf.setBoolean(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, false);
        return new AvroSchemaConverter(conf).convert(FailureAvroSchema.SCHEMA);
    }

    private static int at(String column) {
        return SCHEMA.getFieldIndex(column);
    }

    /** The repeated group inside the map or list column at {@code at}. */
    private static Type nested(int at) {
        return SCHEMA.getType(at).asGroupType().getType(0);
    }

    @Override
    public String getName() {
        return WRITER_NAME;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(SCHEMA, Map.of(AVRO_SCHEMA_KEY, AVRO_SCHEMA_JSON));
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(SCHEMA, Map.of(AVRO_SCHEMA_KEY, AVRO_SCHEMA_JSON));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(FailureRecord f) {
        Prediction e = f.event;
        if (e == null) {
            throw new IllegalArgumentException("catalog row without a prediction: " + f);
        }
        Deployment d = e.deployment;
        String[] flagKeys = d == null ? null : d.featureFlagKeys;
        // Checks first, so that a bad row fails with its column named rather than somewhere inside Parquet.
        require(FAILURE_ID_AT, f.failureId, f);
        require(EVENT_ID_AT, e.eventId, f);
        require(MODEL_AT, e.model, f);
        require(MODEL_VERSION_AT, e.modelVersion, f);
        require(CATEGORY_AT, f.category, f);
        require(FAILURE_MODE_AT, f.failureMode, f);
        require(SEVERITY_AT, f.severity, f);
        require(EVIDENCE_AT, f.evidence, f);
        require(LINEAGE_STATUS_AT, e.lineageStatus, f);
        boolean numericAscending = e.numericFeatureNames == null
                || numericNames.prepare(e.numericFeatureNames, lengthOf(e.numericFeatureValues), e);
        boolean categoricalAscending = e.categoricalFeatureNames == null
                || categoricalNames.prepare(e.categoricalFeatureNames, lengthOf(e.categoricalFeatureValues), e);
        if (e.categoricalFeatureNames != null) {
            requireElements(CATEGORICAL_FEATURES_AT, e.categoricalFeatureValues, f);
        }
        requireElements(MISSING_FEATURES_AT, e.missingFeatures, f);
        requireElements(OFFENDING_KEYS_AT, f.offendingKeys, f);
        boolean flagsAscending = flagKeys == null || flagNames.prepare(flagKeys, lengthOf(d.featureFlagValues), d);
        if (flagKeys != null) {
            requireElements(FEATURE_FLAGS_AT, d.featureFlagValues, f);
        }

        RecordConsumer c = out;
        c.startMessage();
        unique(FAILURE_ID_AT, f.failureId);
        unique(EVENT_ID_AT, e.eventId);
        longValue(EVENT_TIME_AT, e.eventTime);
        longValue(DETECTED_AT_AT, f.detectedAt);
        string(MODEL_AT, e.model);
        string(MODEL_VERSION_AT, e.modelVersion);
        string(CATEGORY_AT, f.category);
        string(FAILURE_MODE_AT, f.failureMode);
        string(SEVERITY_AT, f.severity);
        string(EVIDENCE_AT, f.evidence);
        string(PREDICTION_AT, e.prediction);
        doubleValue(CONFIDENCE_AT, e.confidence);
        string(LABEL_AT, f.label);
        string(LABEL_SOURCE_AT, f.labelSource);
        longValue(LABEL_DELAY_MS_AT, f.labelDelayMs);
        doubleValue(LATENCY_MS_AT, e.latencyMs);
        string(SEGMENT_AT, e.segment);
        numericFeatures(e, numericAscending);
        stringMap(CATEGORICAL_FEATURES_AT, e.categoricalFeatureNames, e.categoricalFeatureValues, categoricalNames,
                categoricalAscending);
        list(MISSING_FEATURES_AT, e.missingFeatures, missingNames, true);
        string(LINEAGE_STATUS_AT, e.lineageStatus);
        if (d != null) {
            string(DEPLOYMENT_ID_AT, d.deploymentId);
            string(ENVIRONMENT_AT, d.environment);
            string(CODE_VERSION_AT, d.codeVersion);
            string(CHECKPOINT_URI_AT, d.checkpointUri);
            string(TRAINING_DATA_VERSION_AT, d.trainingDataVersion);
            string(PREPROCESSING_VERSION_AT, d.preprocessingVersion);
            if (flagKeys != null) {
                stringMap(FEATURE_FLAGS_AT, flagKeys, d.featureFlagValues, flagNames, flagsAscending);
            }
            longValue(DEPLOYED_AT_AT, d.deployedAt);
        }
        intValue(SCHEMA_VERSION_AT, e.schemaVersion);
        string(COLUMN_NAME_AT, f.columnName);
        longValue(WINDOW_START_AT, f.windowStart);
        longValue(WINDOW_END_AT, f.windowEnd);
        doubleValue(SCORE_AT, f.score == null || f.score.isNaN() ? null : f.score);
        list(OFFENDING_KEYS_AT, f.offendingKeys, offendingKeys, false);
        doubleValue(REPRODUCIBILITY_AT, f.reproducibility);
        string(SIGNATURE_AT, f.signature);
        longValue(RECURRENCE_AT, f.recurrence);
        string(REMEDIATION_ACTION_AT, f.remediationAction);
        string(REMEDIATION_TARGET_AT, f.remediationTarget);
        string(HYPOTHESIS_AT, f.hypothesis);
        string(VALIDATION_PLAN_AT, f.validationPlan);
        string(ACCEPTANCE_CRITERION_AT, f.acceptanceCriterion);
        c.endMessage();
    }

    // ------------------------------------------------------------------------------------------- checks

    private static void require(int at, Object value, FailureRecord f) {
        if (value == null) {
            throw new IllegalArgumentException("required column " + NAMES[at] + " is null in " + f);
        }
    }

    private static void requireElements(int at, String[] values, FailureRecord f) {
        if (values != null) {
            for (String v : values) {
                if (v == null) {
                    throw new IllegalArgumentException("column " + NAMES[at] + " cannot hold a null value, in " + f);
                }
            }
        }
    }

    private static int lengthOf(double[] array) {
        return array == null ? -1 : array.length;
    }

    private static int lengthOf(String[] array) {
        return array == null ? -1 : array.length;
    }

    // ------------------------------------------------------------------------------------------ columns

    /** A string column that repeats from row to row: the UTF-8 form of a recent instance is reused. */
    private void string(int at, String value) {
        if (value != null) {
            String name = NAMES[at];
            out.startField(name, at);
            out.addBinary(recent[at].utf8(value));
            out.endField(name, at);
        }
    }

    /** A string column whose values never repeat (ids): encoded every time, nothing remembered. */
    private void unique(int at, String value) {
        String name = NAMES[at];
        out.startField(name, at);
        out.addBinary(utf8(value));
        out.endField(name, at);
    }

    private void longValue(int at, long value) {
        String name = NAMES[at];
        out.startField(name, at);
        out.addLong(value);
        out.endField(name, at);
    }

    private void longValue(int at, Long value) {
        if (value != null) {
            longValue(at, value.longValue());
        }
    }

    private void intValue(int at, int value) {
        String name = NAMES[at];
        out.startField(name, at);
        out.addInteger(value);
        out.endField(name, at);
    }

    private void doubleValue(int at, Double value) {
        if (value != null) {
            String name = NAMES[at];
            out.startField(name, at);
            out.addDouble(value);
            out.endField(name, at);
        }
    }

    /** {@code numeric_features}: required, so an absent feature array is an empty map. */
    private void numericFeatures(Prediction e, boolean ascending) {
        String name = NAMES[NUMERIC_FEATURES_AT];
        out.startField(name, NUMERIC_FEATURES_AT);
        out.startGroup();
        String[] names = e.numericFeatureNames;
        if (names != null && names.length > 0) {
            double[] values = e.numericFeatureValues;
            Binary[] keys = numericNames.encoded;
            out.startField(MAP_ENTRY, 0);
            if (ascending) {
                for (int i = 0; i < names.length; i++) {
                    numericEntry(keys[i], values[i]);
                }
            } else {
                for (Map.Entry<String, Integer> entry : lastPositions(names).entrySet()) {
                    numericEntry(utf8(entry.getKey()), values[entry.getValue()]);
                }
            }
            out.endField(MAP_ENTRY, 0);
        }
        out.endGroup();
        out.endField(name, NUMERIC_FEATURES_AT);
    }

    private void numericEntry(Binary key, double value) {
        out.startGroup();
        out.startField(MAP_KEY, 0);
        out.addBinary(key);
        out.endField(MAP_KEY, 0);
        out.startField(MAP_VALUE, 1);
        out.addDouble(value);
        out.endField(MAP_VALUE, 1);
        out.endGroup();
    }

    /**
     * A map of strings from parallel arrays. {@code categorical_features} is required (null arrays: an empty
     * map); {@code feature_flags} is optional and only called for with keys.
     */
    private void stringMap(int at, String[] keys, String[] values, MapKeys keyCache, boolean ascending) {
        String name = NAMES[at];
        out.startField(name, at);
        out.startGroup();
        if (keys != null && keys.length > 0) {
            RecentUtf8[] valueCache = valueCache(at, keys.length);
            out.startField(MAP_ENTRY, 0);
            if (ascending) {
                Binary[] utf8Keys = keyCache.encoded;
                for (int i = 0; i < keys.length; i++) {
                    stringEntry(utf8Keys[i], valueCache[i].utf8(values[i]));
                }
            } else {
                for (Map.Entry<String, Integer> entry : lastPositions(keys).entrySet()) {
                    stringEntry(utf8(entry.getKey()), utf8(values[entry.getValue()]));
                }
            }
            out.endField(MAP_ENTRY, 0);
        }
        out.endGroup();
        out.endField(name, at);
    }

    /** The value caches of the map at {@code at}, one per position, at least {@code size} of them. */
    private RecentUtf8[] valueCache(int at, int size) {
        boolean categorical = at == CATEGORICAL_FEATURES_AT;
        RecentUtf8[] cache = categorical ? categoricalValueCache : flagValueCache;
        if (cache.length < size) {
            cache = grow(cache, size);
            if (categorical) {
                categoricalValueCache = cache;
            } else {
                flagValueCache = cache;
            }
        }
        return cache;
    }

    private static RecentUtf8[] grow(RecentUtf8[] cache, int size) {
        RecentUtf8[] bigger = Arrays.copyOf(cache, size);
        for (int i = cache.length; i < size; i++) {
            bigger[i] = new RecentUtf8();
        }
        return bigger;
    }

    private void stringEntry(Binary key, Binary value) {
        out.startGroup();
        out.startField(MAP_KEY, 0);
        out.addBinary(key);
        out.endField(MAP_KEY, 0);
        out.startField(MAP_VALUE, 1);
        out.addBinary(value);
        out.endField(MAP_VALUE, 1);
        out.endGroup();
    }

    /** A list of strings; a null array is an empty list if the column is required, else no value. */
    private void list(int at, String[] values, RecentUtf8 cache, boolean required) {
        if (values == null && !required) {
            return;
        }
        String name = NAMES[at];
        out.startField(name, at);
        out.startGroup();
        if (values != null && values.length > 0) {
            out.startField(LIST_ENTRY, 0);
            for (String v : values) {
                out.startGroup();
                out.startField(LIST_ELEMENT, 0);
                out.addBinary(cache.utf8(v));
                out.endField(LIST_ELEMENT, 0);
                out.endGroup();
            }
            out.endField(LIST_ENTRY, 0);
        }
        out.endGroup();
        out.endField(name, at);
    }

    /**
     * Each distinct key, in the order of its first occurrence, with the position of its last value: what
     * putting the pairs into a {@code LinkedHashMap} gives, as the Avro converter did. Only for names that
     * are not strictly ascending, which the contract's sorted names never are.
     */
    private static Map<String, Integer> lastPositions(String[] keys) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            positions.put(keys[i], i);
        }
        return positions;
    }

    /**
     * The string's UTF-8 bytes, as {@code Binary.fromString} encodes them (an unpaired surrogate becomes
     * {@code ?}), but over a plain array rather than a {@code ByteBuffer}: Parquet's dictionaries hash and
     * compare every value, which is quicker on an array, and an array it already keeps as a dictionary entry
     * compares equal by identity. Nothing ever writes to the array, so the value may be handed out again.
     */
    private static Binary utf8(String s) {
        return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------- caches

    /**
     * The UTF-8 forms of the last few distinct strings of one column. A string is looked up by identity
     * first (deserialized rows share the instances of short repeated values), then by content (longer texts,
     * such as a rule's validation plan for one model, repeat as equal but distinct strings); comparing two
     * strings is quicker than encoding one, and the reused form compares equal to Parquet's dictionary entry
     * by identity. A string equal to a remembered one has the same bytes, so what is written never changes.
     */
    static final class RecentUtf8 {
        private static final int SLOTS = 4;
        private final String[] strings = new String[SLOTS];
        private final Binary[] encoded = new Binary[SLOTS];
        private int next;

        Binary utf8(String s) {
            String[] seen = strings;
            for (int i = 0; i < SLOTS; i++) {
                if (seen[i] == s) {
                    return encoded[i];
                }
            }
            for (int i = 0; i < SLOTS; i++) {
                if (s.equals(seen[i])) {
                    // The row's instance replaces the remembered one: its next rows likely share it.
                    seen[i] = s;
                    return encoded[i];
                }
            }
            Binary b = FailureRowWriteSupport.utf8(s);
            seen[next] = s;
            encoded[next] = b;
            next = (next + 1) & (SLOTS - 1);
            return b;
        }
    }

    /**
     * The names of one map column in the previous row, by position, with their UTF-8 forms and whether they
     * were strictly ascending. Names are usually the very same instances row after row, so both carry over.
     */
    static final class MapKeys {
        private String[] names = new String[0];
        private int size = -1;
        Binary[] encoded = new Binary[0];
        private boolean ascending;

        /**
         * Takes the row's names (their UTF-8 forms then in {@link #encoded}) and checks them against the length of
         * their parallel values.
         *
         * @return whether the names are strictly ascending (so every name is distinct)
         */
        boolean prepare(String[] keys, int valuesLength, Object owner) {
            if (keys.length != valuesLength) {
                throw new IllegalArgumentException("Parallel name/value arrays differ in length (" + keys.length
                        + " names, " + valuesLength + " values) in " + owner);
            }
            int n = keys.length;
            if (names.length < n) {
                names = Arrays.copyOf(names, n);
                encoded = Arrays.copyOf(encoded, n);
            }
            boolean same = n == size;
            for (int i = 0; i < n; i++) {
                String k = keys[i];
                if (k != names[i]) {
                    if (k == null) {
                        size = -1; // names[] is partly updated: never take it as the previous row's
                        throw new IllegalArgumentException("a map key (feature or flag name) is null in " + owner);
                    }
                    same = false;
                    names[i] = k;
                    encoded[i] = utf8(k);
                }
            }
            if (!same) {
                ascending = true;
                for (int i = 1; i < n && ascending; i++) {
                    ascending = keys[i - 1].compareTo(keys[i]) < 0;
                }
                size = n;
            }
            return ascending;
        }
    }

    // ------------------------------------------------------------------------------------------ builder

    /** Opens one Parquet writer per part file; only the compression codec differs from parquet-mr's defaults. */
    private static final class Builder implements ParquetBuilder<FailureRecord> {
        private static final long serialVersionUID = 1L;

        private final CompressionCodecName codec;

        Builder(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public ParquetWriter<FailureRecord> createWriter(OutputFile file) throws IOException {
            return new WriterBuilder(file).withCompressionCodec(codec).build();
        }
    }

    private static final class WriterBuilder extends ParquetWriter.Builder<FailureRecord, WriterBuilder> {
        WriterBuilder(OutputFile file) {
            super(file);
        }

        @Override
        protected WriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<FailureRecord> getWriteSupport(Configuration conf) {
            return new FailureRowWriteSupport();
        }

        @Override
        protected WriteSupport<FailureRecord> getWriteSupport(ParquetConfiguration conf) {
            return new FailureRowWriteSupport();
        }
    }
}
