package io.faultline.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link CompactWriter} and {@link CompactReader}: what one writes the other reads back, bit for bit. */
class CompactFormTest {

    /** Strings UTF-8 can carry: ASCII, Latin-1, the rest of the BMP, and pairs of surrogates. */
    static final String[] VALID_STRINGS = {"", "a", "fraud-detector", "Zürich", "ÿ\u0080", "ß☃€", "\u07ff\u0800\uffff",
        "𝄞", "a𝄞b😀", "日本語のテキスト", "x".repeat(70_000) + "é"};

    /** Strings with a surrogate on its own, which UTF-8 cannot carry. */
    static final String[] UNPAIRED = {"\ud800", "\udc00", "a\ud834", "\udd1e\ud834", "x\ud834\udd1e\ud800y", "\ud800\ud800"};

    private static String roundTrip(String s) {
        CompactWriter out = new CompactWriter(4);
        out.string(s);
        CompactReader in = new CompactReader(out.toByteArray());
        String back = in.string();
        assertThat(in.remaining()).isZero();
        return back;
    }

    @Test
    void repeatedStringArraysWriteTheSameBytesAsPlainOnes() {
        String amount = "amount";
        String country = "country";
        String[][] sequence = {
            {amount, country}, {amount, country}, {amount, country}, // the same instances: copied bytes
            {new String("amount"), country},                         // equal, another instance
            {amount}, {amount, country, "Zürich"}, {amount, null, country}, {}, null, {amount, country},
            {"\ud800", amount}, {"\ud800", amount},
            // Models interleave: more name arrays take turns than a slot remembers.
            {"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"d"}, {"e"}};
        CompactWriter repeated = new CompactWriter(4);
        CompactWriter plain = new CompactWriter(4);
        for (int round = 0; round < 2; round++) {
            for (String[] names : sequence) {
                repeated.repeatedStrings(names, 2);
                plain.strings(names);
                assertThat(Arrays.copyOf(repeated.buffer(), repeated.size()))
                        .isEqualTo(Arrays.copyOf(plain.buffer(), plain.size()));
            }
            // Slots are independent: another slot's arrays do not disturb this one's.
            repeated.repeatedStrings(new String[] {country}, 3);
            plain.strings(new String[] {country});
        }
        CompactReader in = new CompactReader(repeated.toByteArray());
        for (int round = 0; round < 2; round++) {
            for (String[] names : sequence) {
                assertThat(in.strings()).isEqualTo(names);
            }
            assertThat(in.strings()).containsExactly(country);
        }
        assertThat(in.remaining()).isZero();
    }

    @Test
    void validStringsAreLengthAndTheirStandardUtf8Bytes() {
        for (String s : VALID_STRINGS) {
            CompactWriter out = new CompactWriter(4);
            out.string(s);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = out.toByteArray();
            assertThat(new CompactReader(bytes).intValue()).isEqualTo(utf8.length);
            assertThat(Arrays.copyOfRange(bytes, 4, bytes.length)).isEqualTo(utf8);
            assertThat(roundTrip(s)).isEqualTo(s);
        }
    }

    @Test
    void unpairedSurrogatesSurviveAsUtf16() {
        for (String s : UNPAIRED) {
            CompactWriter out = new CompactWriter(4);
            out.string(s);
            assertThat(new CompactReader(out.toByteArray()).intValue()).isEqualTo(-(s.length() + 2));
            assertThat(out.size()).isEqualTo(4 + 2 * s.length());
            assertThat(roundTrip(s)).isEqualTo(s);
        }
    }

    @Test
    void nullAndEmptyStaysDistinct() {
        CompactWriter out = new CompactWriter(4);
        out.string(null);
        out.string("");
        out.strings(null);
        out.strings(new String[0]);
        out.strings(new String[] {null, ""});
        out.doubles(null);
        out.doubles(new double[0]);
        out.nullableDouble(null);
        CompactReader in = new CompactReader(out.toByteArray());
        assertThat(in.string()).isNull();
        assertThat(in.string()).isEmpty();
        assertThat(in.strings()).isNull();
        assertThat(in.strings()).isEmpty();
        assertThat(in.strings()).containsExactly(null, "");
        assertThat(in.doubles()).isNull();
        assertThat(in.doubles()).isEmpty();
        assertThat(in.nullableDouble()).isNull();
        assertThat(in.remaining()).isZero();
    }

    @Test
    void doublesKeepTheirBits() {
        double[] values = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff0_0000_0000_0001L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE, 0.1};
        CompactWriter out = new CompactWriter(4);
        out.doubles(values);
        for (double v : values) {
            out.nullableDouble(v);
            out.doubleValue(v);
        }
        CompactReader in = new CompactReader(out.toByteArray());
        double[] back = in.doubles();
        for (int i = 0; i < values.length; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            assertThat(Double.doubleToRawLongBits(back[i])).isEqualTo(bits);
            assertThat(Double.doubleToRawLongBits(in.nullableDouble())).isEqualTo(bits);
            assertThat(Double.doubleToRawLongBits(in.doubleValue())).isEqualTo(bits);
        }
        assertThat(in.remaining()).isZero();
    }

    @Test
    void integersAreBigEndian() {
        CompactWriter out = new CompactWriter(4);
        out.byteValue(0xab);
        out.intValue(0x01020304);
        out.longValue(0x1112131415161718L);
        assertThat(out.toByteArray()).containsExactly(0xab, 1, 2, 3, 4, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18);
        CompactReader in = new CompactReader(out.toByteArray());
        assertThat(in.unsignedByte()).isEqualTo(0xab);
        assertThat(in.intValue()).isEqualTo(0x01020304);
        assertThat(in.longValue()).isEqualTo(0x1112131415161718L);
    }

    @Test
    void aResetWriterAndReaderServeTheNextRecord() {
        CompactWriter out = new CompactWriter(4);
        out.string("x".repeat(1000));
        byte[] grown = out.buffer();
        out.reset();
        out.string("second");
        assertThat(out.buffer()).isSameAs(grown);
        assertThat(out.size()).isEqualTo(4 + 6);

        byte[] framed = new byte[3 + out.size() + 2];
        System.arraycopy(out.buffer(), 0, framed, 3, out.size());
        CompactReader in = new CompactReader();
        in.reset(framed, 3, out.size());
        assertThat(in.string()).isEqualTo("second");
        assertThat(in.remaining()).isZero();
        assertThatThrownBy(in::unsignedByte).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    /** Short ASCII values repeat record after record: one reader hands out one instance of each, and always the right one. */
    @Test
    void repeatedShortStringsShareOneInstanceAndAreNeverConfused() {
        CompactWriter out = new CompactWriter(64);
        String longId = "e".repeat(CompactReader.CACHED_MAX_BYTES + 1);
        String[] values = {"amount", "country", "amount", "Ab", "BC", "Ab", "Grüße", "Grüße", longId, longId, "", ""};
        out.strings(values);
        // Many distinct values through a small cache: slot collisions must evict, never answer wrongly.
        Random random = new Random(7);
        String[] noise = new String[5000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = Integer.toString(random.nextInt(3000), 36);
        }
        out.strings(noise);
        CompactReader in = streamReader(out.toByteArray());
        String[] back = in.strings();
        assertThat(back).containsExactly(values);
        assertThat(back[2]).isSameAs(back[0]);
        // Values that evict each other from a slot are never mistaken for each other (also the noise below).
        assertThat(back[4]).isEqualTo("BC");
        assertThat(back[5]).isEqualTo("Ab");
        assertThat(back[7]).as("non-ASCII is not cached").isNotSameAs(back[6]);
        assertThat(back[9]).as("long strings are not cached").isNotSameAs(back[8]);
        assertThat(in.strings()).containsExactly(noise);

        CompactWriter ids = new CompactWriter(64);
        ids.string("evt-1");
        ids.string("evt-1");
        ids.string("evt-1");
        CompactReader idReader = streamReader(ids.toByteArray());
        String first = idReader.uniqueString();
        assertThat(idReader.string()).as("a unique string is not cached").isEqualTo(first).isNotSameAs(first);
        assertThat(idReader.uniqueString()).isEqualTo(first).isNotSameAs(first);
    }

    /** Name arrays repeat record after record: the same instance comes back while the bytes are the same. */
    @Test
    void repeatedStringArraysComeBackAsOneInstanceOnlyWhenTheirBytesAreEqual() {
        CompactWriter out = new CompactWriter(64);
        String[][] records = {{"amount", "age"}, {"amount", "age"}, {"amount", "agf"}, {"amount", "age"}, null,
                {}, {"amount", null}, {"amount", null}, {"x", "y", "z"}, {"a"}, {"b"}, {"c"}, {"d"}, {"x", "y", "z"}};
        for (String[] names : records) {
            out.strings(names);
            out.intValue(42); // something after the array: the reader must land exactly on it
        }
        CompactReader in = streamReader(out.toByteArray());
        String[][] back = new String[records.length][];
        for (int i = 0; i < records.length; i++) {
            back[i] = in.repeatedStrings(0);
            assertThat(back[i]).isEqualTo(records[i]);
            assertThat(in.intValue()).isEqualTo(42);
        }
        assertThat(back[1]).isSameAs(back[0]);
        assertThat(back[2]).isNotSameAs(back[0]);
        assertThat(back[3]).as("remembered beside another array").isSameAs(back[0]);
        assertThat(back[7]).isSameAs(back[6]);
        assertThat(back[13]).as("forgotten after four others").isNotSameAs(back[8]).isEqualTo(back[8]);
        assertThat(in.remaining()).isZero();
    }

    @Test
    void aTruncatedRepeatedArrayIsRejected() {
        CompactWriter out = new CompactWriter(64);
        out.strings(new String[] {"amount", "age"});
        byte[] whole = out.toByteArray();
        CompactReader in = streamReader(Arrays.copyOf(whole, whole.length - 1));
        assertThatThrownBy(() -> in.repeatedStrings(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
    }

    /** A reader for a stream of records (with caches), at the start of {@code bytes}. */
    private static CompactReader streamReader(byte[] bytes) {
        CompactReader in = new CompactReader();
        in.reset(bytes, 0, bytes.length);
        return in;
    }

    @Test
    void aOneOffReaderSharesNothing() {
        CompactWriter out = new CompactWriter(64);
        out.strings(new String[] {"amount", "amount"});
        out.strings(new String[] {"amount", "amount"});
        out.strings(new String[] {"amount", "amount"});
        CompactReader in = new CompactReader(out.toByteArray());
        String[] first = in.strings();
        assertThat(first[1]).isEqualTo(first[0]).isNotSameAs(first[0]);
        assertThat(in.repeatedStrings(0)).isEqualTo(first);
        assertThat(in.repeatedStrings(0)).isEqualTo(first).isNotSameAs(first);
    }

    @Test
    void readsNeverLeaveTheirRange() {
        CompactWriter out = new CompactWriter(4);
        out.strings(new String[] {"abc", "\ud800"});
        out.doubles(new double[] {1, 2});
        byte[] bytes = out.toByteArray();
        for (int cut = 0; cut < bytes.length; cut++) {
            // The bytes after the cut are still in the array: only the range may stop the reader.
            CompactReader in = new CompactReader();
            in.reset(bytes, 0, cut);
            assertThatThrownBy(() -> {
                in.strings();
                in.doubles();
            }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        }
        CompactWriter huge = new CompactWriter(4);
        huge.intValue(Integer.MAX_VALUE);
        assertThatThrownBy(() -> new CompactReader(huge.toByteArray()).strings()).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new CompactReader(huge.toByteArray()).doubles()).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new CompactReader(huge.toByteArray()).string()).hasMessageContaining("truncated");
        CompactWriter negative = new CompactWriter(4);
        negative.intValue(-2);
        assertThatThrownBy(() -> new CompactReader(negative.toByteArray()).strings()).hasMessageContaining("count -2");
    }

    @Test
    void randomStringsRoundTrip() {
        Random random = new Random(7);
        CompactWriter out = new CompactWriter(4);
        String[] written = new String[2_000];
        for (int i = 0; i < written.length; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                // Mostly ASCII, some of every other range, surrogates included (paired or not, by chance).
                int range = random.nextInt(8);
                chars[j] = (char) (range < 5 ? random.nextInt(0x80) : range == 5 ? random.nextInt(0x800)
                        : range == 6 ? 0xd800 + random.nextInt(0x800) : random.nextInt(0x10000));
            }
            written[i] = new String(chars);
        }
        out.strings(written);
        CompactReader in = new CompactReader(out.toByteArray());
        assertThat(in.strings()).containsExactly(written);
        assertThat(in.remaining()).isZero();
    }
}
