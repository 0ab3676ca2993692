package io.recflow.ml.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model's numbers under one protocol: the headline metrics (means over users, and over draws
 * where a protocol draws), and the per-user values behind them, in the order of the examples, so two
 * models evaluated on the same examples can be compared with a paired test.
 */
public record ProtocolResult(String protocol, Map<String, Double> metrics, List<String> users,
                             Map<String, double[]> perUser) {

    /** The result whose headline metrics are the means of {@code perUser}'s values (0 for no users). */
    public static ProtocolResult ofMeans(String protocol, List<String> users, Map<String, double[]> perUser) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        perUser.forEach((metric, values) -> metrics.put(metric, Protocols.mean(values)));
        return new ProtocolResult(protocol, metrics, users, perUser);
    }
}
