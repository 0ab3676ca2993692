package io.recflow.ml.evaluation;

import io.recflow.ml.split.Example;

import java.util.List;
import java.util.Map;

/** What the protocols share: per-user arrays turned into a result with means. */
final class Protocols {

    private Protocols() {
    }

    static ProtocolResult result(String protocol, List<Example> test, Map<String, double[]> perUser) {
        return ProtocolResult.ofMeans(protocol, test.stream().map(Example::user).toList(), perUser);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    static double std(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return values.length < 2 ? 0 : Math.sqrt(sum / (values.length - 1));
    }
}
