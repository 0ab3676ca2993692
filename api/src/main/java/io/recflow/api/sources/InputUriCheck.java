package io.recflow.api.sources;

import io.recflow.activities.datasets.SourceResolver;
import io.recflow.activities.input.BadInputException;
import io.recflow.activities.input.InputProblem;
import io.recflow.activities.sources.InputSources;
import io.recflow.api.problem.ProblemException;
import io.recflow.workflows.spec.PipelineSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds, before anything starts, the URIs in a request that no run could read: a scheme other than
 * {@code file} and {@code s3}, a path outside {@code recflow.ingest.allowed-roots}, a bucket the S3 endpoint
 * does not have. The rules are the ones the activities read with ({@link InputSources}), so the door and
 * the reading cannot drift apart; whether the file or object is there yet is left to the reading.
 */
@ApplicationScoped
public class InputUriCheck {

    @Inject
    InputSources sources;

    /** What is wrong with {@code spec}: its own rules, then the places its URIs point to. */
    public List<String> specProblems(PipelineSpec spec) {
        List<String> problems = new ArrayList<>(spec.problems());
        problems.addAll(problems(spec));
        return problems;
    }

    /** Every URI of the spec no run could read, each as {@code field: uri: what is wrong}. */
    public List<String> problems(PipelineSpec spec) {
        SourceResolver data = sources.data();
        List<String> problems = new ArrayList<>();
        spec.locations().forEach((field, uri) -> problems.addAll(problems(data, field, uri)));
        return problems;
    }

    /** The problems of a URI naming a local file read in place, such as a foundation model's GGUF. */
    public List<String> localFileProblems(String field, String uri) {
        return problems(sources.localFiles(), field, uri);
    }

    private static List<String> problems(SourceResolver resolver, String field, String uri) {
        try {
            resolver.check(uri);
            return List.of();
        } catch (BadInputException e) {
            return List.of(field + ": " + e.problems().stream().map(InputProblem::toString)
                    .collect(Collectors.joining("; ")));
        } catch (UncheckedIOException e) {
            throw ProblemException.unavailable("cannot check " + field + " " + uri + " now: " + e.getMessage()
                    + "; try again when S3 is reachable");
        }
    }
}
