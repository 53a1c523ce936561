package io.faultline.common.label;

import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.stats.LogBucketQuantileSketch;
import io.faultline.common.stats.StableHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The labelling summary of one (window, model, version): a mergeable sufficient statistic of
 * {@link LabelingStatsRow}. {@code merge(A, B)} describes exactly the predictions of A and B together, in any
 * order and split.
 *
 * <p><b>Label delay</b> (of the effective label, {@code label_time - event_time}) is kept in a
 * {@link LogBucketQuantileSketch} with relative accuracy 0.01: a reported quantile is within 1% of the
 * true value of the "lower" quantile (rank {@code floor(q (n-1))}), and the sketch, hence the row, is the same
 * for any insertion and merge order. Negative delays (a label stamped before its prediction) are kept.
 *
 * <p><b>Reviewers</b> are bounded: exact counts for at most {@link #MAX_REVIEWERS} labellers, those with the
 * smallest {@link StableHash} of their name (ties by name); the rest are folded into {@link #OTHER}. As in
 * {@code BottomKValueCounts}, which labellers are kept depends only on the set of names, so the counts are
 * exact and merge-order independent. Teams of up to {@value #MAX_REVIEWERS} labellers per window are
 * therefore reported in full.
 *
 * <p>Not thread-safe.
 */
public final class LabelingStats {
    public static final int FORMAT_VERSION = 1;
    public static final int MAX_REVIEWERS = 64;
    /** The labellers beyond {@link #MAX_REVIEWERS}, folded together. */
    public static final String OTHER = "(other)";

    private final int maxReviewers;
    private long predictions;
    private long labelled;
    private long labels;
    private long disagreementEvents;
    private long misclassified;
    private final LogBucketQuantileSketch delays = LogBucketQuantileSketch.create();
    /** Labeller to {votes, agreeing}. */
    private final Map<String, long[]> reviewers = new HashMap<>();
    private final long[] other = new long[2];
    private boolean folded;

    public LabelingStats() {
        this(MAX_REVIEWERS);
    }

    /** @param maxReviewers labellers kept exactly, at least 1 */
    public LabelingStats(int maxReviewers) {
        if (maxReviewers < 1) {
            throw new IllegalArgumentException("maxReviewers must be at least 1: " + maxReviewers);
        }
        this.maxReviewers = maxReviewers;
    }

    /** Folds one prediction and the review of its labels (null when it got none within the label wait). */
    public void add(Prediction p, LabelReview review) {
        add(p.eventTime, p.prediction, review == null ? null : LabelOutcome.of(review));
    }

    /**
     * As {@link #add(Prediction, LabelReview)}, given the prediction's event time and predicted value and the
     * outcome of its review (null when it got no label within the wait).
     */
    public void add(long eventTime, String predicted, LabelOutcome outcome) {
        predictions++;
        if (outcome == null) {
            return;
        }
        labelled++;
        labels += outcome.labels;
        delays.add(outcome.effectiveLabelTime - eventTime);
        if (outcome.disagreement) {
            disagreementEvents++;
        }
        if (outcome.effectiveLabel != null && predicted != null && !outcome.effectiveLabel.equals(predicted)) {
            misclassified++;
        }
        for (int i = 0; i < outcome.labellers.length; i++) {
            addReviewer(outcome.labellers[i], 1, outcome.agreesWithEffective[i] ? 1 : 0);
        }
    }

    /** Adds everything {@code other} saw. @throws IllegalArgumentException if the reviewer caps differ */
    public void merge(LabelingStats that) {
        if (that.maxReviewers != maxReviewers) {
            throw new IllegalArgumentException("cannot merge labelling stats with reviewer caps " + maxReviewers
                    + " and " + that.maxReviewers);
        }
        predictions += that.predictions;
        labelled += that.labelled;
        labels += that.labels;
        disagreementEvents += that.disagreementEvents;
        misclassified += that.misclassified;
        delays.merge(that.delays);
        that.reviewers.forEach((name, counts) -> addReviewer(name, counts[0], counts[1]));
        other[0] += that.other[0];
        other[1] += that.other[1];
        folded |= that.folded;
    }

    private void addReviewer(String name, long votes, long agreeing) {
        long[] counts = reviewers.get(name);
        if (counts != null) {
            counts[0] += votes;
            counts[1] += agreeing;
            return;
        }
        reviewers.put(name, new long[] {votes, agreeing});
        if (reviewers.size() > maxReviewers) {
            String largest = null;
            long largestHash = 0;
            for (String candidate : reviewers.keySet()) {
                long h = StableHash.hash64(candidate);
                if (largest == null || h > largestHash || (h == largestHash && candidate.compareTo(largest) > 0)) {
                    largest = candidate;
                    largestHash = h;
                }
            }
            long[] evicted = reviewers.remove(largest);
            other[0] += evicted[0];
            other[1] += evicted[1];
            folded = true;
        }
    }

    public long predictions() {
        return predictions;
    }

    /** The row of this summary for one (window, model, version), labels chosen by {@code policy}. */
    public LabelingStatsRow toRow(long windowStart, long windowEnd, String model, String modelVersion,
            LabelPolicy policy) {
        LabelingStatsRow r = new LabelingStatsRow();
        r.windowStart = windowStart;
        r.windowEnd = windowEnd;
        r.model = model;
        r.modelVersion = modelVersion;
        r.labelPolicy = policy.name();
        r.predictions = predictions;
        r.labelled = labelled;
        r.labelledShare = ratio(labelled, predictions);
        r.labels = labels;
        r.labelDelayP50Ms = delays.isEmpty() ? null : delays.quantile(0.5);
        r.labelDelayP95Ms = delays.isEmpty() ? null : delays.quantile(0.95);
        r.disagreementEvents = disagreementEvents;
        r.disagreementRate = ratio(disagreementEvents, labelled);
        r.misclassified = misclassified;
        r.misclassificationRate = ratio(misclassified, labelled);
        TreeMap<String, long[]> sorted = new TreeMap<>(reviewers);
        if (folded) {
            sorted.merge(OTHER, other.clone(), (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        int n = sorted.size();
        r.reviewers = new String[n];
        r.reviewerLabels = new long[n];
        r.reviewerAgreeing = new long[n];
        r.reviewerAgreement = new double[n];
        int i = 0;
        for (Map.Entry<String, long[]> e : sorted.entrySet()) {
            r.reviewers[i] = e.getKey();
            r.reviewerLabels[i] = e.getValue()[0];
            r.reviewerAgreeing[i] = e.getValue()[1];
            r.reviewerAgreement[i] = (double) e.getValue()[1] / e.getValue()[0];
            i++;
        }
        return r;
    }

    private static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    // ---- binary form --------------------------------------------------------------------------------------

    /** Format version, cap, counts, the delay sketch, then the kept reviewers in name order and the folded rest. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            out.writeInt(maxReviewers);
            out.writeLong(predictions);
            out.writeLong(labelled);
            out.writeLong(labels);
            out.writeLong(disagreementEvents);
            out.writeLong(misclassified);
            byte[] sketch = delays.toBytes();
            out.writeInt(sketch.length);
            out.write(sketch);
            TreeMap<String, long[]> sorted = new TreeMap<>(reviewers);
            out.writeInt(sorted.size());
            for (Map.Entry<String, long[]> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue()[0]);
                out.writeLong(e.getValue()[1]);
            }
            out.writeBoolean(folded);
            out.writeLong(other[0]);
            out.writeLong(other[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The inverse of {@link #toBytes()}. @throws IllegalArgumentException on malformed input or another version */
    public static LabelingStats fromBytes(byte[] bytes) {
        ByteArrayInputStream buffer = new ByteArrayInputStream(bytes);
        try (DataInputStream in = new DataInputStream(buffer)) {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("labelling stats format version " + version
                        + " is not supported (expected " + FORMAT_VERSION + ")");
            }
            LabelingStats s = new LabelingStats(in.readInt());
            s.predictions = in.readLong();
            s.labelled = in.readLong();
            s.labels = in.readLong();
            s.disagreementEvents = in.readLong();
            s.misclassified = in.readLong();
            int sketchLength = in.readInt();
            if (sketchLength < 0 || sketchLength > buffer.available()) {
                throw new IOException("sketch length " + sketchLength + " exceeds the input");
            }
            byte[] sketch = new byte[sketchLength];
            in.readFully(sketch);
            s.delays.merge(LogBucketQuantileSketch.fromBytes(sketch));
            int n = in.readInt();
            if (n < 0 || n > s.maxReviewers) {
                throw new IOException("reviewer count " + n + " outside [0, " + s.maxReviewers + "]");
            }
            for (int i = 0; i < n; i++) {
                s.reviewers.put(in.readUTF(), new long[] {in.readLong(), in.readLong()});
            }
            s.folded = in.readBoolean();
            s.other[0] = in.readLong();
            s.other[1] = in.readLong();
            if (buffer.available() != 0) {
                throw new IOException(buffer.available() + " trailing bytes");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed labelling stats bytes: " + e, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelingStats && java.util.Arrays.equals(toBytes(), ((LabelingStats) o).toBytes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(predictions, labelled, labels);
    }
}
