package io.recflow.api.schedules;

import io.recflow.api.problem.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On the embedded fallback, Temporal's in-memory test server, there are no Schedules and no search attributes:
 * schedule calls answer 501 and say why and what to do, without asking the server anything.
 */
class ScheduleServiceFallbackTest {

    @Test
    void theTestServerHasNoSchedulesAndTheProblemSaysWhatToDo() {
        TemporalFeatures features = new TemporalFeatures();
        features.testServer = true;
        features.searchAttributesSetting = "auto";
        ScheduleService schedules = new ScheduleService();
        schedules.features = features;

        assertFalse(features.schedules());
        assertFalse(features.searchAttributes());
        ProblemException problem = assertThrows(ProblemException.class, schedules::list);
        assertEquals(501, problem.status());
        assertTrue(problem.getMessage().contains("in-memory test server"), problem.getMessage());
        assertTrue(problem.getMessage().contains("infra/temporal-cli.sh"), problem.getMessage());
        assertEquals(501, assertThrows(ProblemException.class, () -> schedules.describe("nightly")).status());
    }
}
