package io.recflow.ml.data.synthetic;

import io.recflow.ml.data.InteractionDataset;
import io.recflow.ml.data.UserSequence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic synthetic recommendation data set for demos and tests: a catalogue with category
 * paths, titles and descriptions drawn from per-category vocabularies, and users whose sequences
 * follow learnable sequential patterns (series read in order, Markov moves between related
 * categories) and drift to new favourite categories late in their history. The same config always
 * yields the same data. The ground truth (series, volumes, drift points) is exposed for tests.
 */
public final class SyntheticDataset {

    /** 2024-01-01T00:00:00Z; sessions start within the following half year. */
    private static final long EPOCH_START = 1_704_067_200L;
    private static final long START_SPREAD_SECONDS = 180L * 24 * 3600;
    private static final double MEAN_GAP_SECONDS = 24 * 3600;

    private final InteractionDataset dataset;
    private final SyntheticCatalog catalog;
    private final int[] driftPositions;

    private SyntheticDataset(InteractionDataset dataset, SyntheticCatalog catalog, int[] driftPositions) {
        this.dataset = dataset;
        this.catalog = catalog;
        this.driftPositions = driftPositions;
    }

    public static SyntheticDataset generate(long seed) {
        return generate(SyntheticConfig.defaults(seed));
    }

    public static SyntheticDataset generate(SyntheticConfig config) {
        // Separate streams so that changing the number of users never changes the catalogue.
        Random catalogRandom = new Random(config.seed());
        Random userRandom = new Random(config.seed() ^ 0x5DEECE66DL);
        SyntheticCatalog catalog = SyntheticCatalog.generate(config.items(), catalogRandom);
        UserSimulator simulator = new UserSimulator(catalog, userRandom);
        int width = Integer.toString(config.users()).length();
        List<UserSequence> sequences = new ArrayList<>(config.users());
        int[] driftPositions = new int[config.users()];
        for (int u = 0; u < config.users(); u++) {
            int length = config.minLength() + userRandom.nextInt(config.maxLength() - config.minLength() + 1);
            UserSimulator.Session session = simulator.simulate(length, userRandom);
            driftPositions[u] = session.driftPosition();
            sequences.add(new UserSequence("u" + SyntheticCatalog.pad(u + 1, width), session.items(),
                    timestamps(length, userRandom)));
        }
        String name = "synthetic-" + config.items() + "x" + config.users() + "-seed" + config.seed();
        return new SyntheticDataset(new InteractionDataset(name, catalog.catalog, sequences), catalog, driftPositions);
    }

    /** Strictly increasing epoch seconds: a random start, then gaps of a minute plus an exponential wait. */
    private static long[] timestamps(int length, Random random) {
        long[] times = new long[length];
        long time = EPOCH_START + (long) (random.nextDouble() * START_SPREAD_SECONDS);
        for (int t = 0; t < length; t++) {
            times[t] = time;
            time += 60 + (long) (-Math.log(1 - random.nextDouble()) * MEAN_GAP_SECONDS);
        }
        return times;
    }

    public InteractionDataset dataset() {
        return dataset;
    }

    /** The series an item belongs to, or -1. */
    public int seriesOf(int item) {
        return catalog.seriesOf[item];
    }

    /** The item's 1-based volume within its series, or 0. */
    public int volumeOf(int item) {
        return catalog.volumeOf[item];
    }

    /** The position in user {@code userIndex}'s sequence from which the new favourite categories apply. */
    public int driftPosition(int userIndex) {
        return driftPositions[userIndex];
    }

    /** Writes {@code interactions.csv} and {@code items.csv} into {@code directory} (see {@link GenericCsvWriter}). */
    public void writeCsv(Path directory) throws IOException {
        GenericCsvWriter.write(dataset, directory);
    }
}
