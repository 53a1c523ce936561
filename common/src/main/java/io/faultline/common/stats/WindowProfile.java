package io.faultline.common.stats;

import io.faultline.common.model.FeatureIndexCache;
import io.faultline.common.model.Prediction;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one event-time window saw of one (model, version): a {@link ColumnProfile} per monitored
 * column, counted without a reference so that it can be built before the version's reference exists
 * (pre-aggregation, warm-up) and compared later ({@link ColumnProfile#against}). Mergeable like its parts,
 * in any order, with bit-identical results.
 *
 * <p>Monitored columns: every feature, as {@code features.<name>}; the model's {@code confidence} and
 * {@code latency_ms} (numeric); the predicted class, {@code prediction} (categorical).
 */
public final class WindowProfile {
    public static final int FORMAT_VERSION = 1;
    public static final String FEATURE_PREFIX = "features.";
    public static final String CONFIDENCE = "confidence";
    public static final String LATENCY_MS = "latency_ms";
    public static final String PREDICTION = "prediction";

    // Feature columns by the bare feature name (so that the per-record path builds no strings): a position in
    // featureColumns, assigned on the first value. Records find the positions of their feature names through
    // caches of name arrays (one per array of the prediction), not through a map lookup per name.
    private final Map<String, Integer> featurePositions = new HashMap<>();
    private final List<ColumnProfile> featureColumns = new ArrayList<>();
    private final FeatureIndexCache numericFeatures = new FeatureIndexCache(this::featurePosition);
    private final FeatureIndexCache categoricalFeatures = new FeatureIndexCache(this::featurePosition);
    private final FeatureIndexCache missingFeatures = new FeatureIndexCache(this::featurePosition);
    private final ColumnProfile confidence = ColumnProfile.unreferenced();
    private final ColumnProfile latency = ColumnProfile.unreferenced();
    private final ColumnProfile prediction = ColumnProfile.unreferenced();
    private long predictions;
    private long lateArrivals;

    public WindowProfile() {}

    /** Folds one prediction into the window. {@code late}: it arrived after the watermark passed the window's end. */
    public void add(Prediction p, boolean late) {
        predictions++;
        if (late) {
            lateArrivals++;
        }
        if (p.numericFeatureNames != null) {
            int[] positions = numericFeatures.indexesOf(p.numericFeatureNames);
            double[] values = p.numericFeatureValues;
            for (int i = 0; i < positions.length; i++) {
                featureColumns.get(positions[i]).addNumeric(values[i]);
            }
        }
        if (p.categoricalFeatureNames != null) {
            int[] positions = categoricalFeatures.indexesOf(p.categoricalFeatureNames);
            String[] values = p.categoricalFeatureValues;
            for (int i = 0; i < positions.length; i++) {
                featureColumns.get(positions[i]).addCategorical(values[i]);
            }
        }
        if (p.missingFeatures != null) {
            for (int position : missingFeatures.indexesOf(p.missingFeatures)) {
                featureColumns.get(position).addMissing();
            }
        }
        addOptional(confidence, p.confidence);
        addOptional(latency, p.latencyMs);
        prediction.addCategorical(p.prediction);
    }

    private static void addOptional(ColumnProfile column, Double value) {
        if (value == null) {
            column.addMissing();
        } else {
            column.addNumeric(value);
        }
    }

    /** The position of a feature's column in {@link #featureColumns}, added empty on the feature's first value. */
    private int featurePosition(String name) {
        Integer position = featurePositions.get(name);
        if (position == null) {
            position = featureColumns.size();
            featureColumns.add(ColumnProfile.unreferenced());
            featurePositions.put(name, position);
        }
        return position;
    }

    private ColumnProfile feature(String name) {
        return featureColumns.get(featurePosition(name));
    }

    /** Feature columns by bare name, in name order (live profiles). */
    private TreeMap<String, ColumnProfile> featuresByName() {
        TreeMap<String, ColumnProfile> sorted = new TreeMap<>();
        featurePositions.forEach((name, position) -> sorted.put(name, featureColumns.get(position)));
        return sorted;
    }

    public void merge(WindowProfile other) {
        other.featurePositions.forEach((name, position) -> feature(name).merge(other.featureColumns.get(position)));
        confidence.merge(other.confidence);
        latency.merge(other.latency);
        prediction.merge(other.prediction);
        predictions += other.predictions;
        lateArrivals += other.lateArrivals;
    }

    /** Every monitored column by output name, in name order (live profiles, not copies). */
    public SortedMap<String, ColumnProfile> columns() {
        SortedMap<String, ColumnProfile> columns = new TreeMap<>();
        featurePositions.forEach((name, position) -> columns.put(FEATURE_PREFIX + name, featureColumns.get(position)));
        columns.put(CONFIDENCE, confidence);
        columns.put(LATENCY_MS, latency);
        columns.put(PREDICTION, prediction);
        return columns;
    }

    public long predictions() {
        return predictions;
    }

    public long lateArrivals() {
        return lateArrivals;
    }

    /** Format version, counts, the three model columns, then the features in name order. */
    public byte[] toBytes() {
        return BinaryFormat.write(out -> {
            out.writeInt(FORMAT_VERSION);
            out.writeLong(predictions);
            out.writeLong(lateArrivals);
            writeProfile(out, confidence);
            writeProfile(out, latency);
            writeProfile(out, prediction);
            TreeMap<String, ColumnProfile> sorted = featuresByName();
            out.writeInt(sorted.size());
            for (Map.Entry<String, ColumnProfile> e : sorted.entrySet()) {
                BinaryFormat.writeString(out, e.getKey());
                writeProfile(out, e.getValue());
            }
        });
    }

    /** The inverse of {@link #toBytes()}. @throws IllegalArgumentException on malformed input */
    public static WindowProfile fromBytes(byte[] bytes) {
        return BinaryFormat.read(bytes, "window profile", in -> {
            BinaryFormat.checkVersion(in, FORMAT_VERSION, "window profile");
            WindowProfile profile = new WindowProfile();
            profile.predictions = BinaryFormat.readCount(in);
            profile.lateArrivals = BinaryFormat.readCount(in);
            profile.confidence.merge(readProfile(in));
            profile.latency.merge(readProfile(in));
            profile.prediction.merge(readProfile(in));
            int n = BinaryFormat.readLength(in);
            for (int i = 0; i < n; i++) {
                String name = BinaryFormat.readString(in);
                profile.featureColumns.set(profile.featurePosition(name), readProfile(in));
            }
            return profile;
        });
    }

    private static void writeProfile(DataOutput out, ColumnProfile profile) throws IOException {
        byte[] bytes = profile.toBytes();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static ColumnProfile readProfile(DataInput in) throws IOException {
        byte[] bytes = new byte[BinaryFormat.readLength(in)];
        in.readFully(bytes);
        try {
            return ColumnProfile.fromBytes(bytes, null);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
