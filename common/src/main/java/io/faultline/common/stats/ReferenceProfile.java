package io.faultline.common.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.common.model.Prediction;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The frozen reference distributions of one model version's features: what window summaries are compared against
 * for drift. Immutable.
 *
 * <p>{@link #referenceId()} is {@code model/version/source/hash}: {@code hash} is the first 16 hex digits of the
 * SHA-256 of the profile's content, so the same reference data always gets the same id and any change gets a new
 * one. Two symmetric forms: {@link #toBytes()}/{@link #fromBytes(byte[])} (binary, leading format version int) and
 * {@link #toJson()}/{@link #fromJson(String)} (for {@code reference_profiles/}); reading checks the id against the
 * content.
 *
 * <p>Build one with {@link #builder(String, String, String)} from values ({@link Builder#add(Prediction)}, or per
 * column) or from finished summaries ({@link Builder#addSummary(String, NumericSummary)}).
 */
public final class ReferenceProfile implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Leading int of {@link #toBytes()} and {@code format_version} of {@link #toJson()}. */
    public static final int FORMAT_VERSION = 1;

    /** Partition-safe names: the contract's rule for model and version, also applied to the source label. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final byte NUMERIC = 0;
    private static final byte CATEGORICAL = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String model;
    private final String modelVersion;
    private final String source;
    private final String referenceId;
    private final SortedMap<String, ColumnReference> columns;

    private ReferenceProfile(String model, String modelVersion, String source, Map<String, ColumnReference> columns) {
        this.model = checkName("model", model);
        this.modelVersion = checkName("model version", modelVersion);
        this.source = checkName("source", source);
        TreeMap<String, ColumnReference> sorted = new TreeMap<>();
        for (Map.Entry<String, ColumnReference> e : columns.entrySet()) {
            if (!e.getKey().equals(e.getValue().column())) {
                throw new IllegalArgumentException("column " + e.getKey() + " holds the reference of " + e.getValue().column());
            }
            sorted.put(e.getKey(), e.getValue());
        }
        this.columns = Collections.unmodifiableSortedMap(sorted);
        this.referenceId = model + "/" + modelVersion + "/" + source + "/" + contentHash();
    }

    private static String checkName(String what, String value) {
        if (value == null || !SAFE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-128 chars of [A-Za-z0-9._-], not starting with '.': " + value);
        }
        return value;
    }

    /** A profile of explicit column references. */
    public static ReferenceProfile of(String model, String modelVersion, String source, List<ColumnReference> columns) {
        Map<String, ColumnReference> map = new HashMap<>();
        for (ColumnReference c : columns) {
            if (map.put(c.column(), c) != null) {
                throw new IllegalArgumentException("column " + c.column() + " given twice");
            }
        }
        return new ReferenceProfile(model, modelVersion, source, map);
    }

    public static Builder builder(String model, String modelVersion, String source) {
        return new Builder(model, modelVersion, source);
    }

    /** {@code model/version/source/hash}; see the class comment. */
    public String referenceId() {
        return referenceId;
    }

    public String model() {
        return model;
    }

    public String modelVersion() {
        return modelVersion;
    }

    /** A label for where the reference data came from, e.g. {@code training-2026-10} or {@code window-2026-11-01}. */
    public String source() {
        return source;
    }

    /** Column references by feature name, sorted. */
    public SortedMap<String, ColumnReference> columns() {
        return columns;
    }

    public Optional<ColumnReference> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    private String contentHash() {
        byte[] content = BinaryFormat.write(this::writeContent);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private void writeContent(DataOutput out) throws IOException {
        BinaryFormat.writeString(out, model);
        BinaryFormat.writeString(out, modelVersion);
        BinaryFormat.writeString(out, source);
        out.writeInt(columns.size());
        for (ColumnReference c : columns.values()) {
            writeColumn(out, c);
        }
    }

    /** Format version, reference id, model, version, source, then each column in name order. */
    public byte[] toBytes() {
        return BinaryFormat.write(out -> {
            out.writeInt(FORMAT_VERSION);
            BinaryFormat.writeString(out, referenceId);
            writeContent(out);
        });
    }

    /**
     * The inverse of {@link #toBytes()}.
     *
     * @throws IllegalArgumentException on malformed input, another format version, or an id that does not match the content
     */
    public static ReferenceProfile fromBytes(byte[] bytes) {
        return BinaryFormat.read(bytes, "reference profile", in -> {
            BinaryFormat.checkVersion(in, FORMAT_VERSION, "reference profile");
            String id = BinaryFormat.readString(in);
            String model = BinaryFormat.readString(in);
            String version = BinaryFormat.readString(in);
            String source = BinaryFormat.readString(in);
            int n = BinaryFormat.readLength(in);
            List<ColumnReference> columns = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                columns.add(readColumn(in));
            }
            try {
                return checkId(of(model, version, source, columns), id);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    private static ReferenceProfile checkId(ReferenceProfile profile, String id) {
        if (!profile.referenceId.equals(id)) {
            throw new IllegalArgumentException("reference id " + id + " does not match the content (" + profile.referenceId + ")");
        }
        return profile;
    }

    static void writeColumn(DataOutput out, ColumnReference column) throws IOException {
        if (column instanceof NumericReference) {
            NumericReference n = (NumericReference) column;
            out.writeByte(NUMERIC);
            BinaryFormat.writeString(out, n.column());
            BinaryFormat.writeDoubles(out, n.edgesShared());
            BinaryFormat.writeLongs(out, n.binCountsShared());
            out.writeLong(n.nonFiniteCount());
            out.writeLong(n.missingCount());
            out.writeLong(n.categoricalCount());
            out.writeDouble(n.mean());
            out.writeDouble(n.stddev());
            out.writeDouble(n.min());
            out.writeDouble(n.max());
            n.sketchShared().writeBody(out);
        } else {
            CategoricalReference c = (CategoricalReference) column;
            out.writeByte(CATEGORICAL);
            BinaryFormat.writeString(out, c.column());
            String[] categories = c.categoriesShared();
            out.writeInt(categories.length);
            for (String category : categories) {
                BinaryFormat.writeString(out, category);
            }
            BinaryFormat.writeLongs(out, c.categoryCountsShared());
            out.writeLong(c.otherCount());
            String[] others = c.otherValuesShared();
            out.writeBoolean(others != null);
            if (others != null) {
                out.writeInt(others.length);
                for (String v : others) {
                    BinaryFormat.writeString(out, v);
                }
            }
            out.writeLong(c.missingCount());
            out.writeLong(c.numericCount());
        }
    }

    static ColumnReference readColumn(DataInput in) throws IOException {
        byte kind = in.readByte();
        try {
            if (kind == NUMERIC) {
                String name = BinaryFormat.readString(in);
                double[] edges = BinaryFormat.readDoubles(in);
                long[] bins = BinaryFormat.readLongs(in);
                long nonFinite = in.readLong();
                long missing = in.readLong();
                long categorical = in.readLong();
                double mean = in.readDouble();
                double stddev = in.readDouble();
                double min = in.readDouble();
                double max = in.readDouble();
                LogBucketQuantileSketch sketch = LogBucketQuantileSketch.readBody(in);
                return NumericReference.of(name, edges, bins, nonFinite, missing, categorical, mean, stddev, min, max,
                        sketch);
            }
            if (kind == CATEGORICAL) {
                String name = BinaryFormat.readString(in);
                int k = BinaryFormat.readLength(in);
                List<String> categories = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    categories.add(BinaryFormat.readString(in));
                }
                long[] counts = BinaryFormat.readLongs(in);
                long other = in.readLong();
                List<String> others = null;
                if (in.readBoolean()) {
                    int n = BinaryFormat.readLength(in);
                    others = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        others.add(BinaryFormat.readString(in));
                    }
                }
                return CategoricalReference.of(name, categories, counts, other, others, in.readLong(), in.readLong());
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        throw new IOException("unknown column kind " + kind);
    }

    /**
     * The JSON form: snake_case fields, doubles in shortest round-trip form, NaN as null, a numeric column's
     * quantile sketch as the base64 of {@link LogBucketQuantileSketch#toBytes()}.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("reference_id", referenceId);
        root.put("model", model);
        root.put("model_version", modelVersion);
        root.put("source", source);
        ArrayNode cols = root.putArray("columns");
        for (ColumnReference column : columns.values()) {
            ObjectNode c = cols.addObject();
            c.put("name", column.column());
            c.put("kind", column.kind().name().toLowerCase(Locale.ROOT));
            c.put("count", column.count());
            c.put("missing_count", column.missingCount());
            c.put("numeric_count", column.numericCount());
            c.put("categorical_count", column.categoricalCount());
            if (column instanceof NumericReference) {
                NumericReference n = (NumericReference) column;
                c.put("non_finite_count", n.nonFiniteCount());
                putDouble(c, "mean", n.mean());
                putDouble(c, "stddev", n.stddev());
                putDouble(c, "min", n.min());
                putDouble(c, "max", n.max());
                ArrayNode edges = c.putArray("bin_edges");
                for (double e : n.edgesShared()) {
                    edges.add(e);
                }
                ArrayNode bins = c.putArray("bin_counts");
                for (long b : n.binCountsShared()) {
                    bins.add(b);
                }
                c.put("quantile_sketch", Base64.getEncoder().encodeToString(n.sketchShared().toBytes()));
            } else {
                CategoricalReference r = (CategoricalReference) column;
                ArrayNode categories = c.putArray("categories");
                String[] names = r.categoriesShared();
                long[] counts = r.categoryCountsShared();
                for (int i = 0; i < names.length; i++) {
                    categories.addObject().put("value", names[i]).put("count", counts[i]);
                }
                c.put("other_count", r.otherCount());
                if (r.knowsAllValues()) {
                    ArrayNode others = c.putArray("other_values");
                    for (String v : r.otherValuesShared()) {
                        others.add(v);
                    }
                } else {
                    c.putNull("other_values");
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static void putDouble(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    /**
     * The inverse of {@link #toJson()}.
     *
     * @throws IllegalArgumentException on malformed JSON, a missing field, another format version, or an id that does
     *     not match the content
     */
    public static ReferenceProfile fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reference profile is not valid JSON: " + e.getOriginalMessage(), e);
        }
        int version = required(root, "format_version").asInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("reference profile format version " + version + " is not supported");
        }
        List<ColumnReference> columns = new ArrayList<>();
        for (JsonNode c : required(root, "columns")) {
            String name = text(c, "name");
            String kind = text(c, "kind");
            if (kind.equals("numeric")) {
                JsonNode edgesNode = required(c, "bin_edges");
                double[] edges = new double[edgesNode.size()];
                for (int i = 0; i < edges.length; i++) {
                    edges[i] = edgesNode.get(i).doubleValue();
                }
                JsonNode binsNode = required(c, "bin_counts");
                long[] bins = new long[binsNode.size()];
                for (int i = 0; i < bins.length; i++) {
                    bins[i] = binsNode.get(i).longValue();
                }
                byte[] sketch;
                try {
                    sketch = Base64.getDecoder().decode(text(c, "quantile_sketch"));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("quantile_sketch of " + name + " is not base64", e);
                }
                columns.add(NumericReference.of(name, edges, bins, count(c, "non_finite_count"),
                        count(c, "missing_count"), count(c, "categorical_count"), optionalDouble(c, "mean"),
                        optionalDouble(c, "stddev"), optionalDouble(c, "min"), optionalDouble(c, "max"),
                        LogBucketQuantileSketch.fromBytes(sketch)));
            } else if (kind.equals("categorical")) {
                List<String> categories = new ArrayList<>();
                List<Long> counts = new ArrayList<>();
                for (JsonNode category : required(c, "categories")) {
                    categories.add(text(category, "value"));
                    counts.add(count(category, "count"));
                }
                JsonNode othersNode = required(c, "other_values");
                List<String> others = null;
                if (!othersNode.isNull()) {
                    others = new ArrayList<>();
                    for (JsonNode v : othersNode) {
                        others.add(v.textValue());
                    }
                }
                columns.add(CategoricalReference.of(name, categories,
                        counts.stream().mapToLong(Long::longValue).toArray(), count(c, "other_count"), others,
                        count(c, "missing_count"), count(c, "numeric_count")));
            } else {
                throw new IllegalArgumentException("unknown column kind " + kind);
            }
        }
        ReferenceProfile profile = of(text(root, "model"), text(root, "model_version"), text(root, "source"), columns);
        return checkId(profile, text(root, "reference_id"));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("reference profile JSON lacks " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.textValue();
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(field + " must be an integer");
        }
        return value.longValue();
    }

    private static double optionalDouble(JsonNode node, String field) {
        JsonNode value = required(node, field);
        return value.isNull() ? Double.NaN : value.doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ReferenceProfile)) return false;
        ReferenceProfile p = (ReferenceProfile) o;
        return referenceId.equals(p.referenceId) && columns.equals(p.columns);
    }

    @Override
    public int hashCode() {
        return referenceId.hashCode();
    }

    @Override
    public String toString() {
        return "ReferenceProfile{" + referenceId + ", columns=" + columns.keySet() + "}";
    }

    /**
     * Collects reference values per column and freezes them. A column becomes numeric or categorical by the kind of
     * the majority of its non-null values (numeric on a tie, and for a column with no values at all); the minority
     * kind's count is recorded for schema checks. Numeric columns are summarised by a {@link NumericSummary};
     * categorical columns are counted exactly by value. Not thread-safe.
     */
    public static final class Builder {
        private final String model;
        private final String modelVersion;
        private final String source;
        private int binCount = NumericReference.DEFAULT_BIN_COUNT;
        private int maxCategories = CategoricalReference.DEFAULT_MAX_CATEGORIES;
        private int maxKnownValues = CategoricalReference.DEFAULT_MAX_KNOWN_VALUES;
        private double relativeAccuracy = LogBucketQuantileSketch.DEFAULT_RELATIVE_ACCURACY;
        private int maxBuckets = LogBucketQuantileSketch.DEFAULT_MAX_BUCKETS;
        private final TreeMap<String, ColumnValues> columns = new TreeMap<>();

        private Builder(String model, String modelVersion, String source) {
            this.model = checkName("model", model);
            this.modelVersion = checkName("model version", modelVersion);
            this.source = checkName("source", source);
        }

        /** Quantile bins per numeric column (default {@value NumericReference#DEFAULT_BIN_COUNT}), at least 1. */
        public Builder binCount(int binCount) {
            if (binCount < 1) {
                throw new IllegalArgumentException("binCount must be at least 1: " + binCount);
            }
            this.binCount = binCount;
            return this;
        }

        /** Categories kept per categorical column (default {@value CategoricalReference#DEFAULT_MAX_CATEGORIES}), at least 1. */
        public Builder maxCategories(int maxCategories) {
            if (maxCategories < 1) {
                throw new IllegalArgumentException("maxCategories must be at least 1: " + maxCategories);
            }
            this.maxCategories = maxCategories;
            return this;
        }

        /**
         * Values outside the categories remembered to tell {@code other} from {@code unseen} (default
         * {@value CategoricalReference#DEFAULT_MAX_KNOWN_VALUES}), at least 0.
         */
        public Builder maxKnownValues(int maxKnownValues) {
            if (maxKnownValues < 0) {
                throw new IllegalArgumentException("maxKnownValues must be at least 0: " + maxKnownValues);
            }
            this.maxKnownValues = maxKnownValues;
            return this;
        }

        /**
         * Quantile sketch parameters of numeric columns (default α = 0.01, 2048 buckets); window summaries of the
         * columns inherit them, and summaries added with {@link #addSummary(String, NumericSummary)} must use them.
         * Set before adding values.
         *
         * @see LogBucketQuantileSketch#create(double, int)
         */
        public Builder sketch(double relativeAccuracy, int maxBuckets) {
            if (!columns.isEmpty()) {
                throw new IllegalStateException("set the sketch parameters before adding values");
            }
            LogBucketQuantileSketch.create(relativeAccuracy, maxBuckets);
            this.relativeAccuracy = relativeAccuracy;
            this.maxBuckets = maxBuckets;
            return this;
        }

        private ColumnValues column(String name) {
            return columns.computeIfAbsent(Objects.requireNonNull(name, "column"),
                    n -> new ColumnValues(relativeAccuracy, maxBuckets));
        }

        /** Adds every feature of a prediction (numeric, categorical and missing). */
        public Builder add(Prediction prediction) {
            if (prediction.numericFeatureNames != null) {
                for (int i = 0; i < prediction.numericFeatureNames.length; i++) {
                    addNumeric(prediction.numericFeatureNames[i], prediction.numericFeatureValues[i]);
                }
            }
            if (prediction.categoricalFeatureNames != null) {
                for (int i = 0; i < prediction.categoricalFeatureNames.length; i++) {
                    addCategorical(prediction.categoricalFeatureNames[i], prediction.categoricalFeatureValues[i]);
                }
            }
            if (prediction.missingFeatures != null) {
                for (String missing : prediction.missingFeatures) {
                    addMissing(missing);
                }
            }
            return this;
        }

        public Builder addNumeric(String column, double value) {
            column(column).numeric().add(value);
            return this;
        }

        /** Adds a string value; null counts as missing. */
        public Builder addCategorical(String column, String value) {
            ColumnValues values = column(column);
            if (value == null) {
                values.missing++;
            } else {
                values.counts.computeIfAbsent(value, v -> new long[1])[0]++;
            }
            return this;
        }

        public Builder addMissing(String column) {
            column(column).missing++;
            return this;
        }

        /** Adds a finished numeric summary of the column (its bins, if any, are ignored). */
        public Builder addSummary(String column, NumericSummary summary) {
            column(column).numeric().merge(summary.withoutBins());
            return this;
        }

        /**
         * Adds a finished categorical summary of the column. Values it can name (reference categories, kept unseen
         * values) are counted by value; the rest ({@code other}, unseen values beyond its capacity) only in number,
         * which makes the column's value set incomplete (see {@link CategoricalReference#knowsAllValues()}).
         */
        public Builder addSummary(String column, CategoricalSummary summary) {
            ColumnValues values = column(column);
            CategoricalReference reference = summary.reference();
            long[] categoryCounts = summary.categoryCounts();
            for (int i = 0; i < categoryCounts.length; i++) {
                if (categoryCounts[i] > 0) {
                    values.counts.computeIfAbsent(reference.categoriesShared()[i], v -> new long[1])[0] += categoryCounts[i];
                }
            }
            long named = 0;
            for (ValueCount vc : summary.unseenValues().all()) {
                values.counts.computeIfAbsent(vc.value(), v -> new long[1])[0] += vc.count();
                named += vc.count();
            }
            values.unattributed += summary.otherCount() + summary.unseenCount() - named;
            values.missing += summary.missingCount();
            return this;
        }

        /** Adds a finished column profile: its numeric and categorical summaries and its missing values. */
        public Builder addProfile(String column, ColumnProfile profile) {
            if (profile.numericCount() > 0) {
                addSummary(column, profile.numeric());
            }
            if (profile.categoricalCount() > 0) {
                addSummary(column, profile.categorical());
            }
            column(column).missing += profile.missingCount();
            return this;
        }

        public ReferenceProfile build() {
            Map<String, ColumnReference> references = new HashMap<>();
            for (Map.Entry<String, ColumnValues> e : columns.entrySet()) {
                references.put(e.getKey(), e.getValue().freeze(e.getKey(), this));
            }
            return new ReferenceProfile(model, modelVersion, source, references);
        }
    }

    private static final class ColumnValues {
        private static final double[] NO_EDGES = {};
        private final double relativeAccuracy;
        private final int maxBuckets;
        private NumericSummary numeric;
        private final Map<String, long[]> counts = new HashMap<>();
        private long unattributed;
        private long missing;

        ColumnValues(double relativeAccuracy, int maxBuckets) {
            this.relativeAccuracy = relativeAccuracy;
            this.maxBuckets = maxBuckets;
        }

        NumericSummary numeric() {
            if (numeric == null) {
                numeric = NumericSummary.withBinEdges(NO_EDGES, relativeAccuracy, maxBuckets);
            }
            return numeric;
        }

        ColumnReference freeze(String name, Builder settings) {
            long numericValues = numeric == null ? 0 : numeric.count() + numeric.nonFiniteCount();
            long categoricalValues = unattributed;
            Map<String, Long> exact = new HashMap<>(counts.size() * 2);
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                exact.put(e.getKey(), e.getValue()[0]);
                categoricalValues += e.getValue()[0];
            }
            long missingValues = missing + (numeric == null ? 0 : numeric.missingCount());
            if (categoricalValues > numericValues) {
                return CategoricalReference.fromCounts(name, exact, unattributed, missingValues, numericValues,
                        settings.maxCategories, settings.maxKnownValues);
            }
            NumericSummary summary = numeric();
            return NumericReference.fromSummary(name, summary, settings.binCount, categoricalValues, missingValues);
        }
    }
}
