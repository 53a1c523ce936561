package io.faultline.common.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faultline.common.model.FeatureIndexCache;
import io.faultline.common.model.Prediction;
import io.faultline.common.stats.CategoricalReference;
import io.faultline.common.stats.ColumnKind;
import io.faultline.common.stats.ColumnReference;
import io.faultline.common.stats.NumericReference;
import io.faultline.common.stats.ReferenceProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Exact joint counts of pairs of a reference's columns, for rare combinations: how often each combination of two
 * features' codes occurred together in the reference data. Immutable, mergeable, bounded.
 *
 * <p><b>Codes</b> come from the {@link ReferenceProfile} the counts were built against (its {@link #referenceId()}):
 * a numeric column's value is coded by its reference quantile bin ({@code 0 … k} for {@code k} edges, left-inclusive
 * like the bins); a categorical column's by its category index, with the least frequent categories beyond the pair's
 * budget and every {@code other} value folded into the last code. Events where either value is missing, absent,
 * unseen, non-finite or of the other kind are not counted for that pair.
 *
 * <p><b>Memory.</b> Each pair keeps a dense {@code long} table of {@code c₁ × c₂ ≤ maxCellsPerPair} cells (default
 * 1024, 8 KiB) and its two marginals, and a reference keeps at most {@code maxPairs} pairs (default 45): 360 KiB
 * of cells per model version at the defaults, however many events the reference had. When the full codes of a pair
 * do not fit, the categorical side with more codes (the first on a tie) folds its least frequent category into the
 * last code, one at a time, until they fit; a pair that cannot fit (two numeric columns) is skipped.
 *
 * <p><b>Building.</b> Codes exist only once the profile is frozen, so the counts take a second pass over the
 * reference data: {@code builder(profile, settings)}, {@link Builder#add(Prediction)} for every reference event,
 * {@link Builder#build()}. Counts of parts built against the same profile and pairs {@link #merge} exactly, in any
 * order.
 *
 * <p><b>Forms.</b> {@link #toBytes()}/{@link #fromBytes(byte[])} (leading format version int, then the reference id
 * and each pair's non-zero cells) and {@link #toJson()}/{@link #fromJson(String)} ({@code format_version} field),
 * like {@link ReferenceProfile}. The counts are kept beside the profile rather than inside it: the profile's id is
 * a hash of its content and these counts refer to that id, so they cannot be part of the content it hashes.
 */
public final class CombinationReference implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Leading int of {@link #toBytes()} and {@code format_version} of {@link #toJson()}. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LENGTH = 1 << 26;

    private final String referenceId;
    private final List<Pair> pairs;

    private CombinationReference(String referenceId, List<Pair> pairs) {
        this.referenceId = Objects.requireNonNull(referenceId, "referenceId");
        List<Pair> sorted = new ArrayList<>(pairs);
        sorted.sort(Comparator.comparing(Pair::columns));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).columns.equals(sorted.get(i - 1).columns)) {
                throw new IllegalArgumentException("pair " + sorted.get(i).columns + " given twice");
            }
        }
        this.pairs = List.copyOf(sorted);
    }

    /** No pairs: rare combinations are not checked. */
    public static CombinationReference empty(String referenceId) {
        return new CombinationReference(referenceId, List.of());
    }

    /** Counts for the pairs of {@code settings} ({@link #defaultPairs} when it lists none). */
    public static Builder builder(ReferenceProfile profile, ScoringSettings settings) {
        List<ColumnPair> pairs = settings.pairs().isEmpty()
                ? defaultPairs(profile, settings.maxPairs(), settings.maxCellsPerPair())
                : settings.pairs();
        return new Builder(profile, pairs, settings.maxCellsPerPair());
    }

    /**
     * Counts for explicit pairs of the profile's column names. A pair naming a column that is not a feature column
     * of the profile, or a column with fewer than two codes, or that cannot fit {@code maxCellsPerPair}, is skipped
     * (pairs are configured once for all models; {@link #pairs()} shows which were kept).
     */
    public static Builder builder(ReferenceProfile profile, List<ColumnPair> pairs, int maxCellsPerPair) {
        return new Builder(profile, pairs, maxCellsPerPair);
    }

    /**
     * The automatic pair choice: every pair of categorical feature columns whose categories hold at least half of
     * the column's reference values (id-like columns, with most values in {@code other}, pair with nothing), ordered
     * by the size of their joint table (after folding to {@code maxCellsPerPair}) ascending, then by name; the first
     * {@code maxPairs}. Small tables first, because a pair's average support is {@code events / cells}: the fewer
     * cells, the better a cell's rarity is estimated.
     */
    public static List<ColumnPair> defaultPairs(ReferenceProfile profile, int maxPairs, int maxCellsPerPair) {
        FeatureColumns columns = FeatureColumns.of(profile);
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.reference(i) instanceof CategoricalReference) {
                CategoricalReference c = (CategoricalReference) columns.reference(i);
                long covered = c.count() - c.otherCount();
                if (c.categoryCount() >= 1 && 2 * covered >= c.count()) {
                    eligible.add(i);
                }
            }
        }
        List<Layout> candidates = new ArrayList<>();
        for (int a = 0; a < eligible.size(); a++) {
            for (int b = a + 1; b < eligible.size(); b++) {
                Layout layout = Layout.of(columns, eligible.get(a), eligible.get(b), maxCellsPerPair);
                if (layout != null) {
                    candidates.add(layout);
                }
            }
        }
        candidates.sort(Comparator.comparingLong((Layout l) -> (long) l.firstCodes * l.secondCodes)
                .thenComparing(l -> l.columns));
        List<ColumnPair> chosen = new ArrayList<>();
        for (int i = 0; i < Math.min(maxPairs, candidates.size()); i++) {
            chosen.add(candidates.get(i).columns);
        }
        return chosen;
    }

    /** Codes of a column before any folding: bins, or categories plus {@code other}. */
    private static int fullCodes(ColumnReference reference) {
        if (reference instanceof NumericReference) {
            return ((NumericReference) reference).binCount();
        }
        return ((CategoricalReference) reference).categoryCount() + 1;
    }

    /** The id of the reference profile whose codes these counts use. */
    public String referenceId() {
        return referenceId;
    }

    /** The pairs, sorted by column names. */
    public List<Pair> pairs() {
        return pairs;
    }

    public Optional<Pair> pair(ColumnPair columns) {
        for (Pair p : pairs) {
            if (p.columns.equals(columns)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The counts of both parts: cell by cell sums.
     *
     * @throws IllegalArgumentException unless both were built against the same profile with the same pairs and codes
     */
    public CombinationReference merge(CombinationReference other) {
        if (!referenceId.equals(other.referenceId)) {
            throw new IllegalArgumentException("cannot merge combination counts of " + referenceId + " and "
                    + other.referenceId);
        }
        if (pairs.size() != other.pairs.size()) {
            throw new IllegalArgumentException("cannot merge combination counts of different pairs: " + pairs.size()
                    + " vs " + other.pairs.size() + " pairs");
        }
        List<Pair> merged = new ArrayList<>(pairs.size());
        for (int i = 0; i < pairs.size(); i++) {
            Pair a = pairs.get(i);
            Pair b = other.pairs.get(i);
            if (!a.sameLayout(b)) {
                throw new IllegalArgumentException("cannot merge combination counts of different pairs: " + a.layout()
                        + " vs " + b.layout());
            }
            long[] cells = a.cells.clone();
            for (int c = 0; c < cells.length; c++) {
                cells[c] = Math.addExact(cells[c], b.cells[c]);
            }
            merged.add(new Pair(a.columns, a.firstKind, a.secondKind, a.firstCodes, a.secondCodes, cells));
        }
        return new CombinationReference(referenceId, merged);
    }

    /** The binary form: format version, reference id, then per pair its layout and non-zero cells. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            writeString(out, referenceId);
            out.writeInt(pairs.size());
            for (Pair p : pairs) {
                writeString(out, p.columns.first());
                writeString(out, p.columns.second());
                out.writeByte(p.firstKind.ordinal());
                out.writeByte(p.secondKind.ordinal());
                out.writeInt(p.firstCodes);
                out.writeInt(p.secondCodes);
                out.writeInt(p.nonZeroCells());
                for (int c = 0; c < p.cells.length; c++) {
                    if (p.cells[c] != 0) {
                        out.writeInt(c);
                        out.writeLong(p.cells[c]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The inverse of {@link #toBytes()}.
     *
     * @throws IllegalArgumentException on malformed or truncated input or another format version
     */
    public static CombinationReference fromBytes(byte[] bytes) {
        ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
        CombinationReference reference;
        try (DataInputStream in = new DataInputStream(stream)) {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("combination reference format version " + version
                        + " is not supported (expected " + FORMAT_VERSION + ")");
            }
            String id = readString(in);
            int n = readLength(in);
            List<Pair> pairs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ColumnPair columns = new ColumnPair(readString(in), readString(in));
                ColumnKind firstKind = kind(in.readByte());
                ColumnKind secondKind = kind(in.readByte());
                int firstCodes = in.readInt();
                int secondCodes = in.readInt();
                long[] cells = new long[Pair.checkCells(columns, firstCodes, secondCodes)];
                int nonZero = readLength(in);
                int previous = -1;
                for (int c = 0; c < nonZero; c++) {
                    int cell = in.readInt();
                    if (cell <= previous || cell >= cells.length) {
                        throw new IllegalArgumentException("cell " + cell + " of " + columns + " out of order or range");
                    }
                    cells[cell] = in.readLong();
                    previous = cell;
                }
                pairs.add(new Pair(columns, firstKind, secondKind, firstCodes, secondCodes, cells));
            }
            reference = new CombinationReference(id, pairs);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed combination reference bytes: " + e, e);
        }
        if (stream.available() != 0) {
            throw new IllegalArgumentException("malformed combination reference bytes: " + stream.available()
                    + " trailing bytes");
        }
        return reference;
    }

    private static ColumnKind kind(int ordinal) throws IOException {
        if (ordinal < 0 || ordinal >= ColumnKind.values().length) {
            throw new IOException("unknown column kind " + ordinal);
        }
        return ColumnKind.values()[ordinal];
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[readLength(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static int readLength(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_LENGTH) {
            throw new IOException("implausible length " + length);
        }
        return length;
    }

    /** The JSON form: snake_case fields; each pair's non-zero cells as {@code [first code, second code, count]}. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("reference_id", referenceId);
        ArrayNode list = root.putArray("pairs");
        for (Pair p : pairs) {
            ObjectNode node = list.addObject();
            node.putArray("columns").add(p.columns.first()).add(p.columns.second());
            node.putArray("kinds").add(p.firstKind.name().toLowerCase(Locale.ROOT))
                    .add(p.secondKind.name().toLowerCase(Locale.ROOT));
            node.putArray("codes").add(p.firstCodes).add(p.secondCodes);
            node.put("total", p.total);
            ArrayNode cells = node.putArray("cells");
            for (int c = 0; c < p.cells.length; c++) {
                if (p.cells[c] != 0) {
                    cells.addArray().add(c / p.secondCodes).add(c % p.secondCodes).add(p.cells[c]);
                }
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * The inverse of {@link #toJson()}.
     *
     * @throws IllegalArgumentException on malformed JSON, a missing field, another format version, or counts that do
     *     not add up to the stated total
     */
    public static CombinationReference fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("combination reference is not valid JSON: " + e.getOriginalMessage(), e);
        }
        int version = required(root, "format_version").asInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("combination reference format version " + version + " is not supported");
        }
        List<Pair> pairs = new ArrayList<>();
        for (JsonNode node : required(root, "pairs")) {
            JsonNode names = twoOf(node, "columns");
            ColumnPair columns = new ColumnPair(names.get(0).asText(), names.get(1).asText());
            JsonNode kinds = twoOf(node, "kinds");
            JsonNode codes = twoOf(node, "codes");
            int firstCodes = codes.get(0).asInt();
            int secondCodes = codes.get(1).asInt();
            long[] cells = new long[Pair.checkCells(columns, firstCodes, secondCodes)];
            for (JsonNode cell : required(node, "cells")) {
                if (cell.size() != 3) {
                    throw new IllegalArgumentException("a cell of " + columns + " must be [first, second, count]");
                }
                int a = cell.get(0).asInt(-1);
                int b = cell.get(1).asInt(-1);
                if (a < 0 || a >= firstCodes || b < 0 || b >= secondCodes) {
                    throw new IllegalArgumentException("cell " + cell + " of " + columns + " out of range");
                }
                cells[a * secondCodes + b] = cell.get(2).asLong();
            }
            Pair pair = new Pair(columns, kindOf(kinds.get(0).asText()), kindOf(kinds.get(1).asText()), firstCodes,
                    secondCodes, cells);
            long total = required(node, "total").asLong();
            if (pair.total != total) {
                throw new IllegalArgumentException("cells of " + columns + " add up to " + pair.total + ", not " + total);
            }
            pairs.add(pair);
        }
        JsonNode id = required(root, "reference_id");
        if (!id.isTextual()) {
            throw new IllegalArgumentException("reference_id must be a string");
        }
        return new CombinationReference(id.textValue(), pairs);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException("combination reference JSON lacks " + field);
        }
        return value;
    }

    private static JsonNode twoOf(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isArray() || value.size() != 2) {
            throw new IllegalArgumentException(field + " must be a list of two");
        }
        return value;
    }

    private static ColumnKind kindOf(String text) {
        for (ColumnKind kind : ColumnKind.values()) {
            if (kind.name().toLowerCase(Locale.ROOT).equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown column kind " + text);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof CombinationReference)) return false;
        CombinationReference r = (CombinationReference) o;
        return referenceId.equals(r.referenceId) && pairs.equals(r.pairs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(referenceId, pairs);
    }

    @Override
    public String toString() {
        return "CombinationReference{" + referenceId + ", pairs=" + pairs + "}";
    }

    /**
     * The joint counts of one pair: cell {@code (a, b)} counts reference events whose first column had code {@code a}
     * and second column code {@code b}; see the class comment for the codes.
     */
    public static final class Pair implements Serializable {
        private static final long serialVersionUID = 1L;

        private final ColumnPair columns;
        private final ColumnKind firstKind;
        private final ColumnKind secondKind;
        private final int firstCodes;
        private final int secondCodes;
        private final long[] cells;
        private final long total;
        private final long[] firstMarginals;
        private final long[] secondMarginals;

        Pair(ColumnPair columns, ColumnKind firstKind, ColumnKind secondKind, int firstCodes, int secondCodes,
                long[] cells) {
            this.columns = Objects.requireNonNull(columns, "columns");
            this.firstKind = Objects.requireNonNull(firstKind, "firstKind");
            this.secondKind = Objects.requireNonNull(secondKind, "secondKind");
            if (cells.length != checkCells(columns, firstCodes, secondCodes)) {
                throw new IllegalArgumentException(cells.length + " cells for " + firstCodes + " x " + secondCodes
                        + " codes of " + columns);
            }
            this.firstCodes = firstCodes;
            this.secondCodes = secondCodes;
            this.cells = cells;
            this.firstMarginals = new long[firstCodes];
            this.secondMarginals = new long[secondCodes];
            long sum = 0;
            for (int c = 0; c < cells.length; c++) {
                if (cells[c] < 0) {
                    throw new IllegalArgumentException("negative count in a cell of " + columns);
                }
                sum = Math.addExact(sum, cells[c]);
                firstMarginals[c / secondCodes] += cells[c];
                secondMarginals[c % secondCodes] += cells[c];
            }
            this.total = sum;
        }

        static int checkCells(ColumnPair columns, int firstCodes, int secondCodes) {
            if (firstCodes < 1 || secondCodes < 1
                    || (long) firstCodes * secondCodes > ScoringSettings.MAX_CELLS_PER_PAIR) {
                throw new IllegalArgumentException("implausible codes " + firstCodes + " x " + secondCodes + " of "
                        + columns);
            }
            return firstCodes * secondCodes;
        }

        public ColumnPair columns() {
            return columns;
        }

        public ColumnKind firstKind() {
            return firstKind;
        }

        public ColumnKind secondKind() {
            return secondKind;
        }

        /** Codes of the first column; for a categorical column the last is {@code other} (and folded categories). */
        public int firstCodes() {
            return firstCodes;
        }

        public int secondCodes() {
            return secondCodes;
        }

        /** Reference events counted for this pair (both values coded). */
        public long total() {
            return total;
        }

        /** How many counted events had codes {@code a} and {@code b} together. */
        public long support(int a, int b) {
            return cells[a * secondCodes + b];
        }

        /** How many counted events had code {@code a} in the first column. */
        public long firstMarginal(int a) {
            return firstMarginals[a];
        }

        public long secondMarginal(int b) {
            return secondMarginals[b];
        }

        int nonZeroCells() {
            int n = 0;
            for (long c : cells) {
                if (c != 0) {
                    n++;
                }
            }
            return n;
        }

        boolean sameLayout(Pair o) {
            return columns.equals(o.columns) && firstKind == o.firstKind && secondKind == o.secondKind
                    && firstCodes == o.firstCodes && secondCodes == o.secondCodes;
        }

        String layout() {
            return columns + " " + firstKind + "/" + secondKind + " " + firstCodes + "x" + secondCodes;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) return true;
            if (!(o instanceof Pair)) return false;
            Pair p = (Pair) o;
            return sameLayout(p) && Arrays.equals(cells, p.cells);
        }

        @Override
        public int hashCode() {
            return Objects.hash(columns, firstCodes, secondCodes, Arrays.hashCode(cells));
        }

        @Override
        public String toString() {
            return "Pair{" + layout() + ", total=" + total + "}";
        }
    }

    /** Where a pair's columns sit in the profile and how many codes each side keeps. */
    static final class Layout {
        final ColumnPair columns;
        final int firstIndex;
        final int secondIndex;
        final boolean firstCategorical;
        final boolean secondCategorical;
        final int firstCodes;
        final int secondCodes;

        private Layout(ColumnPair columns, int firstIndex, int secondIndex, boolean firstCategorical,
                boolean secondCategorical, int firstCodes, int secondCodes) {
            this.columns = columns;
            this.firstIndex = firstIndex;
            this.secondIndex = secondIndex;
            this.firstCategorical = firstCategorical;
            this.secondCategorical = secondCategorical;
            this.firstCodes = firstCodes;
            this.secondCodes = secondCodes;
        }

        /** The layout of two feature columns within {@code maxCells}, or null if they cannot form a pair. */
        static Layout of(FeatureColumns columns, int i, int j, int maxCells) {
            ColumnPair pair = new ColumnPair(columns.column(i), columns.column(j));
            int first = pair.first().equals(columns.column(i)) ? i : j;
            int second = first == i ? j : i;
            ColumnReference a = columns.reference(first);
            ColumnReference b = columns.reference(second);
            boolean aCategorical = a instanceof CategoricalReference;
            boolean bCategorical = b instanceof CategoricalReference;
            int aCodes = fullCodes(a);
            int bCodes = fullCodes(b);
            if (aCodes < 2 || bCodes < 2) {
                return null;
            }
            // Fold the categorical side with more codes, one least-frequent category at a time, down to one
            // category plus other.
            while ((long) aCodes * bCodes > maxCells) {
                boolean foldA = aCategorical && aCodes > 2 && (!bCategorical || bCodes <= 2 || aCodes >= bCodes);
                boolean foldB = !foldA && bCategorical && bCodes > 2;
                if (foldA) {
                    aCodes--;
                } else if (foldB) {
                    bCodes--;
                } else {
                    return null;
                }
            }
            return new Layout(pair, first, second, aCategorical, bCategorical, aCodes, bCodes);
        }

        /** Checks that a stored pair matches the profile; null if it does, else the reason. */
        static String mismatch(FeatureColumns columns, Pair pair) {
            int first = columns.indexOfColumn(pair.columns.first());
            int second = columns.indexOfColumn(pair.columns.second());
            if (first < 0 || second < 0) {
                return "pair " + pair.columns + " names a column that is not a feature column of the profile";
            }
            ColumnReference a = columns.reference(first);
            ColumnReference b = columns.reference(second);
            if (a.kind() != pair.firstKind || b.kind() != pair.secondKind) {
                return "pair " + pair.columns + " counted " + pair.firstKind + "/" + pair.secondKind
                        + " columns, the profile has " + a.kind() + "/" + b.kind();
            }
            if (!codesFit(a, pair.firstCodes) || !codesFit(b, pair.secondCodes)) {
                return "pair " + pair.columns + " has " + pair.firstCodes + "x" + pair.secondCodes
                        + " codes, which the profile's bins or categories cannot give";
            }
            return null;
        }

        private static boolean codesFit(ColumnReference reference, int codes) {
            int full = fullCodes(reference);
            return reference instanceof NumericReference ? codes == full : codes >= 2 && codes <= full;
        }
    }

    /** Counts reference events against a frozen profile. Not thread-safe. */
    public static final class Builder {
        private final String referenceId;
        private final FeatureColumns columns;
        private final List<Layout> layouts = new ArrayList<>();
        private final long[][] cells;
        /** Raw code per feature column of the event being added. */
        private final int[] raw;
        private final double[][] edges;
        private final FeatureIndexCache numericColumns;
        private final FeatureIndexCache categoricalColumns;

        private Builder(ReferenceProfile profile, List<ColumnPair> pairs, int maxCellsPerPair) {
            if (maxCellsPerPair < 4 || maxCellsPerPair > ScoringSettings.MAX_CELLS_PER_PAIR) {
                throw new IllegalArgumentException(ScoringSettings.MAX_CELLS_PER_PAIR_KEY + " must be an integer in [4, "
                        + ScoringSettings.MAX_CELLS_PER_PAIR + "]: " + maxCellsPerPair);
            }
            this.referenceId = profile.referenceId();
            this.columns = FeatureColumns.of(profile);
            this.numericColumns = new FeatureIndexCache(columns::indexOfFeature);
            this.categoricalColumns = new FeatureIndexCache(columns::indexOfFeature);
            for (ColumnPair pair : new TreeSet<>(pairs)) {
                int i = columns.indexOfColumn(pair.first());
                int j = columns.indexOfColumn(pair.second());
                Layout layout = i < 0 || j < 0 ? null : Layout.of(columns, i, j, maxCellsPerPair);
                if (layout != null) {
                    layouts.add(layout);
                }
            }
            cells = new long[layouts.size()][];
            for (int p = 0; p < cells.length; p++) {
                cells[p] = new long[layouts.get(p).firstCodes * layouts.get(p).secondCodes];
            }
            raw = new int[columns.size()];
            edges = new double[columns.size()][];
            for (int i = 0; i < columns.size(); i++) {
                if (columns.reference(i) instanceof NumericReference) {
                    edges[i] = ((NumericReference) columns.reference(i)).edges();
                }
            }
        }

        /** Counts one reference event in every pair where both values have a code. */
        public Builder add(Prediction p) {
            Arrays.fill(raw, FeatureColumns.NONE);
            if (p.numericFeatureNames != null) {
                int[] numeric = numericColumns.indexesOf(p.numericFeatureNames);
                for (int f = 0; f < p.numericFeatureNames.length; f++) {
                    int c = numeric[f];
                    if (c >= 0 && edges[c] != null) {
                        raw[c] = FeatureColumns.numericCode(edges[c], p.numericFeatureValues[f]);
                    }
                }
            }
            if (p.categoricalFeatureNames != null) {
                int[] categorical = categoricalColumns.indexesOf(p.categoricalFeatureNames);
                for (int f = 0; f < p.categoricalFeatureNames.length; f++) {
                    int c = categorical[f];
                    if (c >= 0 && columns.reference(c) instanceof CategoricalReference
                            && p.categoricalFeatureValues[f] != null) {
                        raw[c] = FeatureColumns.categoricalCode((CategoricalReference) columns.reference(c),
                                p.categoricalFeatureValues[f]);
                    }
                }
            }
            for (int l = 0; l < layouts.size(); l++) {
                Layout layout = layouts.get(l);
                int a = FeatureColumns.fold(raw[layout.firstIndex], layout.firstCodes, layout.firstCategorical);
                int b = FeatureColumns.fold(raw[layout.secondIndex], layout.secondCodes, layout.secondCategorical);
                if (a >= 0 && b >= 0) {
                    cells[l][a * layout.secondCodes + b]++;
                }
            }
            return this;
        }

        public CombinationReference build() {
            List<Pair> pairs = new ArrayList<>(layouts.size());
            for (int l = 0; l < layouts.size(); l++) {
                Layout layout = layouts.get(l);
                pairs.add(new Pair(layout.columns, columns.reference(layout.firstIndex).kind(),
                        columns.reference(layout.secondIndex).kind(), layout.firstCodes, layout.secondCodes,
                        cells[l].clone()));
            }
            return new CombinationReference(referenceId, pairs);
        }
    }
}
