package dev.shift.bench;

import java.util.Arrays;

/** Small statistics over measured samples: nearest-rank percentiles, median, mean. */
public final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile {@code p} (0 < p ≤ 100) of the samples; NaN when there are none. */
    public static double percentile(long[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The median (mean of the middle two for an even count); NaN when there are none. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Which of the values is the median (the lower middle one for an even count): for rounds of a measurement, so the
     * round reported is one that happened, not an average of two.
     */
    public static int medianIndex(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, java.util.Comparator.comparingDouble(i -> values[i]));
        return order[(order.length - 1) / 2];
    }

    public static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Concatenates sample arrays. */
    public static long[] concat(java.util.List<long[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        long[] out = new long[n];
        int i = 0;
        for (long[] a : parts) {
            System.arraycopy(a, 0, out, i, a.length);
            i += a.length;
        }
        return out;
    }
}
