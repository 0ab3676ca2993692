package io.recflow.workflows.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.temporal.common.WorkflowExecutionHistory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Makes a recorded history the same every time its scenario is recorded, so a new recording can be
 * reviewed as a diff. What differs between two recordings of one run is rewritten, nothing the
 * workflow's commands depend on:
 * <ul>
 *   <li>the run id becomes a name-based UUID of the history's name, and every activity and timer id, which
 *       the SDK derives from the run id and a counter ({@code UUID.nameUUIDFromBytes(runId + ":" + n)}), is
 *       derived again from the new run id with the same counter, as a replay derives it;</li>
 *   <li>event times start at {@link #START} and advance one second per event, except that a timer fires
 *       its {@code startToFireTimeout} after it started (the wall clock of a recording, with skipped
 *       time in it, says nothing);</li>
 *   <li>worker and client identities (process id and host) become {@code recorder}, and
 *       {@code historySizeBytes}, which counts them, is left out.</li>
 * </ul>
 * Failure stack traces are kept as recorded: they name the recording's source lines and JDK.
 */
public final class RecordedHistory {

    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    /** Ids the SDK derives from the run id and a counter. */
    private static final Set<String> DERIVED_IDS = Set.of("activityId", "timerId");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedHistory() {
    }

    public static String normalized(String name, String json) throws Exception {
        JsonNode root = JSON.readTree(json);
        JsonNode events = root.get("events");
        String runId = events.get(0).get("workflowExecutionStartedEventAttributes")
                .get("originalExecutionRunId").asText();
        String fixedRunId = UUID.nameUUIDFromBytes(("recflow-history:" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
        rewrite(root, runId, fixedRunId);
        retime(events);
        // parse and print as the SDK does, which also checks that the result is still a history
        return WorkflowExecutionHistory.fromJson(JSON.writeValueAsString(root)).toJson(true);
    }

    private static void rewrite(JsonNode node, String runId, String fixedRunId) {
        if (node instanceof ObjectNode object) {
            object.remove("historySizeBytes");
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (field.getKey().equals("identity")) {
                    field.setValue(TextNode.valueOf("recorder"));
                } else if (DERIVED_IDS.contains(field.getKey())) {
                    field.setValue(TextNode.valueOf(derivedId(fixedRunId, counter(runId, value.asText()))));
                } else if (value.isTextual() && value.asText().equals(runId)) {
                    field.setValue(TextNode.valueOf(fixedRunId));
                } else {
                    rewrite(value, runId, fixedRunId);
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(child -> rewrite(child, runId, fixedRunId));
        }
    }

    private static int counter(String runId, String id) {
        for (int n = 0; n < 100_000; n++) {
            if (derivedId(runId, n).equals(id)) {
                return n;
            }
        }
        throw new IllegalStateException("id " + id + " is not derived from run id " + runId);
    }

    private static String derivedId(String runId, int counter) {
        return UUID.nameUUIDFromBytes((runId + ":" + counter).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void retime(JsonNode events) {
        Map<String, Instant> timerStarts = new HashMap<>();
        Map<String, Duration> timerTimeouts = new HashMap<>();
        Instant time = START.minusSeconds(1);
        for (JsonNode event : events) {
            time = time.plusSeconds(1);
            JsonNode fired = event.get("timerFiredEventAttributes");
            if (fired != null) {
                String started = fired.get("startedEventId").asText();
                Instant due = timerStarts.get(started).plus(timerTimeouts.get(started));
                time = due.isAfter(time) ? due : time;
            }
            ((ObjectNode) event).put("eventTime", time.toString());
            JsonNode timer = event.get("timerStartedEventAttributes");
            if (timer != null) {
                String id = event.get("eventId").asText();
                timerStarts.put(id, time);
                timerTimeouts.put(id, seconds(timer.get("startToFireTimeout").asText()));
            }
        }
    }

    /** A protobuf JSON duration, e.g. {@code 60s} or {@code 0.5s}. */
    private static Duration seconds(String duration) {
        BigDecimal seconds = new BigDecimal(duration.substring(0, duration.length() - 1));
        return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
    }
}
