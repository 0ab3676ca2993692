package io.recflow.ml.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextEmbedderTest {

    private static final List<String> SPACE = List.of("starship", "galaxy", "orbit", "alien", "nebula", "android");
    private static final List<String> FOOD = List.of("recipe", "baking", "bread", "spice", "pasta", "dessert");
    private static final List<String> SHARED = List.of("the", "new", "edition", "great", "collection");

    /** Documents 0..29 about space, 30..59 about food, all padded with shared filler words. */
    private static List<String> documents() {
        Random random = new Random(4);
        List<String> documents = new ArrayList<>();
        for (List<String> topic : List.of(SPACE, FOOD)) {
            for (int d = 0; d < 30; d++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 8; w++) {
                    List<String> source = random.nextDouble() < 0.6 ? topic : SHARED;
                    text.append(source.get(random.nextInt(source.size()))).append(w % 3 == 2 ? ", " : " ");
                }
                documents.add(text.toString());
            }
        }
        return documents;
    }

    @Test
    void unitVectorsThatSeparateTopics() {
        float[][] vectors = new TextEmbedder(8, 1 << 12, 1).embed(documents());
        double within = 0;
        double across = 0;
        for (int a = 0; a < 60; a++) {
            assertEquals(1.0, dot(vectors[a], vectors[a]), 1e-5);
            int nearest = -1;
            for (int b = 0; b < 60; b++) {
                if (b != a && (nearest < 0 || dot(vectors[a], vectors[b]) > dot(vectors[a], vectors[nearest]))) {
                    nearest = b;
                }
                if (b > a) {
                    if (a / 30 == b / 30) {
                        within += dot(vectors[a], vectors[b]) / (2 * 435);
                    } else {
                        across += dot(vectors[a], vectors[b]) / 900;
                    }
                }
            }
            assertEquals(a / 30, nearest / 30, "nearest neighbour of document " + a + " is about another topic");
        }
        assertTrue(within > across + 0.3, "mean cosine within topics " + within + ", across " + across);
    }

    @Test
    void sameTextSameVectorEmptyTextZeroVectorDeterministic() {
        List<String> documents = new ArrayList<>(documents());
        documents.add(documents.get(3).toUpperCase());
        documents.add("  ,, ");
        TextEmbedder embedder = new TextEmbedder(16, 1 << 12, 7);
        float[][] vectors = embedder.embed(documents);
        assertArrayEquals(vectors[3], vectors[60], 1e-6f);
        assertArrayEquals(new float[16], vectors[61]);
        assertArrayEquals(vectors, embedder.embed(documents));
    }

    @Test
    void fewerDocumentsThanDimensionsPadWithZeros() {
        float[][] vectors = new TextEmbedder(32, 1 << 12, 1).embed(List.of("red apple", "green pear", "red pear"));
        assertEquals(32, vectors[0].length);
        for (int c = 3; c < 32; c++) {
            assertEquals(0f, vectors[0][c]);
        }
        assertEquals(1.0, dot(vectors[2], vectors[2]), 1e-5);
    }

    @Test
    void fullRankEmbeddingKeepsTfIdfCosines() {
        float[][] vectors = new TextEmbedder(32, 1 << 12, 1).embed(List.of("red apple", "green pear", "red pear"));
        // Features: unigrams and the bigram, tf = 1, idf = 1 + ln((1 + n) / (1 + df)) with n = 3.
        double red = 1 + Math.log(4 / 3.0);   // in 2 documents
        double unique = 1 + Math.log(2);      // "apple", "red apple", "red pear": in 1 document
        double pear = red;                    // in 2 documents
        double expected = red * red / (Math.sqrt(red * red + 2 * unique * unique)
                * Math.sqrt(red * red + pear * pear + unique * unique));
        assertEquals(expected, dot(vectors[0], vectors[2]), 1e-5);
        assertEquals(0.0, dot(vectors[0], vectors[1]), 1e-5);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
