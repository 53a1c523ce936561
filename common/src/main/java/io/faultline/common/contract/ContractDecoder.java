package io.faultline.common.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import java.io.IOException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Decodes and validates input contract v1 ({@code docs/contract.md}): JSON text in, a typed
 * {@link Prediction}, {@link Label} or {@link Deployment} out, or a {@link ContractViolation} with a stable
 * {@link ErrorCode}. No other exception escapes for any payload.
 *
 * <p>Runs on every record, so it reads tokens with Jackson's streaming parser (no data binding, no
 * reflection) and allocates little beyond the decoded record. It keeps scratch buffers and counters, so
 * it is not thread-safe: create one per Flink subtask (in {@code open()}).
 */
public final class ContractDecoder {
    public static final int SUPPORTED_SCHEMA_VERSION = 1;
    /** Longer payloads are rejected before parsing, so one bad producer cannot exhaust the heap. */
    public static final int MAX_PAYLOAD_CHARS = 1 << 20;
    /** Records are flat; deep nesting only appears in unknown fields, and a low cap bounds parser work. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Limit for {@code event_id}. */
    public static final int MAX_ID_CHARS = 128;
    /** Limit for keys of features, scores, attributes and feature_flags. */
    public static final int MAX_NAME_CHARS = 128;
    /** Limit for string values: categorical features, prediction, label, attributes and other strings. */
    public static final int MAX_VALUE_CHARS = 4096;
    /** Limit for a label's free-text {@code justification}. */
    public static final int MAX_TEXT_CHARS = 32_768;
    /** Limit for the number of entries of features, scores, attributes and feature_flags. */
    public static final int MAX_ENTRIES = 1024;

    /** Thread-safe and expensive to build; shared by every decoder in the JVM. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            // NaN and Infinity parse as numbers so that they are reported as NON_FINITE_NUMBER, not INVALID_JSON.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Field names stay canonicalized (cheap), but hostile names must not fill the JVM's string pool.
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private static final String SCHEMA_VERSION = "schema_version";
    private static final String[] LABEL_SOURCES = {"outcome", "human", "system"};
    private static final String FEATURE_VALUE = "a number, string, boolean or null";
    private static final String TEXT_OR_NUMBER = "a string or a number";
    private static final String PROBABILITY = "a number in [0, 1]";

    // Bit per top-level field, in contract order; the arrays name them for MISSING_FIELD messages.
    private static final String[] PREDICTION_FIELDS = {"event_id", "event_time", "model", "model_version",
        "features", "prediction", "confidence", "scores", "latency_ms", "segment", "attributes", SCHEMA_VERSION};
    private static final int PREDICTION_REQUIRED = 0b111111;
    private static final String[] LABEL_FIELDS = {"event_id", "label", "label_time", "source", "reviewer",
        "justification", SCHEMA_VERSION};
    private static final int LABEL_REQUIRED = 0b111;
    private static final String[] DEPLOYMENT_FIELDS = {"model", "model_version", "deployed_at", "deployment_id",
        "environment", "checkpoint_uri", "training_data_version", "code_version", "preprocessing_version",
        "feature_flags", SCHEMA_VERSION};
    private static final int DEPLOYMENT_REQUIRED = 0b111;

    private final MapEntries entries = new MapEntries();
    // Bound once, so decoding allocates no reader per record.
    private final RecordReader<Prediction> predictionReader = this::readPrediction;
    private final RecordReader<Label> labelReader = this::readLabel;
    private final RecordReader<Deployment> deploymentReader = this::readDeployment;
    private long unknownFieldsSeen;

    // Per-record state, reset by begin().
    private int unknownFieldsInRecord;
    private Set<String> unknownFieldNames;
    private boolean schemaVersionRead;
    private boolean objectComplete;

    public ContractDecoder() {}

    /**
     * Cumulative number of unknown top-level fields ignored in successfully decoded records (a field
     * that appears in many records counts once per record). Rejected records are not counted: they are
     * accounted for in the dead-letter output.
     */
    public long unknownFieldsSeen() {
        return unknownFieldsSeen;
    }

    /** Decodes according to the source ("predictions"/"labels"/"deployments", see SourceKind.tableValue()). */
    public Object decode(SourceKind kind, String payload) throws ContractViolation {
        switch (Objects.requireNonNull(kind, "kind")) {
            case PREDICTIONS:
                return decodePrediction(payload);
            case LABELS:
                return decodeLabel(payload);
            case DEPLOYMENTS:
                return decodeDeployment(payload);
            default:
                throw new IllegalArgumentException("no decoder for " + kind);
        }
    }

    public Prediction decodePrediction(String payload) throws ContractViolation {
        return decodeRecord(payload, predictionReader);
    }

