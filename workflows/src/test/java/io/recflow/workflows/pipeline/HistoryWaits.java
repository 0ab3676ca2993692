package io.recflow.workflows.pipeline;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waits on what a workflow's history records, not on the clock: a loaded machine only makes them slower. */
public final class HistoryWaits {

    private static final long TIMEOUT_MS = 30_000;
    private static final Set<EventType> CLOSED = Set.of(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
            EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT);

    private HistoryWaits() {
    }

    /** Until the run's history holds an event of {@code type}. */
    public static void awaitEvent(WorkflowClient client, String workflowId, EventType type) throws InterruptedException {
        await(client, workflowId, events -> events.stream().anyMatch(e -> e.getEventType() == type),
                "the run's history never held " + type);
    }

    /**
     * Until the run has acted on a cancel request as far as it can without the activities it started before it:
     * a workflow task completed after the request, none is outstanding, and every activity scheduled since has
     * ended — or the run closed. What a workflow does on a cancel without waiting is then done.
     */
    public static void awaitSettledAfterCancel(WorkflowClient client, String workflowId) throws InterruptedException {
        await(client, workflowId, HistoryWaits::settledAfterCancel,
                "the run never settled after its cancel request");
    }

    private static boolean settledAfterCancel(List<HistoryEvent> events) {
        int cancel = indexOf(events, e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
        if (cancel < 0) {
            return false;
        }
        List<HistoryEvent> since = events.subList(cancel, events.size());
        if (since.stream().anyMatch(e -> CLOSED.contains(e.getEventType()))) {
            return true;
        }
        int lastScheduledTask = lastIndexOf(since, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
        int lastCompletedTask = lastIndexOf(since, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
        if (lastCompletedTask < 0 || lastScheduledTask > lastCompletedTask) {
            return false;
        }
        Set<Long> open = new HashSet<>();
        for (HistoryEvent e : since) {
            if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                open.add(e.getEventId());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
                open.remove(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED) {
                open.remove(e.getActivityTaskFailedEventAttributes().getScheduledEventId());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT) {
                open.remove(e.getActivityTaskTimedOutEventAttributes().getScheduledEventId());
            } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED) {
                open.remove(e.getActivityTaskCanceledEventAttributes().getScheduledEventId());
            }
        }
        return open.isEmpty();
    }

    private static void await(WorkflowClient client, String workflowId, Predicate<List<HistoryEvent>> reached,
                              String failure) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!reached.test(client.fetchHistory(workflowId).getEvents())) {
            assertTrue(System.currentTimeMillis() < deadline, failure);
            Thread.sleep(50);
        }
    }

    private static int indexOf(List<HistoryEvent> events, Predicate<HistoryEvent> match) {
        for (int i = 0; i < events.size(); i++) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<HistoryEvent> events, EventType type) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).getEventType() == type) {
                return i;
            }
        }
        return -1;
    }
}
