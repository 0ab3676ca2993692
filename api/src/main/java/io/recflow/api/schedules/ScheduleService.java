package io.recflow.api.schedules;

import io.recflow.api.access.AuditLog;
import io.recflow.api.access.CurrentCaller;
import io.grpc.Status;
import io.recflow.api.foundation.FoundationBackboneCheck;
import io.recflow.api.problem.ProblemException;
import io.recflow.api.problem.TemporalErrors;
import io.recflow.api.sources.InputUriCheck;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.spec.PipelineSpec;
import io.recflow.workflows.pipeline.PipelineWorkflow;
import io.recflow.workflows.pipeline.RecflowSearchAttributes;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Periodic retraining as Temporal Schedules. A schedule {@code S} starts the pipeline workflow with its
 * spec on the cpu queue; Temporal names each run {@code pipeline-S-<scheduled time>}, and the run writes
 * its own lineage row as it starts. A run still going when the next is due is skipped
 * ({@code SKIP} overlap), and a run missed while Temporal was down is caught up within a minute only.
 */
@ApplicationScoped
public class ScheduleService {

    private static final Logger LOG = Logger.getLogger(ScheduleService.class);
    static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** Ten years: Temporal keeps an interval as a protobuf Duration, which a far longer one overflows. */
    static final Duration MAX_INTERVAL = Duration.ofDays(3650);
    /** What the schedule was created with, as given (Temporal keeps cron expressions as calendars). */
    static final String MEMO_WHEN = "recflowWhen";

    @Inject
    ScheduleClient scheduleClient;
    @Inject
    WorkflowClient workflows;
    @Inject
    TemporalFeatures features;
    @Inject
    FoundationBackboneCheck foundationBackbones;
    @Inject
    InputUriCheck inputUris;
    @ConfigProperty(name = "recflow.temporal.ui-url")
    Optional<String> temporalUi;

    @Inject
    CurrentCaller caller;
    @Inject
    AuditLog audit;

