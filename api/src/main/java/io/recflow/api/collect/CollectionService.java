package io.recflow.api.collect;

import io.recflow.activities.collect.ArtifactCollector;
import io.recflow.activities.collect.Collection;
import io.recflow.api.access.AuditLog;
import io.recflow.api.access.Caller;
import io.recflow.api.access.CurrentCaller;
import io.recflow.api.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Garbage collection on request of an admin: what {@link ArtifactCollector} deletes, recorded in the audit log. */
@ApplicationScoped
public class CollectionService {

    static final String DEFAULT_AGE = "7d";
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([dhms])");
    private static final Duration MAX_AGE = Duration.ofDays(999_999);

    @Inject
    ArtifactCollector collector;
    @Inject
    CurrentCaller caller;
    @Inject
    AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    public CollectionView collect(CollectionRequest request) {
        boolean dryRun = request != null && Boolean.TRUE.equals(request.dryRun());
        String olderThan = request == null || request.olderThan() == null ? DEFAULT_AGE : request.olderThan().strip();
        Duration age = age(olderThan);
        Caller me = caller.get();
        var cutoff = clock.instant().minus(age);
        if (dryRun) {
            return CollectionView.of(collector.plan(cutoff), olderThan);
        }
        Collection done = collector.collect(cutoff, "gc by " + me.name() + " at " + clock.instant());
        audit.record(me, "artifacts.collect", "artifacts", done.artifacts().size() + " artifacts, " + done.bytes()
                + " bytes, made more than " + olderThan + " ago");
        return CollectionView.of(done, olderThan);
    }

    /** {@code 7d}, {@code 12h}, {@code 30m}, {@code 0s}, or ISO-8601 ({@code P7D}, {@code PT12H}). */
    static Duration age(String text) {
        Matcher shortForm = SHORT.matcher(text);
        if (shortForm.matches()) {
            long n = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            Duration age = Duration.parse(text);
            // No older than the short form reaches: an age of millions of years puts the cutoff before time began.
            if (age.compareTo(MAX_AGE) > 0) {
                throw ProblemException.badRequest("olderThan must be at most " + MAX_AGE.toDays() + "d, not '"
                        + text + "'");
            }
            if (!age.isNegative()) {
                return age;
            }
        } catch (DateTimeParseException e) {
            // said below
        }
        throw ProblemException.badRequest("olderThan must be an age such as 7d, 12h, 30m, 0s or P7D, not '" + text + "'");
    }
}
