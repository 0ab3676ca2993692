// Temporal's event history -> activity attempts and workflow signals, for the run's timeline.

function attrs(e) {
  for (const [k, v] of Object.entries(e)) if (k.endsWith('EventAttributes')) return v || {};
  return {};
}

const ms = (t) => (t ? new Date(t).getTime() : null);

/** [{activity, taskQueue, scheduledAt, startedAt, closedAt, attempt, worker, outcome, failure}] in order. */
export function activities(history) {
  const events = history?.events || [];
  const byScheduled = new Map();
  const out = [];
  const signals = [];
  let workflow = { startedAt: null, closedAt: null, outcome: null };
  for (const e of events) {
    const type = (e.eventType || '').replace(/^EVENT_TYPE_/, '');
    const a = attrs(e);
    if (type === 'WORKFLOW_EXECUTION_STARTED') workflow.startedAt = e.eventTime;
    else if (/^WORKFLOW_EXECUTION_(COMPLETED|FAILED|CANCELED|TERMINATED|TIMED_OUT)$/.test(type)) {
      workflow = { ...workflow, closedAt: e.eventTime, outcome: type.slice('WORKFLOW_EXECUTION_'.length) };
    } else if (type === 'WORKFLOW_EXECUTION_SIGNALED') {
      signals.push({ at: e.eventTime, name: a.signalName, identity: a.identity });
    } else if (type === 'ACTIVITY_TASK_SCHEDULED') {
      const act = {
        id: e.eventId, activity: a.activityType?.name || '?', taskQueue: a.taskQueue?.name, scheduledAt: e.eventTime,
        startedAt: null, closedAt: null, attempt: null, worker: null, outcome: 'SCHEDULED', failure: null,
        timeout: a.startToCloseTimeout,
      };
      byScheduled.set(String(e.eventId), act);
      out.push(act);
    } else if (type.startsWith('ACTIVITY_TASK_')) {
      const act = byScheduled.get(String(a.scheduledEventId));
      if (!act) continue;
      if (type === 'ACTIVITY_TASK_STARTED') {
        act.startedAt = e.eventTime; act.attempt = a.attempt; act.worker = a.identity;
        if (act.outcome === 'SCHEDULED') act.outcome = 'STARTED';
        if (a.lastFailure?.message) act.lastFailure = a.lastFailure.message;
      } else if (type === 'ACTIVITY_TASK_CANCEL_REQUESTED') {
        act.cancelRequested = e.eventTime;
      } else {
        act.closedAt = e.eventTime;
        act.outcome = type.slice('ACTIVITY_TASK_'.length);
        act.failure = a.failure?.message || a.failure?.cause?.message || null;
        if (a.identity && !act.worker) act.worker = a.identity;
      }
    }
  }
  return { activities: out, signals, workflow, count: events.length };
}

export function durationMs(a, now = Date.now()) {
  const start = ms(a.startedAt || a.scheduledAt);
  const end = ms(a.closedAt) ?? now;
  return start === null ? null : end - start;
}

export function eventSummary(e) {
  const a = attrs(e);
  const type = (e.eventType || '').replace(/^EVENT_TYPE_/, '');
  const bits = [];
  if (a.activityType?.name) bits.push(a.activityType.name);
  if (a.signalName) bits.push(`signal ${a.signalName}`);
  if (a.attempt && type.startsWith('ACTIVITY')) bits.push(`attempt ${a.attempt}`);
  if (a.identity) bits.push(a.identity);
  if (a.failure?.message) bits.push(a.failure.message);
  if (a.scheduledEventId) bits.push(`of #${a.scheduledEventId}`);
  return { id: e.eventId, at: e.eventTime, type, text: bits.join(' · ') };
}
