package io.recflow.ml.encoder;

import io.recflow.ml.data.UserSequence;
import io.recflow.ml.data.synthetic.SyntheticConfig;
import io.recflow.ml.data.synthetic.SyntheticDataset;
import io.recflow.ml.metrics.RankingAccumulator;
import io.recflow.ml.progress.ProgressListener;
import io.recflow.ml.recommend.PopularityRecommender;
import io.recflow.ml.recommend.Recommender;
import io.recflow.ml.split.Example;
import io.recflow.ml.split.LeaveOneOut;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data and the checks that every sequence encoder's tests share. */
final class EncoderFixtures {

    static final int ITEMS = 120;
    static final int HISTORY = 20;
    static final LeaveOneOut SPLIT = LeaveOneOut.split(
            SyntheticDataset.generate(new SyntheticConfig(ITEMS, 600, 10, 30, 21)).dataset().sequences());

    private EncoderFixtures() {
    }

    /** Records every step of a training run, checking that steps are reported in order under one phase. */
    static final class LossLog implements ProgressListener {

        private final String phase;
        final List<Double> losses = new ArrayList<>();
        final List<Integer> epochs = new ArrayList<>();

        LossLog(String phase) {
            this.phase = phase;
        }

        @Override
        public void onProgress(String phase, int epoch, int epochCount, long step, long totalSteps, double loss) {
            assertEquals(this.phase, phase);
            assertEquals(losses.size() + 1, step);
            losses.add(loss);
            epochs.add(epoch);
        }

        /** An untrained model is near uniform over the catalogue; training brings the loss well down. */
        void assertStartsUniformAndDecreases(int epochCount) {
            assertEquals(Math.log(ITEMS), losses.get(0), 0.05, "an untrained model should be near uniform");
            double lastEpoch = meanOfEpoch(epochCount);
            assertTrue(lastEpoch < 0.8 * meanOfEpoch(1), "epoch losses " + meanOfEpoch(1) + " -> " + lastEpoch);
            assertEquals(epochCount, epochs.get(epochs.size() - 1));
        }

        private double meanOfEpoch(int epoch) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < losses.size(); i++) {
                if (epochs.get(i) == epoch) {
                    sum += losses.get(i);
                    count++;
                }
            }
            return sum / count;
        }
    }

    /** The per-step losses of training on the first 200 users ({@code train} gets them and a listener). */
    static List<Double> lossCurve(BiFunction<List<UserSequence>, ProgressListener, SequenceEncoder> train) {
        List<Double> curve = new ArrayList<>();
        ProgressListener record = (phase, epoch, total, step, steps, loss) -> curve.add(loss);
        try (SequenceEncoder ignored = train.apply(SPLIT.train().subList(0, 200), record)) {
            return curve;
        }
    }

    static void assertBeatsPopularity(Recommender model) {
        List<Example> test = SPLIT.test(HISTORY);
        double ndcg = ndcgAt10(model, test);
        double popularity = ndcgAt10(PopularityRecommender.fit(SPLIT.train(), ITEMS), test);
        assertTrue(ndcg > 2 * popularity && ndcg > popularity + 0.05,
                "NDCG@10 " + ndcg + " vs popularity " + popularity);
    }

    private static double ndcgAt10(Recommender recommender, List<Example> examples) {
        RankingAccumulator accumulator = new RankingAccumulator(10);
        accumulator.addAll(examples.stream().map(Example::user).toList(),
                recommender.recommend(Example.histories(examples), 10), Example.targets(examples));
        return accumulator.mean(RankingAccumulator.ndcgName(10));
    }
}