    /** Checks the request first: a bad one is refused as such whatever the server can do. */
    public ScheduleView create(ScheduleRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("the request body must be a schedule: {id, spec, interval | cron}");
        }
        List<String> problems = new ArrayList<>();
        if (request.id() == null || !request.id().matches(ID_PATTERN)) {
            problems.add("id: is required: lower-case letters, digits and '-', at most 64 characters");
        }
        if (request.spec() == null) {
            problems.add("spec: is required (a pipeline spec, as POST /api/v1/pipelines takes)");
        } else {
            inputUris.specProblems(request.spec()).forEach(p -> problems.add("spec." + p));
        }
        boolean hasInterval = request.interval() != null && !request.interval().isBlank();
        boolean hasCron = request.cron() != null && !request.cron().isBlank();
        Duration interval = null;
        if (hasInterval == hasCron) {
            problems.add("interval, cron: give exactly one (interval as ISO-8601, e.g. PT24H; cron as five fields,"
                    + " e.g. '0 3 * * *')");
        } else if (hasInterval) {
            try {
                interval = Duration.parse(request.interval().trim());
                if (interval.compareTo(MIN_INTERVAL) < 0) {
                    problems.add("interval: must be at least " + MIN_INTERVAL.toSeconds() + " s");
                } else if (interval.compareTo(MAX_INTERVAL) > 0) {
                    problems.add("interval: must be at most " + MAX_INTERVAL.toDays() + " days (P" + MAX_INTERVAL.toDays()
                            + "D)");
                }
            } catch (DateTimeParseException e) {
                problems.add("interval: '" + request.interval() + "' is no ISO-8601 duration (e.g. PT24H, PT30M)");
            }
        } else if (request.cron().trim().split("\\s+").length != 5) {
            problems.add("cron: '" + request.cron() + "' must have five fields: minute hour day-of-month month"
                    + " day-of-week");
        }
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest("the schedule is invalid: " + problems.size() + " problem(s)", problems);
        }
        PipelineSpec spec = request.spec().validated();
        foundationBackbones.requireImported(spec);
        ScheduleClient schedules = client();
        WorkflowOptions.Builder run = WorkflowOptions.newBuilder()
                .setWorkflowId("pipeline-" + request.id())
                .setTaskQueue(TaskQueues.CPU);
        if (features.searchAttributes()) {
            run.setTypedSearchAttributes(RecflowSearchAttributes.initial(request.id(), spec));
        }
        ScheduleSpec.Builder when = ScheduleSpec.newBuilder();
        if (interval != null) {
            when.setIntervals(List.of(new ScheduleIntervalSpec(interval)));
        } else {
            when.setCronExpressions(List.of(request.cron().trim()));
        }
        Schedule schedule = Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(PipelineWorkflow.class)
                        .setArguments(spec)
                        .setOptions(run.build())
                        .build())
                .setSpec(when.build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .setCatchupWindow(Duration.ofMinutes(1))
                        .build())
                .setState(ScheduleState.newBuilder()
                        .setPaused(Boolean.TRUE.equals(request.paused()))
                        .setNote(request.note() == null ? "" : request.note())
                        .build())
                .build();
        try {
            ScheduleOptions options = ScheduleOptions.newBuilder()
                    .setMemo(Map.of(MEMO_WHEN, interval != null ? interval.toString() : "cron " + request.cron().trim()))
                    .build();
            call(request.id(), () -> schedules.createSchedule(request.id(), schedule, options));
        } catch (ScheduleAlreadyRunningException e) {
            throw ProblemException.conflict("schedule " + request.id() + " already exists: delete it first or use"
                    + " another id");
        }
        String cadence = interval != null ? "every " + interval : "cron " + request.cron();
        LOG.infof("created schedule %s (model %s, %s)", request.id(), spec.model(), cadence);
        audited("schedule.create", request.id(), "model " + spec.model() + ", " + cadence);
        return describe(request.id());
    }

    public List<ScheduleView> list() {
        ScheduleClient schedules = client();
        // Pipeline schedules only: the namespace also holds the platform's own (garbage collection's
        // recflow.gc, set by configuration), whose ids this resource's pattern leaves out on purpose.
        List<String> ids = call(null, () -> schedules.listSchedules()
                .map(ScheduleListDescription::getScheduleId).filter(id -> id.matches(ID_PATTERN)).toList());
        List<ScheduleView> views = new ArrayList<>();
        for (String id : ids) {
            try {
                views.add(describe(id));
            } catch (ProblemException e) {
                if (e.status() != 404) {  // deleted since it was listed
                    throw e;
                }
            }
        }
        views.sort(Comparator.comparing(ScheduleView::id));
        return views;
    }

    public ScheduleView describe(String id) {
        return view(id, call(id, () -> handle(id).describe()));
    }

    public ScheduleView pause(String id, String note) {
        call(id, () -> {
            handle(id).pause(note == null || note.isBlank() ? "paused through recflow" : note);
            return null;
        });
        audited("schedule.pause", id, note);
        return describe(id);
    }

    public ScheduleView unpause(String id, String note) {
        call(id, () -> {
            handle(id).unpause(note == null || note.isBlank() ? "unpaused through recflow" : note);
            return null;
        });
        audited("schedule.unpause", id, note);
        return describe(id);
    }

    /** Starts a run now (skipped if one of this schedule's runs is still going). */
    public ScheduleView trigger(String id) {
        call(id, () -> {
            handle(id).trigger();
            return null;
        });
        audited("schedule.trigger", id, "");
        return describe(id);
    }

    public void delete(String id) {
        call(id, () -> {
            handle(id).delete();
            return null;
        });
        LOG.infof("deleted schedule %s", id);
        audited("schedule.delete", id, "");
    }

    private void audited(String action, String id, String detail) {
        audit.record(caller.get(), action, "schedule:" + id, detail);
    }

    private ScheduleHandle handle(String id) {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw ProblemException.notFound("there is no schedule " + id);
        }
        return client().getHandle(id);
    }

    private ScheduleView view(String id, ScheduleDescription description) {
        Schedule schedule = description.getSchedule();
        PipelineSpec spec = null;
        if (schedule.getAction() instanceof ScheduleActionStartWorkflow start) {
            try {
                spec = start.getArguments().get(0, PipelineSpec.class);
            } catch (RuntimeException e) {
                LOG.debugf("schedule %s: its action's spec cannot be read: %s", id, e.getMessage());
            }
        }
        ScheduleSpec when = schedule.getSpec();
        List<String> intervals = when.getIntervals() == null ? List.of()
                : when.getIntervals().stream().map(i -> i.getEvery().toString()).toList();
        List<String> cron = new ArrayList<>(when.getCronExpressions() == null ? List.of() : when.getCronExpressions());
        try {
            Object given = description.getMemo(MEMO_WHEN, String.class);
            if (given instanceof String text && text.startsWith("cron ") && cron.isEmpty()) {
                cron.add(text.substring("cron ".length()));
            }
        } catch (RuntimeException e) {
            LOG.debugf("schedule %s: no readable memo: %s", id, e.getMessage());
        }
        ScheduleState state = schedule.getState();
        List<ScheduleView.ScheduledRun> recent = description.getInfo().getRecentActions().stream()
                .map(ScheduleService::run).toList();
        List<String> running = description.getInfo().getRunningActions().stream()
                .map(ScheduleService::workflowId).filter(w -> w != null).toList();
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/api/v1/schedules/" + id);
        temporalUi.ifPresent(ui -> links.put("temporalUi", ui + "/namespaces/" + workflows.getOptions().getNamespace()
                + "/schedules/" + id));
        return new ScheduleView(id, spec == null ? null : spec.model(), intervals, cron,
                state != null && state.isPaused(), state == null ? null : state.getNote(),
                description.getInfo().getNumActions(), description.getInfo().getNumActionsSkippedOverlap(), running,
                recent, description.getInfo().getNextActionTimes(), description.getInfo().getCreatedAt(), spec, links);
    }

    private static ScheduleView.ScheduledRun run(ScheduleActionResult result) {
        return new ScheduleView.ScheduledRun(workflowId(result.getAction()), result.getScheduledAt(),
                result.getStartedAt());
    }

    private static String workflowId(ScheduleActionExecution execution) {
        return execution instanceof ScheduleActionExecutionStartWorkflow start ? start.getWorkflowId() : null;
    }

    private ScheduleClient client() {
        if (!features.schedules()) {
            throw new ProblemException(501, "Not implemented", "schedules need a real Temporal server, and this"
                    + " platform runs Temporal's in-memory test server, which has none (the launcher could not fetch"
                    + " the Temporal CLI: see infra/temporal-cli.sh; or run in local or cluster mode)", List.of());
        }
        return scheduleClient;
    }

    /** Runs a Temporal call; its errors become problems a person can act on (an unreachable server: ProblemMappers). */
    private <T> T call(String id, Supplier<T> temporalCall) {
        try {
            return temporalCall.get();
        } catch (ProblemException | ScheduleAlreadyRunningException e) {
            throw e;
        } catch (RuntimeException e) {
            Optional<Status.Code> code = TemporalErrors.code(e);
            if (code.filter(c -> c == Status.Code.NOT_FOUND).isPresent()) {
                throw ProblemException.notFound("there is no schedule " + id);
            }
            if (code.filter(c -> c == Status.Code.INVALID_ARGUMENT).isPresent()) {
                throw ProblemException.badRequest("Temporal refused the schedule (" + TemporalErrors.describe(e) + ")");
            }
            throw e;
        }
    }
}
