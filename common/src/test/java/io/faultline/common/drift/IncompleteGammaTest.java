package io.faultline.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IncompleteGammaTest {

    @Test
    void chiSquareCriticalValuesAtFivePercent() {
        // 95th percentiles of chi-square (standard tables, e.g. NIST/SEMATECH e-Handbook §1.3.6.7.4).
        assertThat(IncompleteGamma.chiSquareSurvival(3.841458820694124, 1)).isCloseTo(0.05, within(1e-12));
        assertThat(IncompleteGamma.chiSquareSurvival(5.991464547107979, 2)).isCloseTo(0.05, within(1e-12));
        assertThat(IncompleteGamma.chiSquareSurvival(11.070497693516351, 5)).isCloseTo(0.05, within(1e-12));
        assertThat(IncompleteGamma.chiSquareSurvival(18.307038053275146, 10)).isCloseTo(0.05, within(1e-12));
        assertThat(IncompleteGamma.chiSquareSurvival(124.34211340400407, 100)).isCloseTo(0.05, within(1e-10));
        assertThat(IncompleteGamma.chiSquareSurvival(6.634896601021214, 1)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void closedFormsForOneAndTwoDegreesOfFreedom() {
        // df = 2: Q(1, x/2) = exp(-x/2). df = 1: Q(1/2, x/2) = erfc(sqrt(x/2)); erfc(sqrt(1/2)) = 0.3173105078629141.
        for (double x : new double[] {0.1, 1, 4, 10, 50, 200}) {
            assertThat(IncompleteGamma.chiSquareSurvival(x, 2)).isCloseTo(Math.exp(-x / 2), within(1e-14 + 1e-12 * Math.exp(-x / 2)));
        }
        assertThat(IncompleteGamma.chiSquareSurvival(1.0, 1)).isCloseTo(0.3173105078629141, within(1e-13));
        assertThat(IncompleteGamma.chiSquareSurvival(0.0, 3)).isEqualTo(1.0);
        assertThat(IncompleteGamma.chiSquareSurvival(1e5, 3)).isZero();
    }

    @Test
    void lowerAndUpperAddUpToOneAndLogGammaIsRight() {
        for (double a : new double[] {0.5, 1, 2.5, 10, 75}) {
            for (double x : new double[] {0.01, 0.5, a, a + 2, 3 * a + 10}) {
                assertThat(IncompleteGamma.regularizedLower(a, x) + IncompleteGamma.regularizedUpper(a, x))
                        .isCloseTo(1.0, within(1e-13));
            }
        }
        assertThat(IncompleteGamma.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(IncompleteGamma.logGamma(10)).isCloseTo(Math.log(362880), within(1e-13));
        assertThat(IncompleteGamma.logGamma(171)).isCloseTo(706.5730622457874, within(1e-10));
        assertThatThrownBy(() -> IncompleteGamma.regularizedUpper(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IncompleteGamma.chiSquareSurvival(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
