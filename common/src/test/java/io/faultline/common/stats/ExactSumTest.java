package io.faultline.common.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactSumTest {

    private static List<Double> wideRangeValues(SplittableRandom rng, int n) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double mantissa = rng.nextDouble() * 2 - 1;
            int exponent = rng.nextInt(-1070, 1020);
            values.add(Math.scalb(mantissa, exponent));
        }
        values.add(Double.MIN_VALUE);
        values.add(-Double.MAX_VALUE);
        values.add(Double.MAX_VALUE);
        values.add(Double.MAX_VALUE);
        values.add(0.0);
        values.add(-0.0);
        return values;
    }

    @Test
    void sumIsExactOverTheWholeDoubleRange() {
        SplittableRandom rng = new SplittableRandom(20261122);
        List<Double> values = wideRangeValues(rng, 5_000);
        ExactSum sum = ExactSum.ofValues();
        ExactSum squares = ExactSum.ofSquares();
        BigDecimal expected = BigDecimal.ZERO;
        BigDecimal expectedSquares = BigDecimal.ZERO;
        for (double v : values) {
            sum.add(v);
            squares.addSquareOf(v);
            BigDecimal exact = new BigDecimal(v);
            expected = expected.add(exact);
            expectedSquares = expectedSquares.add(exact.multiply(exact));
        }
        assertThat(sum.toBigDecimal()).isEqualByComparingTo(expected);
        assertThat(squares.toBigDecimal()).isEqualByComparingTo(expectedSquares);
        assertThat(sum.doubleValue()).isEqualTo(expected.doubleValue());
    }

    @Test
    void cancellationLeavesTheExactRemainder() {
        ExactSum sum = ExactSum.ofValues();
        sum.add(1e300);
        sum.add(1.0);
        sum.add(-1e300);
        sum.add(Double.MIN_VALUE);
        assertThat(sum.toBigDecimal()).isEqualByComparingTo(BigDecimal.ONE.add(new BigDecimal(Double.MIN_VALUE)));
        assertThat(sum.doubleValue()).isEqualTo(1.0);
    }

    @Test
    void mergeInAnyOrderIsTheSameSum() {
        SplittableRandom rng = new SplittableRandom(20261122);
        List<Double> values = wideRangeValues(rng, 2_000);
        ExactSum whole = TestingMerges.inOrder(values, ExactSum::ofValues, ExactSum::add);
        ExactSum wholeSquares = TestingMerges.inOrder(values, ExactSum::ofSquares, ExactSum::addSquareOf);
        for (int round = 0; round < 20; round++) {
            assertThat(TestingMerges.splitAndMerge(values, rng, ExactSum::ofValues, ExactSum::add, ExactSum::merge))
                    .isEqualTo(whole);
            assertThat(TestingMerges.splitAndMerge(values, rng, ExactSum::ofSquares, ExactSum::addSquareOf,
                    ExactSum::merge)).isEqualTo(wholeSquares);
        }
    }

    @Test
    void largeMagnitudesAccumulateWithoutOverflow() {
        ExactSum sum = ExactSum.ofValues();
        ExactSum squares = ExactSum.ofSquares();
        int n = (1 << 28) / 64;
        for (int i = 0; i < n; i++) {
            sum.add(Double.MAX_VALUE);
            squares.addSquareOf(-Double.MAX_VALUE);
        }
        BigDecimal max = new BigDecimal(Double.MAX_VALUE);
        assertThat(sum.toBigDecimal()).isEqualByComparingTo(max.multiply(BigDecimal.valueOf(n)));
        assertThat(squares.toBigDecimal()).isEqualByComparingTo(max.multiply(max).multiply(BigDecimal.valueOf(n)));
    }

    @Test
    void rejectsNonFiniteValuesAndTheWrongKind() {
        assertThatThrownBy(() -> ExactSum.ofValues().add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExactSum.ofSquares().addSquareOf(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExactSum.ofSquares().add(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExactSum.ofValues().merge(ExactSum.ofSquares()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
