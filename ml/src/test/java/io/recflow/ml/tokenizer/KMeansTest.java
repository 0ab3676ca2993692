package io.recflow.ml.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KMeansTest {

    /** 3 tight blobs, 40 points each, centred far apart; point p belongs to blob p % 3. */
    private static float[][] blobs(long seed) {
        float[][] centres = {{0, 0, 0}, {10, 10, 0}, {-10, 5, 8}};
        Random random = new Random(seed);
        float[][] points = new float[120][3];
        for (int p = 0; p < points.length; p++) {
            for (int d = 0; d < 3; d++) {
                points[p][d] = centres[p % 3][d] + (float) random.nextGaussian() * 0.5f;
            }
        }
        return points;
    }

    @Test
    void recoversSeparableClustersExactly() {
        KMeans.Result result = KMeans.fit(blobs(1), 3, 42);
        assertEquals(3, result.clusters());
        Set<Integer> clusterOfBlob = new HashSet<>();
        for (int blob = 0; blob < 3; blob++) {
            int cluster = result.assignments()[blob];
            for (int p = blob; p < 120; p += 3) {
                assertEquals(cluster, result.assignments()[p], "point " + p + " left its blob");
            }
            clusterOfBlob.add(cluster);
        }
        assertEquals(3, clusterOfBlob.size());
        float[] centroid = result.centroids()[result.assignments()[1]];
        assertEquals(10, centroid[0], 0.3);
        assertEquals(10, centroid[1], 0.3);
    }

    @Test
    void sameSeedSameResult() {
        float[][] points = blobs(2);
        KMeans.Result a = KMeans.fit(points, 7, 5);
        KMeans.Result b = KMeans.fit(points, 7, 5);
        assertArrayEquals(a.assignments(), b.assignments());
        assertArrayEquals(a.centroids(), b.centroids());
    }

    @Test
    void moreClustersThanDistinctPointsYieldsOneClusterPerValue() {
        float[][] points = {{1, 1}, {1, 1}, {5, 5}, {1, 1}, {5, 5}};
        KMeans.Result result = KMeans.fit(points, 4, 3);
        assertEquals(2, result.clusters());
        int[] a = result.assignments();
        assertEquals(a[0], a[1]);
        assertEquals(a[0], a[3]);
        assertEquals(a[2], a[4]);
        assertEquals(1, Math.abs(a[0] - a[2]));
    }

    @Test
    void everyPointItsOwnClusterWhenKEqualsN() {
        KMeans.Result result = KMeans.fit(blobs(3), 120, 9);
        assertEquals(120, result.clusters());
        assertEquals(120, Arrays.stream(result.assignments()).distinct().count());
    }

    @Test
    void rejectsNoPoints() {
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new float[0][], 2, 1));
    }
}
