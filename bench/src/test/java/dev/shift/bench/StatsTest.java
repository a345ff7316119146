package dev.shift.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {

    @Test
    void nearestRankPercentiles() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i;   // unsorted on purpose
        }
        assertEquals(50, Stats.percentile(samples, 50));
        assertEquals(99, Stats.percentile(samples, 99));
        assertEquals(100, Stats.percentile(samples, 100));
        assertEquals(1, Stats.percentile(samples, 0.5));
        assertEquals(100, samples[0], "the samples are not sorted in place");
    }

    @Test
    void percentileOfFewSamples() {
        assertEquals(7, Stats.percentile(new long[] {7}, 99));
        assertEquals(3, Stats.percentile(new long[] {5, 3}, 50));
        assertEquals(5, Stats.percentile(new long[] {5, 3}, 99));
        assertTrue(Double.isNaN(Stats.percentile(new long[0], 50)));
        assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[] {1}, 0));
    }

    @Test
    void medianIndexNamesTheMiddleValue() {
        assertEquals(2, Stats.medianIndex(new double[] {0.9, 1.3, 1.1}));
        assertEquals(3, Stats.medianIndex(new double[] {4, 1, 3, 2}));   // the lower middle one: 2.0
        assertEquals(0, Stats.medianIndex(new double[] {7}));
    }

    @Test
    void medianAndMean() {
        assertEquals(2.0, Stats.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
        assertEquals(2.5, Stats.mean(new double[] {4, 1, 3, 2}));
        assertTrue(Double.isNaN(Stats.median(new double[0])));
    }

    @Test
    void concat() {
        long[] all = Stats.concat(java.util.List.of(new long[] {1, 2}, new long[0], new long[] {3}));
        assertEquals(3, all.length);
        assertEquals(3, all[2]);
    }
}
