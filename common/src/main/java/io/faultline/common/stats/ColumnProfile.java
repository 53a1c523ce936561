package io.faultline.common.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything a window saw of one column: a {@link NumericSummary} for its numbers, a {@link CategoricalSummary}
 * for its strings (each created on the first value of that kind), and its missing values (counted here, not in the
 * summaries).
 *
 * <p>Numbers and strings are both kept whatever the reference's kind, so a column whose type changed (numbers in
 * the reference, strings now) is reported by {@link #kindMismatch()} as a schema change, with the new values
 * inspectable, instead of failing or being dropped. The summary of the reference's kind counts the reference's
 * bins; the other kind is summarised without a reference. Mergeable like its parts. Not thread-safe.
 */
public final class ColumnProfile {
    /** Leading int of {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;

    private final ColumnReference reference;
    private NumericSummary numeric;
    private CategoricalSummary categorical;
    private long missingCount;

    private ColumnProfile(ColumnReference reference) {
        this.reference = reference;
    }

    /** An empty profile counting against {@code reference}. */
    public static ColumnProfile forReference(ColumnReference reference) {
        return new ColumnProfile(Objects.requireNonNull(reference, "reference"));
    }

    /** An empty profile of a column without a reference. */
    public static ColumnProfile unreferenced() {
        return new ColumnProfile(null);
    }

    public void addNumeric(double value) {
        if (numeric == null) {
            numeric = newNumericSummary();
        }
        numeric.add(value);
    }

    /** Counts a string value; null counts as missing. */
    public void addCategorical(String value) {
        if (value == null) {
            missingCount++;
            return;
        }
        if (categorical == null) {
            categorical = newCategoricalSummary();
        }
        categorical.add(value);
    }

    public void addMissing() {
        missingCount++;
    }

    private NumericSummary newNumericSummary() {
        return reference instanceof NumericReference
                ? NumericSummary.forReference((NumericReference) reference)
                : NumericSummary.unbinned();
    }

    private CategoricalSummary newCategoricalSummary() {
        return reference instanceof CategoricalReference
                ? CategoricalSummary.forReference((CategoricalReference) reference)
                : CategoricalSummary.unreferenced();
    }

    /** @throws IllegalArgumentException if the references differ */
    public void merge(ColumnProfile other) {
        if (!Objects.equals(reference, other.reference)) {
            throw new IllegalArgumentException("cannot merge profiles over different references");
        }
        if (other.numeric != null) {
            if (numeric == null) {
                numeric = other.numeric.copy();
            } else {
                numeric.merge(other.numeric);
            }
        }
        if (other.categorical != null) {
            if (categorical == null) {
                categorical = other.categorical.copy();
            } else {
                categorical.merge(other.categorical);
            }
        }
        missingCount += other.missingCount;
    }

    /**
     * This unreferenced profile counted against {@code reference} (see {@link NumericSummary#binnedOver} and
     * {@link CategoricalSummary#countedAgainst}): the drift of a window summarised before its reference existed.
     */
    public ColumnProfile against(ColumnReference reference) {
        if (this.reference != null) {
            throw new IllegalArgumentException("the profile is already counted against a reference");
        }
        ColumnProfile counted = new ColumnProfile(Objects.requireNonNull(reference, "reference"));
        counted.missingCount = missingCount;
        if (numeric != null) {
            counted.numeric = reference instanceof NumericReference
                    ? numeric.binnedOver((NumericReference) reference) : numeric.copy();
        }
        if (categorical != null) {
            counted.categorical = reference instanceof CategoricalReference
                    ? categorical.countedAgainst((CategoricalReference) reference) : categorical.copy();
        }
        return counted;
    }

    /** The reference counted against; null for none. */
    public ColumnReference reference() {
        return reference;
    }

    /** Numeric values seen, finite or not. */
    public long numericCount() {
        return numeric == null ? 0 : numeric.count() + numeric.nonFiniteCount();
    }

    /** String values seen. */
    public long categoricalCount() {
        return categorical == null ? 0 : categorical.count();
    }

    public long missingCount() {
        return missingCount;
    }

    /**
     * The numeric summary (live, not a copy), or an empty one counting the reference's bins when no number was seen.
     */
    public NumericSummary numeric() {
        return numeric != null ? numeric : newNumericSummary();
    }

    /** The categorical summary (live, not a copy), or an empty one when no string was seen. */
    public CategoricalSummary categorical() {
        return categorical != null ? categorical : newCategoricalSummary();
    }

    /**
     * True when the window has values of a kind the reference never had (numbers where the reference had only
     * strings, or the other way round, or any value where the reference had only nulls): a schema change, to be
     * reported as such rather than as drift. False without a reference.
     */
    public boolean kindMismatch() {
        if (reference == null) {
            return false;
        }
        return (numericCount() > 0 && reference.numericCount() == 0)
                || (categoricalCount() > 0 && reference.categoricalCount() == 0);
    }

    /** Format version, missing count, then each summary present (the reference itself is not included). */
    public byte[] toBytes() {
        return BinaryFormat.write(out -> {
            out.writeInt(FORMAT_VERSION);
            out.writeLong(missingCount);
            writeOptional(out, numeric == null ? null : numeric.toBytes());
            writeOptional(out, categorical == null ? null : categorical.toBytes());
        });
    }

    private static void writeOptional(DataOutput out, byte[] bytes) throws IOException {
        out.writeBoolean(bytes != null);
        if (bytes != null) {
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static byte[] readOptional(DataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        byte[] bytes = new byte[BinaryFormat.readLength(in)];
        in.readFully(bytes);
        return bytes;
    }

    /**
     * The inverse of {@link #toBytes()}.
     *
     * @param reference the reference the profile was counted against (null for none)
     * @throws IllegalArgumentException on malformed input, another format version, or another reference
     */
    public static ColumnProfile fromBytes(byte[] bytes, ColumnReference reference) {
        return BinaryFormat.read(bytes, "column profile", in -> {
            BinaryFormat.checkVersion(in, FORMAT_VERSION, "column profile");
            ColumnProfile profile = new ColumnProfile(reference);
            profile.missingCount = BinaryFormat.readCount(in);
            byte[] numericBytes = readOptional(in);
            byte[] categoricalBytes = readOptional(in);
            try {
                if (numericBytes != null) {
                    NumericSummary numeric = NumericSummary.fromBytes(numericBytes);
                    if (!Arrays.equals(numeric.edgesShared(), profile.newNumericSummary().edgesShared())) {
                        throw new IllegalArgumentException("numeric summary was binned over other edges");
                    }
                    profile.numeric = numeric;
                }
                if (categoricalBytes != null) {
                    profile.categorical = CategoricalSummary.fromBytes(categoricalBytes,
                            reference instanceof CategoricalReference ? (CategoricalReference) reference : null);
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage(), e);
            }
            return profile;
        });
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ColumnProfile)) return false;
        ColumnProfile p = (ColumnProfile) o;
        return missingCount == p.missingCount
                && Objects.equals(reference, p.reference)
                && Objects.equals(numeric, p.numeric)
                && Objects.equals(categorical, p.categorical);
    }

    @Override
    public int hashCode() {
        return Objects.hash(missingCount, numeric, categorical);
    }

    @Override
    public String toString() {
        return "ColumnProfile{numeric=" + numeric + ", categorical=" + categorical + ", missing=" + missingCount + "}";
    }
}
