package io.recflow.ml.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The few dense linear-algebra routines the text embedder needs, on row-major double arrays. */
final class DenseMath {

    /** Columns whose norm falls below this share of their original norm are linearly dependent: dropped. */
    private static final double DEPENDENT = 1e-10;
    private static final int JACOBI_SWEEPS = 100;

    record Eigen(double[] values, double[][] vectors) {
    }

    private DenseMath() {
    }

    /**
     * An orthonormal basis of the column space of {@code a} (rows x width) by modified Gram-Schmidt,
     * applied twice for numerical orthogonality; dependent columns are dropped, so the result may
     * be narrower.
     */
    static double[][] orthonormalColumns(double[][] a) {
        int rows = a.length;
        int width = rows == 0 ? 0 : a[0].length;
        List<double[]> basis = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) {
                v[r] = a[r][c];
            }
            double original = norm(v);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : basis) {
                    double projection = dot(q, v);
                    for (int r = 0; r < rows; r++) {
                        v[r] -= projection * q[r];
                    }
                }
            }
            double remaining = norm(v);
            if (original > 0 && remaining > DEPENDENT * original) {
                for (int r = 0; r < rows; r++) {
                    v[r] /= remaining;
                }
                basis.add(v);
            }
        }
        double[][] q = new double[rows][basis.size()];
        for (int c = 0; c < basis.size(); c++) {
            for (int r = 0; r < rows; r++) {
                q[r][c] = basis.get(c)[r];
            }
        }
        return q;
    }

    /** bᵀ·b for b of shape (rows x width). */
    static double[][] gram(double[][] b) {
        int width = b.length == 0 ? 0 : b[0].length;
        double[][] g = new double[width][width];
        for (double[] row : b) {
            for (int i = 0; i < width; i++) {
                if (row[i] != 0) {
                    for (int j = i; j < width; j++) {
                        g[i][j] += row[i] * row[j];
                    }
                }
            }
        }
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < i; j++) {
                g[i][j] = g[j][i];
            }
        }
        return g;
    }

    /** Eigenvalues (descending) and eigenvectors of a small symmetric matrix, by cyclic Jacobi rotations. */
    static Eigen symmetricEigen(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i] = Arrays.copyOf(symmetric[i], n);
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < JACOBI_SWEEPS && offDiagonal(a) > 1e-22 * Math.max(1e-300, diagonal(a)); sweep++) {
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] != 0) {
                        rotate(a, v, p, q);
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -a[i][i]).thenComparingInt(i -> i));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int k = 0; k < n; k++) {
            values[k] = a[order[k]][order[k]];
            for (int r = 0; r < n; r++) {
                vectors[k][r] = v[r][order[k]];
            }
        }
        return new Eigen(values, vectors);
    }

    /** Zeroes a[p][q] with a Jacobi rotation, accumulating it into the eigenvector columns of v. */
    private static void rotate(double[][] a, double[][] v, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int n = a.length;
        for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++) {
            double vkp = v[k][p];
            double vkq = v[k][q];
            v[k][p] = c * vkp - s * vkq;
            v[k][q] = s * vkp + c * vkq;
        }
    }

    /** Flips {@code column} so that its largest-magnitude entry is positive: SVD signs are otherwise arbitrary. */
    static void fixSign(double[] column) {
        int largest = 0;
        for (int i = 1; i < column.length; i++) {
            if (Math.abs(column[i]) > Math.abs(column[largest])) {
                largest = i;
            }
        }
        if (column.length > 0 && column[largest] < 0) {
            for (int i = 0; i < column.length; i++) {
                column[i] = -column[i];
            }
        }
    }

    private static double offDiagonal(double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    sum += a[i][j] * a[i][j];
                }
            }
        }
        return sum;
    }

    private static double diagonal(double[][] a) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i][i] * a[i][i];
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }
}
