package io.recflow.ml.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedBootstrapTest {

    private static double[] hits(long seed, int users, double rate) {
        Random random = new Random(seed);
        double[] values = new double[users];
        for (int i = 0; i < users; i++) {
            values[i] = random.nextDouble() < rate ? 1 : 0;
        }
        return values;
    }

    @Test
    void identicalModelsDifferByNothingAndAreNeverSignificant() {
        double[] values = hits(1, 100, 0.4);
        PairedComparison same = new PairedBootstrap(7).compare(values, values.clone());
        assertEquals(0.0, same.meanDifference());
        assertEquals(0.0, same.low());
        assertEquals(0.0, same.high());
        assertEquals(1.0, same.pValue()); // every resampled difference is 0, which is "not better"
        assertEquals(100, same.users());
        assertEquals(PairedBootstrap.DEFAULT_SAMPLES, same.samples());
    }

    /**
     * Per-user hit rates over 5 draws are sums of 0.2: a user who gains one hit (3 - 2) and one who loses one
     * (3 - 4) differ by +0.20000000000000007 and -0.19999999999999996; a resample of one of each is no gain.
     */
    @Test
    void aGainAndAnEqualLossAreNoGainWhateverTheirRounding() {
        double three = 0.2 + 0.2 + 0.2;
        PairedComparison c = new PairedBootstrap(7).compare(new double[] {three, three},
                new double[] {0.2 + 0.2, 0.2 + 0.2 + 0.2 + 0.2});
        // Resamples: both gains (1/4) better; a gain and a loss (1/2) or both losses (1/4) not.
        assertEquals(0.75, c.pValue(), 0.03);
    }

    @Test
    void aModelBetterForEveryUserHasPNearZero() {
        double[] worse = hits(2, 80, 0.3);
        double[] better = worse.clone();
        for (int i = 0; i < better.length; i++) {
            better[i] += 0.1;
        }
        PairedComparison result = new PairedBootstrap(7).compare(better, worse);
        assertEquals(0.1, result.meanDifference(), 1e-12);
        assertEquals(0.1, result.low(), 1e-12); // every pair differs by exactly 0.1: no spread at all
        assertEquals(0.1, result.high(), 1e-12);
        assertEquals(0.0, result.pValue());
    }

    @Test
    void theIntervalCoversTheMeanDifferenceAndTheDirectionMatters() {
        double[] a = hits(3, 200, 0.5);
        double[] b = hits(4, 200, 0.3);
        PairedComparison ab = new PairedBootstrap(11).compare(a, b);
        assertTrue(ab.low() < ab.meanDifference() && ab.meanDifference() < ab.high(), ab.toString());
        assertTrue(ab.pValue() < 0.01, ab.toString());
        PairedComparison ba = new PairedBootstrap(11).compare(b, a);
        assertEquals(-ab.meanDifference(), ba.meanDifference(), 1e-12);
        assertTrue(ba.pValue() > 0.99, ba.toString());
    }

    @Test
    void aSmallNoisyGainIsNotSignificant() {
        // One user of 50 better by a hit: a gain of 0.02 that chance explains easily.
        double[] champion = hits(5, 50, 0.4);
        double[] candidate = champion.clone();
        for (int i = 0; i < candidate.length; i++) {
            if (candidate[i] == 0) {
                candidate[i] = 1;
                break;
            }
        }
        PairedComparison result = new PairedBootstrap(3).compare(candidate, champion);
        assertEquals(0.02, result.meanDifference(), 1e-12);
        assertTrue(result.pValue() > 0.05, result.toString());
        assertEquals(0.0, result.low());
    }

    @Test
    void theSameSeedGivesTheSameResultAndAnotherSeedMayNot() {
        double[] a = hits(6, 60, 0.5);
        double[] b = hits(7, 60, 0.45);
        assertEquals(new PairedBootstrap(500, 0.9, 42).compare(a, b), new PairedBootstrap(500, 0.9, 42).compare(a, b));
        PairedComparison other = new PairedBootstrap(500, 0.9, 43).compare(a, b);
        assertEquals(new PairedBootstrap(500, 0.9, 42).compare(a, b).meanDifference(), other.meanDifference());
        assertEquals(500, other.samples());
        assertEquals(0.9, other.confidence());
    }

    @Test
    void misalignedEmptyOrMissingValuesAreRefusedWithAClearMessage() {
        PairedBootstrap bootstrap = new PairedBootstrap(1);
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> bootstrap.compare(new double[3], new double[2]));
        assertTrue(lengths.getMessage().contains("3 values vs 2"), lengths.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bootstrap.compare(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> bootstrap.compare(new double[]{Double.NaN}, new double[]{1}));
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(0, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> new PairedBootstrap(100, 1.0, 1));
    }
}
