"""Orchestration overhead of pipeline runs, from their Temporal event histories.

    python3 gaps.py <history.json>...

For each run: every pair of activities where the second was scheduled after the first completed (the
workflow waited for it), the time from the first one's completion to the second one's start, split into
the workflow's reaction (completed -> next scheduled: a workflow task on a worker) and dispatch
(scheduled -> started: the task queue hand-over to an activity worker). Also the run's start (execution
started -> first activity started) and end (last activity completed -> execution completed). Prints a JSON
line per run with the median transition, the overhead (transitions, start and end) summed, and its share of
the run's wall time.
"""
import json
import statistics
import sys
from datetime import datetime


def instant(text):
    # proto3 JSON timestamps carry up to nanoseconds; datetime keeps microseconds
    head, _, frac = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(head + ("." + frac[:6].ljust(6, "0") if frac else "") + "+00:00")


def kind(event):
    # Temporal's JSON names event types EVENT_TYPE_ACTIVITY_TASK_STARTED or ActivityTaskStarted
    t = event["eventType"]
    return t.replace("EVENT_TYPE_", "").replace("_", "").lower()


def activities(events):
    by_id = {}
    scheduled_by_event = {}
    for e in events:
        k, at = kind(e), instant(e["eventTime"])
        if k == "activitytaskscheduled":
            a = {"type": e["activityTaskScheduledEventAttributes"]["activityType"]["name"], "scheduled": at}
            scheduled_by_event[int(e["eventId"])] = a
        elif k in ("activitytaskstarted", "activitytaskcompleted"):
            attrs = e["activityTaskStartedEventAttributes" if k == "activitytaskstarted"
                      else "activityTaskCompletedEventAttributes"]
            a = scheduled_by_event[int(attrs["scheduledEventId"])]
            a["started" if k == "activitytaskstarted" else "completed"] = at
    return [a for a in scheduled_by_event.values() if "completed" in a and "started" in a]


def run_gaps(history):
    events = history["events"]
    start, end = instant(events[0]["eventTime"]), instant(events[-1]["eventTime"])
    done = sorted(activities(events), key=lambda a: a["scheduled"])
    transitions = []
    for nxt in done:
        before = [a for a in done if a["completed"] <= nxt["scheduled"]]
        if not before:
            continue
        prev = max(before, key=lambda a: a["completed"])
        transitions.append({
            "from": prev["type"], "to": nxt["type"],
            "reactMs": (nxt["scheduled"] - prev["completed"]).total_seconds() * 1000,
            "dispatchMs": (nxt["started"] - nxt["scheduled"]).total_seconds() * 1000,
        })
    totals = [t["reactMs"] + t["dispatchMs"] for t in transitions]
    wall = (end - start).total_seconds()
    start_ms = (min(a["started"] for a in done) - start).total_seconds() * 1000 if done else 0
    end_ms = (end - max(a["completed"] for a in done)).total_seconds() * 1000 if done else 0
    return {
        "wallSeconds": round(wall, 2), "activities": len(done), "transitions": len(transitions),
        "medianTransitionMs": round(statistics.median(totals), 1) if totals else None,
        "medianReactMs": round(statistics.median(t["reactMs"] for t in transitions), 1) if totals else None,
        "medianDispatchMs": round(statistics.median(t["dispatchMs"] for t in transitions), 1) if totals else None,
        "maxTransitionMs": round(max(totals), 1) if totals else None,
        "startMs": round(start_ms, 1), "endMs": round(end_ms, 1),
        "overheadSeconds": round((sum(totals) + start_ms + end_ms) / 1000, 3),
        "overheadShare": round((sum(totals) + start_ms + end_ms) / 1000 / wall, 5) if wall else None,
    }


def main():
    for path in sys.argv[1:]:
        with open(path) as f:
            print(json.dumps(run_gaps(json.load(f))))


if __name__ == "__main__":
    main()
