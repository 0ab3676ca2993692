package io.recflow.ml.evaluation;

import java.util.List;
import java.util.Map;

/**
 * One model's numbers under one protocol: the headline metrics (means over users, and over draws
 * where a protocol draws), and the per-user values behind them, in the order of the examples, so two
 * models evaluated on the same examples can be compared with a paired test.
 */
public record ProtocolResult(String protocol, Map<String, Double> metrics, List<String> users,
                             Map<String, double[]> perUser) {
}
