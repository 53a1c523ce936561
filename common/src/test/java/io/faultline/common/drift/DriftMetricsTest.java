package io.faultline.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every metric against its textbook formula, written out independently here on small hand-checkable counts. */
class DriftMetricsTest {

    /** Σ (q − p) ln(q/p) over bins non-empty somewhere, with ½ added to each kept bin. */
    private static double textbookPsi(long[] r, long[] c) {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < r.length; i++) {
            if (r[i] + c[i] > 0) {
                kept.add(new double[] {r[i] + 0.5, c[i] + 0.5});
            }
        }
        double rTotal = kept.stream().mapToDouble(b -> b[0]).sum();
        double cTotal = kept.stream().mapToDouble(b -> b[1]).sum();
        double psi = 0;
        for (double[] b : kept) {
            double p = b[0] / rTotal;
            double q = b[1] / cTotal;
            psi += (q - p) * Math.log(q / p);
        }
        return psi;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /** sqrt of ½ KL(P‖M) + ½ KL(Q‖M) in bits. */
    private static double textbookJsDistance(long[] r, long[] c) {
        double rTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < r.length; i++) {
            rTotal += r[i];
            cTotal += c[i];
        }
        double klPm = 0;
        double klQm = 0;
        for (int i = 0; i < r.length; i++) {
            double p = r[i] / rTotal;
            double q = c[i] / cTotal;
            double m = 0.5 * (p + q);
            klPm += p == 0 ? 0 : p * log2(p / m);
            klQm += q == 0 ? 0 : q * log2(q / m);
        }
        return Math.sqrt(0.5 * klPm + 0.5 * klQm);
    }

    @Test
    void psiMatchesTheFormulaWithHalfCountSmoothing() {
        long[] r = {50, 30, 20};
        long[] c = {40, 30, 30};
        assertThat(DriftMetrics.psi(r, c)).isCloseTo(textbookPsi(r, c), within(1e-15))
                .isCloseTo(0.06088405513673144, within(1e-15));
        // Empty bins: the empty-in-both middle bin is dropped, the others smoothed: 2·(100/101)·ln(201).
        long[] disjointR = {100, 0, 0};
        long[] disjointC = {0, 0, 100};
        assertThat(DriftMetrics.psi(disjointR, disjointC)).isCloseTo(2 * (100.0 / 101) * Math.log(201), within(1e-12));
        // Same proportions: 0. One bin: 0. Symmetric in its arguments.
        assertThat(DriftMetrics.psi(new long[] {10, 20, 0}, new long[] {10, 20, 0})).isZero();
        assertThat(DriftMetrics.psi(new long[] {10}, new long[] {20})).isZero();
        assertThat(DriftMetrics.psi(c, r)).isCloseTo(DriftMetrics.psi(r, c), within(1e-15));
        // Random counts.
        SplittableRandom rng = new SplittableRandom(20261122);
        for (int round = 0; round < 100; round++) {
            long[] a = new long[1 + rng.nextInt(12)];
            long[] b = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextInt(4) == 0 ? 0 : rng.nextInt(1000);
                b[i] = rng.nextInt(4) == 0 ? 0 : rng.nextInt(1000);
            }
            a[0]++;
            b[0]++;
            assertThat(DriftMetrics.psi(a, b)).isCloseTo(textbookPsi(a, b), within(1e-12));
            assertThat(DriftMetrics.jsDistance(a, b)).isCloseTo(textbookJsDistance(a, b), within(1e-12));
        }
    }

    @Test
    void jsDistanceMatchesTheFormulaInBase2() {
        long[] r = {50, 30, 20};
        long[] c = {40, 30, 30};
        assertThat(DriftMetrics.jsDistance(r, c)).isCloseTo(textbookJsDistance(r, c), within(1e-15))
                .isCloseTo(0.10619851439230635, within(1e-15));
        // P = (½, ½, 0), Q = (0, ½, ½): M = (¼, ½, ¼), each KL = ½ bit, JSD = ½, distance = √½.
        assertThat(DriftMetrics.jsDistance(new long[] {1, 1, 0}, new long[] {0, 5, 5}))
                .isCloseTo(Math.sqrt(0.5), within(1e-15));
        assertThat(DriftMetrics.jsDistance(new long[] {7, 0}, new long[] {0, 3})).isEqualTo(1.0);
        assertThat(DriftMetrics.jsDistance(new long[] {2, 4}, new long[] {1, 2})).isZero();
        assertThat(DriftMetrics.jsDistance(new long[] {9}, new long[] {1})).isZero();
    }

    @Test
    void wassersteinOfTwoUniformBinsOneApartIsOne() {
        // Edges 0, 1, 2: bins (-inf,0) [0,1) [1,2) [2,inf). Reference uniform on [0,1), current on [1,2).
        double w = DriftMetrics.wasserstein1(new long[] {0, 10, 0, 0}, new long[] {0, 0, 10, 0},
                new double[] {0, 1, 2}, 0, 2);
        assertThat(w).isCloseTo(1.0, within(1e-15));
        // Half the mass moved by one bin width: 0.5.
        assertThat(DriftMetrics.wasserstein1(new long[] {0, 10, 10, 0}, new long[] {0, 0, 20, 0},
                new double[] {0, 1, 2}, 0, 2)).isCloseTo(0.5, within(1e-15));
        // The outer bins are bounded by the observed range: mass moved from [2, 3] down to [-1, 0].
        assertThat(DriftMetrics.wasserstein1(new long[] {0, 0, 0, 4}, new long[] {4, 0, 0, 0},
                new double[] {0, 1, 2}, -1, 3)).isCloseTo(3.0, within(1e-15));
        assertThat(DriftMetrics.wassersteinNorm(new long[] {0, 10, 0, 0}, new long[] {0, 0, 10, 0},
                new double[] {0, 1, 2}, 0, 2, 0.5)).isCloseTo(2.0, within(1e-15));
        // A constant reference divides by the 0.001 floor.
        assertThat(DriftMetrics.wassersteinNorm(new long[] {0, 10, 0, 0}, new long[] {0, 0, 10, 0},
                new double[] {0, 1, 2}, 0, 2, 0.0)).isCloseTo(1000.0, within(1e-9));
        assertThat(DriftMetrics.wasserstein1(new long[] {5}, new long[] {6}, new double[0], 0, 1)).isZero();
    }

    /** ∫ |F_r − F_c| with both CDFs linear inside each bin, by the midpoint rule on a fine grid. */
    private static double numericWasserstein(long[] r, long[] c, double[] points) {
        double rTotal = 0;
        double cTotal = 0;
        for (int i = 0; i < r.length; i++) {
            rTotal += r[i];
            cTotal += c[i];
        }
        double integral = 0;
        double fr = 0;
        double fc = 0;
        for (int bin = 0; bin < r.length; bin++) {
            double width = points[bin + 1] - points[bin];
            int steps = 20_000;
            for (int s = 0; s < steps; s++) {
                double t = (s + 0.5) / steps;
                integral += Math.abs((fr + t * r[bin] / rTotal) - (fc + t * c[bin] / cTotal)) * width / steps;
            }
            fr += r[bin] / rTotal;
            fc += c[bin] / cTotal;
        }
        return integral;
    }

    @Test
    void wassersteinMatchesNumericIntegrationOfTheCdfDifference() {
        SplittableRandom rng = new SplittableRandom(20261122);
        for (int round = 0; round < 30; round++) {
            int k = 1 + rng.nextInt(6);
            double[] edges = new double[k];
            double at = rng.nextDouble() * 10 - 5;
            for (int i = 0; i < k; i++) {
                at += 0.1 + rng.nextDouble() * 3;
                edges[i] = at;
            }
            long[] r = new long[k + 1];
            long[] c = new long[k + 1];
            for (int i = 0; i <= k; i++) {
                r[i] = rng.nextInt(3) == 0 ? 0 : rng.nextInt(100);
                c[i] = rng.nextInt(3) == 0 ? 0 : rng.nextInt(100);
            }
            r[k / 2]++;
            c[0]++;
            double lower = edges[0] - rng.nextDouble() * 2;
            double upper = edges[k - 1] + rng.nextDouble() * 2;
            double[] points = new double[k + 2];
            points[0] = lower;
            System.arraycopy(edges, 0, points, 1, k);
            points[k + 1] = upper;
            assertThat(DriftMetrics.wasserstein1(r, c, edges, lower, upper))
                    .isCloseTo(numericWasserstein(r, c, points), within(1e-6));
        }
    }

    @Test
    void ksIsTheLargestCdfGapAtTheEdgesAsForPointMassesInsideTheBins() {
        long[] r = {10, 20, 30, 40};
        long[] c = {40, 30, 20, 10};
        // F_r at the edges: 0.1, 0.3, 0.6; F_c: 0.4, 0.7, 0.9.
        assertThat(DriftMetrics.ksStatistic(r, c)).isCloseTo(0.4, within(1e-15));
        // The two-sample KS of raw samples placed at one point inside each bin gives the same value.
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int bin = 0; bin < r.length; bin++) {
            for (int i = 0; i < r[bin]; i++) {
                a.add(bin + 0.5);
            }
            for (int i = 0; i < c[bin]; i++) {
                b.add(bin + 0.5);
            }
        }
        double sup = 0;
        for (double x = -1; x <= 5; x += 0.25) {
            final double at = x;
            double fa = a.stream().filter(v -> v <= at).count() / (double) a.size();
            double fb = b.stream().filter(v -> v <= at).count() / (double) b.size();
            sup = Math.max(sup, Math.abs(fa - fb));
        }
        assertThat(DriftMetrics.ksStatistic(r, c)).isCloseTo(sup, within(1e-15));
        assertThat(DriftMetrics.ksStatistic(new long[] {3}, new long[] {4})).isZero();
    }

    @Test
    void chiSquareHomogeneityMatchesTheContingencyTableFormula() {
        // Column totals 50, 50, 100 of N = 200; expected 25, 25, 50 per row: χ² = 4 · 5²/25 = 4, df = 2, p = e^-2.
        ChiSquare chi2 = ChiSquare.homogeneity(new long[] {30, 20, 50}, new long[] {20, 30, 50});
        assertThat(chi2.statistic()).isCloseTo(4.0, within(1e-12));
        assertThat(chi2.degreesOfFreedom()).isEqualTo(2);
        assertThat(chi2.pValue()).isCloseTo(Math.exp(-2), within(1e-14));
        assertThat(ChiSquare.homogeneity(new long[] {10, 20}, new long[] {10, 20}).statistic()).isZero();
    }

    @Test
    void chiSquarePoolsSparseBinsDeterministically() {
        // Bins 3 and 4 expect fewer than 5 values: pooled to (3, 1), still sparse, so it joins the first of the
        // two equally small groups: groups (103, 101) and (100, 100).
        long[] r = {100, 100, 1, 2, 0};
        long[] c = {100, 100, 0, 1, 0};
        ChiSquare chi2 = ChiSquare.homogeneity(r, c);
        double rTotal = 203;
        double cTotal = 201;
        double n = rTotal + cTotal;
        double expected = 0;
        for (long[] g : new long[][] {{103, 101}, {100, 100}}) {
            double er = rTotal * (g[0] + g[1]) / n;
            double ec = cTotal * (g[0] + g[1]) / n;
            expected += (g[0] - er) * (g[0] - er) / er + (g[1] - ec) * (g[1] - ec) / ec;
        }
        assertThat(chi2.degreesOfFreedom()).isEqualTo(1);
        assertThat(chi2.statistic()).isCloseTo(expected, within(1e-12));
        // A pooled group large enough stands alone.
        ChiSquare alone = ChiSquare.homogeneity(new long[] {100, 100, 4, 4}, new long[] {100, 100, 4, 4});
        assertThat(alone.degreesOfFreedom()).isEqualTo(2);
        // One group only: no test.
        assertThat(ChiSquare.homogeneity(new long[] {50, 0}, new long[] {60, 0}))
                .isEqualTo(new ChiSquare(0.0, 0, 1.0));
    }

    @Test
    void emptyDistributionsGiveNaNAndBadInputIsRejected() {
        long[] empty = {0, 0, 0};
        long[] some = {1, 2, 3};
        assertThat(DriftMetrics.psi(empty, some)).isNaN();
        assertThat(DriftMetrics.jsDistance(some, empty)).isNaN();
        assertThat(DriftMetrics.ksStatistic(empty, some)).isNaN();
        assertThat(DriftMetrics.wasserstein1(empty, some, new double[] {1, 2}, 0, 3)).isNaN();
        assertThat(ChiSquare.homogeneity(some, empty).pValue()).isNaN();
        assertThatThrownBy(() -> DriftMetrics.psi(new long[] {1}, new long[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DriftMetrics.psi(new long[] {-1, 2}, new long[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DriftMetrics.wasserstein1(some, some, new double[] {1}, 0, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