    public Label decodeLabel(String payload) throws ContractViolation {
        return decodeRecord(payload, labelReader);
    }

    public Deployment decodeDeployment(String payload) throws ContractViolation {
        return decodeRecord(payload, deploymentReader);
    }

    /** The dead-letter record for a rejected raw record: its source, position and payload, with the violation. */
    public static DeadLetter deadLetter(RawRecord raw, ContractViolation violation) {
        return DeadLetter.of(raw, violation.code().name(), violation.getMessage());
    }

    /**
     * The canonical text of a numeric prediction or label, so that they compare as strings: integral
     * values that fit a long print as that long ({@code 1}, {@code 1.0} and {@code 1e0} all give
     * {@code "1"}, and {@code -0.0} gives {@code "0"}); anything else prints as {@link Double#toString(double)}.
     */
    public static String canonicalNumber(double value) {
        if (value == Math.rint(value) && value >= -0x1p63 && value < 0x1p63) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    // ---------------------------------------------------------------------------------------------------
    // Record readers: one pass over the top-level fields, dispatching on the (canonicalized) name.

    /** Reads the fields of one record kind, the parser positioned just after the opening brace. */
    @FunctionalInterface
    private interface RecordReader<T> {
        T read(JsonParser parser) throws IOException, ContractViolation;
    }

    /** The frame shared by all kinds: every failure, whatever its type, leaves as a ContractViolation. */
    private <T> T decodeRecord(String payload, RecordReader<T> reader) throws ContractViolation {
        JsonParser parser = null;
        try {
            parser = begin(payload);
            readObjectStart(parser);
            T record = reader.read(parser);
            return finish(parser, record);
        } catch (ContractViolation violation) {
            throw preferSchemaVersion(violation, payload);
        } catch (IOException | RuntimeException failure) {
            throw translate(failure, parser);
        } finally {
            closeQuietly(parser);
        }
    }

    private Prediction readPrediction(JsonParser p) throws IOException, ContractViolation {
        Prediction r = new Prediction();
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "event_id" -> {
                    seen = markSeen(seen, 0, PREDICTION_FIELDS);
                    r.eventId = eventId(p, t, name);
                }
                case "event_time" -> {
                    seen = markSeen(seen, 1, PREDICTION_FIELDS);
                    r.eventTime = timestamp(p, t, name);
                }
                case "model" -> {
                    seen = markSeen(seen, 2, PREDICTION_FIELDS);
                    r.model = partitionValue(p, t, name);
                }
                case "model_version" -> {
                    seen = markSeen(seen, 3, PREDICTION_FIELDS);
                    r.modelVersion = partitionValue(p, t, name);
                }
                case "features" -> {
                    seen = markSeen(seen, 4, PREDICTION_FIELDS);
                    readFeatures(p, t, r);
                }
                case "prediction" -> {
                    seen = markSeen(seen, 5, PREDICTION_FIELDS);
                    r.prediction = textOrNumber(p, t, name);
                }
                case "confidence" -> {
                    seen = markSeen(seen, 6, PREDICTION_FIELDS);
                    r.confidence = optionalProbability(p, t, name);
                }
                case "scores" -> {
                    seen = markSeen(seen, 7, PREDICTION_FIELDS);
                    readScores(p, t, r);
                }
                case "latency_ms" -> {
                    seen = markSeen(seen, 8, PREDICTION_FIELDS);
                    r.latencyMs = optionalNonNegative(p, t, name);
                }
                case "segment" -> {
                    seen = markSeen(seen, 9, PREDICTION_FIELDS);
                    r.segment = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "attributes" -> {
                    seen = markSeen(seen, 10, PREDICTION_FIELDS);
                    readAttributes(p, t, r);
                }
                case SCHEMA_VERSION -> {
                    seen = markSeen(seen, 11, PREDICTION_FIELDS);
                    r.schemaVersion = schemaVersion(p, t);
                }
                default -> skipUnknown(p, name);
            }
        }
        requireAll(seen, PREDICTION_REQUIRED, PREDICTION_FIELDS);
        return r;
    }

