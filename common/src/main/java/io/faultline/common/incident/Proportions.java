package io.faultline.common.incident;

/** The test on two proportions behind the rate and regression signals. */
final class Proportions {
    private Proportions() {}

    /**
     * Cohen's effect size h of two proportions: {@code 2·asin(√p1) − 2·asin(√p2)} (J. Cohen, <i>Statistical Power
     * Analysis for the Behavioral Sciences</i>, 2nd ed., 1988, chapter 6), positive when {@code p1} is higher.
     */
    static double cohensH(double p1, double p2) {
        return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
    }

    /**
     * The two-sample z statistic of {@code x1/n1} against {@code x2/n2} on the arcsine scale: Cohen's h divided by
     * its standard error {@code sqrt(1/n1 + 1/n2)}. The angular transformation makes a binomial proportion's variance
     * {@code 1/n} whatever the rate (F. J. Anscombe, "The transformation of Poisson, binomial and negative-binomial
     * data", Biometrika 35 (1948) 246-254), so its normal tails stay close to the exact binomial tails at the small
     * rates failures have. The pooled (Wald) two-proportion z does not: for 30 of 272 against a 5% baseline it gives
     * z = 5.1 where the exact binomial tail is 5e-5 (z = 3.9); this statistic gives 3.7. Both samples' noise
     * counts, so a baseline estimated from few events does not make a window look worse than it is.
     */
    static double arcsineZ(double x1, double n1, double x2, double n2) {
        return cohensH(x1 / n1, x2 / n2) / Math.sqrt(1 / n1 + 1 / n2);
    }
}
