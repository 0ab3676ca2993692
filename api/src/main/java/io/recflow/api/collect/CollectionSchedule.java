package io.recflow.api.collect;

import io.quarkus.runtime.StartupEvent;
import io.recflow.api.problem.ProblemException;
import io.recflow.api.problem.TemporalErrors;
import io.recflow.api.schedules.TemporalFeatures;
import io.recflow.workflows.TaskQueues;
import io.recflow.workflows.collect.CollectionOrder;
import io.recflow.workflows.collect.CollectionWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The optional periodic garbage collection, as a Temporal Schedule ({@value CollectionWorkflow#SCHEDULE_ID}, in the
 * Temporal UI's schedules) set by configuration: {@code recflow.gc.schedule.every} (e.g. {@code 1d}, {@code 12h},
 * {@code P1D}) turns it on, {@code recflow.gc.schedule.older-than} (default {@value CollectionService#DEFAULT_AGE})
 * says what it may delete, as {@code recflow gc --older-than} does. A process starting with it creates or updates the
 * schedule; one starting without it deletes a schedule left from before, so configuration is the one place it is
 * decided. A collection still going when the next is due is skipped.
 */
@ApplicationScoped
public class CollectionSchedule {

    private static final Logger LOG = Logger.getLogger(CollectionSchedule.class);
    static final String EVERY = "recflow.gc.schedule.every";
    static final String OLDER_THAN = "recflow.gc.schedule.older-than";

    @Inject
    ScheduleClient schedules;
    @Inject
    TemporalFeatures features;
    @ConfigProperty(name = EVERY)
    Optional<String> every;
    @ConfigProperty(name = OLDER_THAN, defaultValue = CollectionService.DEFAULT_AGE)
    String olderThan;

    void apply(@Observes StartupEvent event) {
        // Bad settings stop the start with the property's name, before anything is scheduled.
        Optional<Duration> interval = every.filter(text -> !text.isBlank()).map(text -> setting(EVERY, text));
        Duration age = setting(OLDER_THAN, olderThan);
        if (interval.isPresent() && interval.get().isZero()) {
            throw new IllegalArgumentException(EVERY + " must be longer than 0");
        }
        if (!features.schedules()) {
            interval.ifPresent(i -> LOG.warnf("%s=%s ignored: Temporal's in-memory test server has no schedules;"
                    + " collect with `recflow gc` instead", EVERY, every.get()));
            return;
        }
        try {
            ScheduleHandle handle = schedules.getHandle(CollectionWorkflow.SCHEDULE_ID);
            if (interval.isEmpty()) {
                deleteLeftOver(handle);
                return;
            }
            Schedule schedule = schedule(interval.get(), age);
            try {
                schedules.createSchedule(CollectionWorkflow.SCHEDULE_ID, schedule, ScheduleOptions.newBuilder().build());
            } catch (ScheduleAlreadyRunningException e) {
                handle.update(input -> new ScheduleUpdate(schedule));
            }
            LOG.infof("artifact collection scheduled every %s, of artifacts made more than %s before (Temporal"
                    + " schedule %s)", interval.get(), olderThan, CollectionWorkflow.SCHEDULE_ID);
        } catch (RuntimeException e) {
            // Serving and the workers do not need the schedule: a Temporal that cannot be reached now must not
            // stop the process; the next start applies the setting.
            LOG.warnf("the artifact collection schedule %s was not %s: %s", CollectionWorkflow.SCHEDULE_ID,
                    interval.isPresent() ? "created or updated" : "checked for removal", e.toString());
        }
    }

    private static Schedule schedule(Duration interval, Duration age) {
        return Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(CollectionWorkflow.class)
                        .setArguments(new CollectionOrder(age.toString(), "gc by schedule " + CollectionWorkflow.SCHEDULE_ID))
                        .setOptions(WorkflowOptions.newBuilder()
                                .setWorkflowId("gc")
                                .setTaskQueue(TaskQueues.CPU)
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(interval))).build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .setCatchupWindow(Duration.ofMinutes(1))
                        .build())
                .build();
    }

    private static void deleteLeftOver(ScheduleHandle handle) {
        try {
            handle.delete();
            LOG.infof("deleted the artifact collection schedule %s: %s is not set", CollectionWorkflow.SCHEDULE_ID, EVERY);
        } catch (RuntimeException e) {
            if (TemporalErrors.code(e).filter(c -> c == Status.Code.NOT_FOUND).isEmpty()) {
                throw e;
            }
        }
    }

    private static Duration setting(String name, String text) {
        try {
            return CollectionService.age(text.strip());
        } catch (ProblemException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }
}