    private Label readLabel(JsonParser p) throws IOException, ContractViolation {
        Label r = new Label();
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "event_id" -> {
                    seen = markSeen(seen, 0, LABEL_FIELDS);
                    r.eventId = eventId(p, t, name);
                }
                case "label" -> {
                    seen = markSeen(seen, 1, LABEL_FIELDS);
                    r.label = textOrNumber(p, t, name);
                }
                case "label_time" -> {
                    seen = markSeen(seen, 2, LABEL_FIELDS);
                    r.labelTime = timestamp(p, t, name);
                }
                case "source" -> {
                    seen = markSeen(seen, 3, LABEL_FIELDS);
                    r.source = labelSource(p, t, name);
                }
                case "reviewer" -> {
                    seen = markSeen(seen, 4, LABEL_FIELDS);
                    r.reviewer = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "justification" -> {
                    seen = markSeen(seen, 5, LABEL_FIELDS);
                    r.justification = optionalString(p, t, name, MAX_TEXT_CHARS);
                }
                case SCHEMA_VERSION -> {
                    seen = markSeen(seen, 6, LABEL_FIELDS);
                    schemaVersion(p, t);
                }
                default -> skipUnknown(p, name);
            }
        }
        requireAll(seen, LABEL_REQUIRED, LABEL_FIELDS);
        return r;
    }

    private Deployment readDeployment(JsonParser p) throws IOException, ContractViolation {
        Deployment r = new Deployment();
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "model" -> {
                    seen = markSeen(seen, 0, DEPLOYMENT_FIELDS);
                    r.model = partitionValue(p, t, name);
                }
                case "model_version" -> {
                    seen = markSeen(seen, 1, DEPLOYMENT_FIELDS);
                    r.modelVersion = partitionValue(p, t, name);
                }
                case "deployed_at" -> {
                    seen = markSeen(seen, 2, DEPLOYMENT_FIELDS);
                    r.deployedAt = timestamp(p, t, name);
                }
                case "deployment_id" -> {
                    seen = markSeen(seen, 3, DEPLOYMENT_FIELDS);
                    r.deploymentId = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "environment" -> {
                    seen = markSeen(seen, 4, DEPLOYMENT_FIELDS);
                    r.environment = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "checkpoint_uri" -> {
                    seen = markSeen(seen, 5, DEPLOYMENT_FIELDS);
                    r.checkpointUri = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "training_data_version" -> {
                    seen = markSeen(seen, 6, DEPLOYMENT_FIELDS);
                    r.trainingDataVersion = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "code_version" -> {
                    seen = markSeen(seen, 7, DEPLOYMENT_FIELDS);
                    r.codeVersion = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "preprocessing_version" -> {
                    seen = markSeen(seen, 8, DEPLOYMENT_FIELDS);
                    r.preprocessingVersion = optionalString(p, t, name, MAX_VALUE_CHARS);
                }
                case "feature_flags" -> {
                    seen = markSeen(seen, 9, DEPLOYMENT_FIELDS);
                    readFeatureFlags(p, t, r);
                }
                case SCHEMA_VERSION -> {
                    seen = markSeen(seen, 10, DEPLOYMENT_FIELDS);
                    schemaVersion(p, t);
                }
                default -> skipUnknown(p, name);
            }
        }
        requireAll(seen, DEPLOYMENT_REQUIRED, DEPLOYMENT_FIELDS);
        return r;
    }

    // ---------------------------------------------------------------------------------------------------
    // Framing: payload checks, the top-level object, trailing content, unknown fields.

    /** Resets the per-record state and opens a parser over the checked payload. */
    private JsonParser begin(String payload) throws IOException, ContractViolation {
        unknownFieldsInRecord = 0;
        unknownFieldNames = null;
        schemaVersionRead = false;
        objectComplete = false;
        return JSON.createParser(checkedText(payload));
    }

    private static void readObjectStart(JsonParser p) throws IOException, ContractViolation {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new ContractViolation(ErrorCode.NOT_AN_OBJECT,
                    "top-level JSON value is " + describe(p, first) + "; expected an object");
        }
    }

    /** The payload to parse: rejects null, oversized and blank payloads, and drops a leading byte-order mark. */
    private static String checkedText(String payload) throws ContractViolation {
        if (payload == null) {
            throw new ContractViolation(ErrorCode.EMPTY_PAYLOAD, "payload is null");
        }
        if (payload.length() > MAX_PAYLOAD_CHARS) {
            throw new ContractViolation(ErrorCode.PAYLOAD_TOO_LARGE, "payload has " + payload.length()
                    + " chars; the limit is " + MAX_PAYLOAD_CHARS + " (it was not parsed)");
        }
        // Files written by some Windows tools start with U+FEFF; it carries no data.
        String text = !payload.isEmpty() && payload.charAt(0) == '\uFEFF' ? payload.substring(1) : payload;
        if (text.isBlank()) {
            throw new ContractViolation(ErrorCode.EMPTY_PAYLOAD,
                    payload.isEmpty() ? "payload is empty" : "payload is blank (" + payload.length() + " chars, all whitespace)");
        }
        return text;
    }

    /** Rejects anything after the object, then commits the record's unknown-field count. */
    private <T> T finish(JsonParser p, T record) throws ContractViolation {
        objectComplete = true;
        JsonToken next;
        try {
            next = p.nextToken();
        } catch (IOException | RuntimeException e) {
            next = JsonToken.NOT_AVAILABLE;
        }
        if (next != null) {
            throw new ContractViolation(ErrorCode.TRAILING_CONTENT,
                    "unexpected content after the JSON object" + at(p)
                            + "; expected one JSON object per record");
        }
        unknownFieldsSeen += unknownFieldsInRecord;
        return record;
    }

    private void skipUnknown(JsonParser p, String name) throws IOException, ContractViolation {
        if (unknownFieldNames == null) {
            // Allocated only for records that carry unknown fields, which are rare.
            unknownFieldNames = new HashSet<>();
        }
        if (!unknownFieldNames.add(name)) {
            throw new ContractViolation(ErrorCode.DUPLICATE_FIELD,
                    "field " + MessageText.quote(name) + " appears more than once");
        }
        unknownFieldsInRecord++;
        p.skipChildren();
    }

    private int markSeen(int seen, int index, String[] fields) throws ContractViolation {
        int bit = 1 << index;
        if ((seen & bit) != 0) {
            throw new ContractViolation(ErrorCode.DUPLICATE_FIELD,
                    "field " + MessageText.quote(fields[index]) + " appears more than once");
        }
        if (index == fields.length - 1) {
            // schema_version is always last in the field tables.
            schemaVersionRead = true;
        }
        return seen | bit;
    }

    private void requireAll(int seen, int required, String[] fields) throws ContractViolation {
        objectComplete = true;
        int missing = required & ~seen;
        if (missing == 0) {
            return;
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if ((missing & (1 << i)) != 0) {
                names.append(names.length() == 0 ? "" : ", ").append(fields[i]);
            }
        }
        throw new ContractViolation(ErrorCode.MISSING_FIELD, "missing required field(s): " + names);
    }

    // ---------------------------------------------------------------------------------------------------
    // Scalar fields.

    private static String eventId(JsonParser p, JsonToken t, String field) throws IOException, ContractViolation {
        String id = requiredString(p, t, field, "a non-empty string of at most " + MAX_ID_CHARS + " chars");
        if (id.isEmpty()) {
            throw new ContractViolation(ErrorCode.EMPTY_VALUE,
                    field + " is an empty string; expected 1-" + MAX_ID_CHARS + " chars");
        }
        checkLength(field, id, MAX_ID_CHARS);
        return id;
    }

    private static String partitionValue(JsonParser p, JsonToken t, String field)
            throws IOException, ContractViolation {
        String value = requiredString(p, t, field, "a string of " + PartitionValues.RULE);
        if (!PartitionValues.isSafe(value)) {
            throw new ContractViolation(ErrorCode.UNSAFE_PARTITION_VALUE, field + " " + MessageText.quote(value)
                    + " is not a safe partition value: " + PartitionValues.RULE);
        }
        return value;
    }

    private static long timestamp(JsonParser p, JsonToken t, String field) throws IOException, ContractViolation {
        switch (t) {
            case VALUE_STRING:
                return Timestamps.parseIso(field, p.getText());
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw Timestamps.outOfRange(field, MessageText.excerpt(p.getText(), MessageText.MAX_QUOTED_CHARS)
                            + " (epoch ms)");
                }
                return Timestamps.checkEpochMillis(field, p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                // NaN and Infinity get the more specific code; any other fraction or exponent is not an integer.
                finiteNumber(p, field);
                throw wrongType(p, t, field, "an ISO-8601 string with offset or integer epoch milliseconds "
                        + "(a number with a fraction or exponent is not an integer)");
            case VALUE_NULL:
                throw missing(field);
            default:
                throw wrongType(p, t, field, "an ISO-8601 string with offset or integer epoch milliseconds");
        }
    }

    /**
     * The record's event time ({@code event_time}, {@code label_time} or {@code deployed_at}, by kind)
     * read from the top level of the payload without decoding the rest, or {@link Long#MIN_VALUE} when
     * it is absent or invalid. Sources use it to generate watermarks per split before records are decoded;
     * for every record that decodes, it equals the decoded time.
     *
     * <p>Records in the usual shape are read by {@link EventTimeScan} without a parser; the others by
     * {@link #eventTimeByParser}, which defines the result.
     */
    public static long eventTime(SourceKind kind, String payload) {
        String field = timeField(kind);
        if (payload == null || payload.length() > MAX_PAYLOAD_CHARS) {
            return Long.MIN_VALUE;
        }
        long scanned = EventTimeScan.time(payload, field);
        return scanned != EventTimeScan.DEFER ? scanned : eventTimeByParser(field, payload);
    }

    /** The top-level field that holds a record's event time. */
    static String timeField(SourceKind kind) {
        return switch (kind) {
            case PREDICTIONS -> "event_time";
            case LABELS -> "label_time";
            case DEPLOYMENTS -> "deployed_at";
        };
    }

    /** {@link #eventTime} with Jackson's streaming parser: the first top-level {@code field} decides. */
    static long eventTimeByParser(String field, String payload) {
        if (payload == null || payload.length() > MAX_PAYLOAD_CHARS) {
            return Long.MIN_VALUE;
        }
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name)) {
                    return timestamp(p, value, field);
                }
                p.skipChildren();
            }
            return Long.MIN_VALUE;
        } catch (IOException | ContractViolation | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** A prediction or label: a non-empty string, or a number in canonical form. */
    private static String textOrNumber(JsonParser p, JsonToken t, String field) throws IOException, ContractViolation {
        switch (t) {
            case VALUE_STRING: {
                String text = p.getText();
                if (text.isEmpty()) {
                    throw new ContractViolation(ErrorCode.EMPTY_VALUE,
                            field + " is an empty string; expected a non-empty string or a number");
                }
                checkLength(field, text, MAX_VALUE_CHARS);
                return text;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return canonicalNumber(finiteNumber(p, field));
            case VALUE_NULL:
                throw missing(field);
            default:
                throw wrongType(p, t, field, TEXT_OR_NUMBER);
        }
    }

    private static Double optionalProbability(JsonParser p, JsonToken t, String field)
            throws IOException, ContractViolation {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!t.isNumeric()) {
            throw wrongType(p, t, field, PROBABILITY);
        }
        return probability(p, field);
    }

    private static double probability(JsonParser p, String field) throws IOException, ContractViolation {
        double value = finiteNumber(p, field);
        if (!(value >= 0.0 && value <= 1.0)) {
            throw outOfUnitInterval(p, field);
        }
        // Adding 0.0 turns -0.0 into 0.0, so equal probabilities compare equal.
        return value + 0.0;
    }

    private static Double optionalNonNegative(JsonParser p, JsonToken t, String field)
            throws IOException, ContractViolation {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!t.isNumeric()) {
            throw wrongType(p, t, field, "a number >= 0");
        }
        double value = finiteNumber(p, field);
        if (value < 0.0) {
            throw new ContractViolation(ErrorCode.OUT_OF_RANGE,
                    field + " " + numberText(p) + " is negative; expected a number >= 0");
        }
        // Adding 0.0 turns -0.0 into 0.0, so equal latencies compare equal.
        return value + 0.0;
    }

    private static String optionalString(JsonParser p, JsonToken t, String field, int maxChars)
            throws IOException, ContractViolation {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw wrongType(p, t, field, "a string");
        }
        String text = p.getText();
        checkLength(field, text, maxChars);
        return text;
    }

    private static String labelSource(JsonParser p, JsonToken t, String field) throws IOException, ContractViolation {
        String source = optionalString(p, t, field, MAX_VALUE_CHARS);
        if (source == null) {
            return null;
        }
        for (String allowed : LABEL_SOURCES) {
            if (allowed.equals(source)) {
                return allowed;
            }
        }
        throw new ContractViolation(ErrorCode.INVALID_ENUM_VALUE,
                field + " " + MessageText.quote(source) + " is not one of outcome, human, system");
    }

    private static int schemaVersion(JsonParser p, JsonToken t) throws IOException, ContractViolation {
        switch (t) {
            case VALUE_NULL:
                return SUPPORTED_SCHEMA_VERSION;
            case VALUE_NUMBER_INT: {
                boolean fitsInt = p.getNumberType() == JsonParser.NumberType.INT;
                boolean negative = p.getText().startsWith("-");
                if (negative || (fitsInt && p.getIntValue() < 1)) {
                    throw new ContractViolation(ErrorCode.OUT_OF_RANGE, SCHEMA_VERSION + " " + numberText(p)
                            + " is out of range; expected an integer >= 1");
                }
                if (!fitsInt || p.getIntValue() > SUPPORTED_SCHEMA_VERSION) {
                    throw unsupportedVersion(numberText(p));
                }
                return p.getIntValue();
            }
            case VALUE_NUMBER_FLOAT:
                finiteNumber(p, SCHEMA_VERSION);
                throw wrongType(p, t, SCHEMA_VERSION, "an integer >= 1");
            default:
                throw wrongType(p, t, SCHEMA_VERSION, "an integer >= 1");
        }
    }

    private static String requiredString(JsonParser p, JsonToken t, String field, String expected)
            throws IOException, ContractViolation {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            throw missing(field);
        }
        throw wrongType(p, t, field, expected);
    }

    // ---------------------------------------------------------------------------------------------------
    // Object fields: read into the reusable MapEntries, sorted by key, then copied into exact-size arrays.

    private void readFeatures(JsonParser p, JsonToken t, Prediction r) throws IOException, ContractViolation {
        String field = "features";
        requireObject(p, t, field, true, "an object of feature name -> " + FEATURE_VALUE);
        MapEntries e = entries;
        e.clear();
        String name;
        while ((name = p.nextFieldName()) != null) {
            checkKey(field, name, e.size);
            JsonToken v = p.nextToken();
            switch (v) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    double value = p.getDoubleValue();
                    if (!Double.isFinite(value)) {
                        throw nonFinite(p, MessageText.entry(field, name));
                    }
                    e.add(name, MapEntries.NUMBER, value, null);
                }
                case VALUE_STRING -> {
                    String text = p.getText();
                    if (text.length() > MAX_VALUE_CHARS) {
                        throw tooLong(MessageText.entry(field, name), text, MAX_VALUE_CHARS);
                    }
                    e.add(name, MapEntries.TEXT, 0.0, text);
                }
                case VALUE_TRUE -> e.add(name, MapEntries.TEXT, 0.0, "true");
                case VALUE_FALSE -> e.add(name, MapEntries.TEXT, 0.0, "false");
                case VALUE_NULL -> e.add(name, MapEntries.MISSING, 0.0, null);
                default -> throw wrongType(p, v, MessageText.entry(field, name), FEATURE_VALUE);
            }
        }
        e.sortByKey(field);
        int numeric = e.count(MapEntries.NUMBER);
        int categorical = e.count(MapEntries.TEXT);
        r.numericFeatureNames = new String[numeric];
        r.numericFeatureValues = new double[numeric];
        r.categoricalFeatureNames = new String[categorical];
        r.categoricalFeatureValues = new String[categorical];
        r.missingFeatures = new String[e.size - numeric - categorical];
        int n = 0;
        int c = 0;
        int m = 0;
        for (int i = 0; i < e.size; i++) {
            int k = e.order[i];
            switch (e.kinds[k]) {
                case MapEntries.NUMBER -> {
                    r.numericFeatureNames[n] = e.keys[k];
                    r.numericFeatureValues[n++] = e.numbers[k];
                }
                case MapEntries.TEXT -> {
                    r.categoricalFeatureNames[c] = e.keys[k];
                    r.categoricalFeatureValues[c++] = e.texts[k];
                }
                default -> r.missingFeatures[m++] = e.keys[k];
            }
        }
    }

    private void readScores(JsonParser p, JsonToken t, Prediction r) throws IOException, ContractViolation {
        String field = "scores";
        if (requireObject(p, t, field, false, "an object of class -> " + PROBABILITY)) {
            return;
        }
        MapEntries e = entries;
        e.clear();
        String name;
        while ((name = p.nextFieldName()) != null) {
            checkKey(field, name, e.size);
            JsonToken v = p.nextToken();
            if (!v.isNumeric()) {
                throw wrongType(p, v, MessageText.entry(field, name), PROBABILITY);
            }
            double value = p.getDoubleValue();
            if (!Double.isFinite(value)) {
                throw nonFinite(p, MessageText.entry(field, name));
            }
            if (!(value >= 0.0 && value <= 1.0)) {
                throw outOfUnitInterval(p, MessageText.entry(field, name));
            }
            e.add(name, MapEntries.NUMBER, value + 0.0, null);
        }
        e.sortByKey(field);
        r.scoreClasses = new String[e.size];
        r.scoreValues = new double[e.size];
        for (int i = 0; i < e.size; i++) {
            int k = e.order[i];
            r.scoreClasses[i] = e.keys[k];
            r.scoreValues[i] = e.numbers[k];
        }
    }

    private void readAttributes(JsonParser p, JsonToken t, Prediction r) throws IOException, ContractViolation {
        String field = "attributes";
        if (requireObject(p, t, field, false, "an object of string -> string")) {
            return;
        }
        MapEntries e = entries;
        e.clear();
        String name;
        while ((name = p.nextFieldName()) != null) {
            checkKey(field, name, e.size);
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw wrongType(p, v, MessageText.entry(field, name), "a string");
            }
            String text = p.getText();
            if (text.length() > MAX_VALUE_CHARS) {
                throw tooLong(MessageText.entry(field, name), text, MAX_VALUE_CHARS);
            }
            e.add(name, MapEntries.TEXT, 0.0, text);
        }
        e.sortByKey(field);
        r.attributeKeys = e.sortedKeys();
        r.attributeValues = e.sortedTexts();
    }

    private void readFeatureFlags(JsonParser p, JsonToken t, Deployment r) throws IOException, ContractViolation {
        String field = "feature_flags";
        if (requireObject(p, t, field, false, "an object of flag -> string or boolean")) {
            return;
        }
        MapEntries e = entries;
        e.clear();
        String name;
        while ((name = p.nextFieldName()) != null) {
            checkKey(field, name, e.size);
            JsonToken v = p.nextToken();
            String value;
            switch (v) {
                case VALUE_STRING -> {
                    value = p.getText();
                    if (value.length() > MAX_VALUE_CHARS) {
                        throw tooLong(MessageText.entry(field, name), value, MAX_VALUE_CHARS);
                    }
                }
                case VALUE_TRUE -> value = "true";
                case VALUE_FALSE -> value = "false";
                default -> throw wrongType(p, v, MessageText.entry(field, name), "a string or a boolean");
            }
            e.add(name, MapEntries.TEXT, 0.0, value);
        }
        e.sortByKey(field);
        r.featureFlagKeys = e.sortedKeys();
        r.featureFlagValues = e.sortedTexts();
    }

    /**
     * Checks that a map field's value is an object.
     *
     * @return true when an optional field is JSON null (absent), false when an object follows
     */
    private static boolean requireObject(JsonParser p, JsonToken t, String field, boolean required, String expected)
            throws IOException, ContractViolation {
        if (t == JsonToken.START_OBJECT) {
            return false;
        }
        if (t == JsonToken.VALUE_NULL) {
            if (required) {
                throw missing(field);
            }
            return true;
        }
        throw wrongType(p, t, field, expected);
    }

    private static void checkKey(String field, String key, int entriesSoFar) throws ContractViolation {
        if (entriesSoFar == MAX_ENTRIES) {
            throw new ContractViolation(ErrorCode.TOO_MANY_ENTRIES,
                    field + " has more than " + MAX_ENTRIES + " entries");
        }
        if (key.isEmpty()) {
            throw new ContractViolation(ErrorCode.EMPTY_VALUE,
                    field + " has an empty key; expected 1-" + MAX_NAME_CHARS + " chars");
        }
        if (key.length() > MAX_NAME_CHARS) {
            throw new ContractViolation(ErrorCode.VALUE_TOO_LONG, field + " key " + MessageText.quote(key)
                    + " is longer than the limit of " + MAX_NAME_CHARS + " chars");
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // Numbers.

    private static double finiteNumber(JsonParser p, String field) throws IOException, ContractViolation {
        double value = p.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw nonFinite(p, field);
        }
        return value;
    }

    private static String numberText(JsonParser p) throws IOException {
        return MessageText.excerpt(p.getText(), MessageText.MAX_QUOTED_CHARS);
    }

    // ---------------------------------------------------------------------------------------------------
    // Violations. Only built for bad records, so string building here is off the hot path.

    private static ContractViolation missing(String field) {
        return new ContractViolation(ErrorCode.MISSING_FIELD, field + " is null but required");
    }

    private static ContractViolation wrongType(JsonParser p, JsonToken t, String field, String expected)
            throws IOException {
        return new ContractViolation(ErrorCode.WRONG_TYPE, field + " is " + describe(p, t) + "; expected " + expected);
    }

    private static ContractViolation outOfUnitInterval(JsonParser p, String field) throws IOException {
        return new ContractViolation(ErrorCode.OUT_OF_RANGE,
                field + " " + numberText(p) + " is out of range; expected " + PROBABILITY);
    }

    private static ContractViolation nonFinite(JsonParser p, String field) throws IOException {
        return new ContractViolation(ErrorCode.NON_FINITE_NUMBER,
                field + " " + numberText(p) + " is not a finite number; expected a finite number");
    }

    private static ContractViolation tooLong(String field, String value, int limit) {
        return new ContractViolation(ErrorCode.VALUE_TOO_LONG,
                field + " " + MessageText.quote(value) + " is longer than the limit of " + limit + " chars");
    }

    private static void checkLength(String field, String value, int limit) throws ContractViolation {
        if (value.length() > limit) {
            throw tooLong(field, value, limit);
        }
    }

    private static ContractViolation unsupportedVersion(String version) {
        return new ContractViolation(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, SCHEMA_VERSION + " " + version
                + " is newer than the supported version " + SUPPORTED_SCHEMA_VERSION);
    }

    /** "a string ("abc")", "a number (1.5)", "an object", ...: what a token is, for WRONG_TYPE messages. */
    private static String describe(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return "missing";
        }
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string (" + MessageText.quote(p.getText()) + ")";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number (" + numberText(p) + ")";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean (" + t.asString() + ")";
            case VALUE_NULL:
                return "null";
            default:
                return t.name();
        }
    }

    /**
     * A record that fails v1 validation but declares a newer schema_version further on is reported as
     * UNSUPPORTED_SCHEMA_VERSION: its producer moved to a newer contract, and that is what needs fixing.
     * The payload is scanned a second time, but only for bad records.
     */
    private ContractViolation preferSchemaVersion(ContractViolation violation, String payload) {
        if (schemaVersionRead || objectComplete || !isFieldLevel(violation.code())) {
            return violation;
        }
        String declared = declaredSchemaVersion(payload);
        if (declared == null) {
            return violation;
        }
        return new ContractViolation(ErrorCode.UNSUPPORTED_SCHEMA_VERSION, unsupportedVersion(declared).getMessage()
                + " (as version 1 it also fails: " + violation.getMessage() + ")");
    }

    private static boolean isFieldLevel(ErrorCode code) {
        switch (code) {
            case EMPTY_PAYLOAD:
            case PAYLOAD_TOO_LARGE:
            case INVALID_JSON:
            case NOT_AN_OBJECT:
            case TRAILING_CONTENT:
            case TOO_DEEPLY_NESTED:
            case UNSUPPORTED_SCHEMA_VERSION:
                return false;
            default:
                return true;
        }
    }

    /** The top-level schema_version when it is an integer above the supported one, else null. */
    private static String declaredSchemaVersion(String payload) {
        try (JsonParser p = JSON.createParser(checkedText(payload))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                if (SCHEMA_VERSION.equals(name)) {
                    boolean newer = t == JsonToken.VALUE_NUMBER_INT && !p.getText().startsWith("-")
                            && (p.getNumberType() != JsonParser.NumberType.INT
                                    || p.getIntValue() > SUPPORTED_SCHEMA_VERSION);
                    return newer ? numberText(p) : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException | ContractViolation unreadable) {
            return null;
        }
    }

    /** Maps whatever the parser threw to a violation; nothing unchecked may reach the caller. */
    private static ContractViolation translate(Exception failure, JsonParser parser) {
        String where = inField(parser) + at(parser);
        if (failure instanceof StreamConstraintsException) {
            String detail = jacksonDetail(((StreamConstraintsException) failure).getOriginalMessage());
            if (detail.contains("nesting depth")) {
                return new ContractViolation(ErrorCode.TOO_DEEPLY_NESTED,
                        "JSON is nested deeper than " + MAX_NESTING_DEPTH + " levels" + where);
            }
            if (detail.contains("length")) {
                return new ContractViolation(ErrorCode.VALUE_TOO_LONG, "a JSON token is too long" + where + ": " + detail);
            }
            return new ContractViolation(ErrorCode.INVALID_JSON, "JSON rejected by a parser safety limit" + where + ": " + detail);
        }
        if (failure instanceof JsonEOFException) {
            return new ContractViolation(ErrorCode.INVALID_JSON, "JSON ends unexpectedly" + where + " (truncated record?)");
        }
        if (failure instanceof JsonProcessingException) {
            return new ContractViolation(ErrorCode.INVALID_JSON, "invalid JSON" + where + ": "
                    + jacksonDetail(((JsonProcessingException) failure).getOriginalMessage()));
        }
        return new ContractViolation(ErrorCode.INVALID_JSON, "could not parse JSON" + where + ": "
                + failure.getClass().getSimpleName() + ": " + MessageText.excerpt(failure.getMessage(), 200));
    }

    /** {@code in field "features"}: the top-level field being read when parsing failed, if any. */
    private static String inField(JsonParser parser) {
        try {
            JsonStreamContext context = parser == null ? null : parser.getParsingContext();
            while (context != null && context.getParent() != null && context.getParent().getParent() != null) {
                context = context.getParent();
            }
            String name = context != null && context.inObject() ? context.getCurrentName() : null;
            return name == null ? "" : " in field " + MessageText.quote(name);
        } catch (RuntimeException unavailable) {
            return "";
        }
    }

    /**
     * Jackson's message without what we report ourselves or what only a Jackson developer needs: the
     * source location it appends, and the name of the constraint getter.
     */
    private static String jacksonDetail(String message) {
        if (message == null) {
            return "";
        }
        String detail = message;
        int cut = detail.indexOf(" (start marker at ");
        if (cut < 0) {
            cut = detail.indexOf('\n');
        }
        if (cut >= 0) {
            detail = detail.substring(0, cut);
        }
        detail = detail.replaceAll(", from `[^`]*`\\)", ")");
        return MessageText.excerpt(detail, 200);
    }

    /** {@code at line 1, column 23}: where the parser stands, or nothing when that is unknown. */
    private static String at(JsonParser parser) {
        try {
            JsonLocation location = parser == null ? null : parser.currentLocation();
            if (location == null || location.getLineNr() < 1) {
                return "";
            }
            return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        } catch (RuntimeException unavailable) {
            return "";
        }
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser == null) {
            return;
        }
        try {
            parser.close();
        } catch (IOException | RuntimeException ignored) {
            // Parsing a String holds no external resource; closing only returns buffers to the pool.
        }
    }
}
