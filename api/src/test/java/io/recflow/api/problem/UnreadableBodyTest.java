package io.recflow.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recflow.api.requests.StrictRequestJson;
import io.recflow.api.serving.RecommendationRequest;
import io.recflow.workflows.spec.PipelineSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a client is told about a body the strict REST mapper cannot read. */
class UnreadableBodyTest {

    private static final ObjectMapper STRICT = new StrictRequestJson(new ObjectMapper()).getContext(Object.class);

    private static ProblemException reading(String json, Class<?> type) {
        return UnreadableBody.of(assertThrows(JsonProcessingException.class, () -> STRICT.readValue(json, type)));
    }

    @Test
    void anUnknownNestedFieldIsNamedByItsPathWithTheNameItMeant() {
        ProblemException p = reading("{\"model\": \"m\",\n \"training\": {\"pretrainEpoch\": 3}}", PipelineSpec.class);
        assertEquals("unknown field 'training.pretrainEpoch' at line 2, column 33: did you mean 'pretrainEpochs'?",
                p.getMessage());
        assertEquals(List.of("training.pretrainEpoch: unknown field; did you mean 'pretrainEpochs'?"), p.errors());
    }

    @Test
    void anUnknownFieldLikeNoneListsTheFieldsThereAre() {
        assertEquals("unknown field 'bogus' at line 1, column 12: the fields here are [cache, data, evaluation, model,"
                + " promotion, seed, tokenizer, training]", reading("{\"bogus\": 1}", PipelineSpec.class).getMessage());
    }

    @Test
    void aValueOfTheWrongTypeSaysWhatItMustBe() {
        ProblemException p = reading("{\"history\": [\"a\"], \"k\": \"ten\"}", RecommendationRequest.class);
        assertEquals("field 'k' at line 1, column 25 must be an integer, not \"ten\"", p.getMessage());
        assertEquals(List.of("k: must be an integer, not \"ten\""), p.errors());
        assertEquals("field 'data' at line 1, column 10 must be an object",
                reading("{\"data\": \"file:///d\"}", PipelineSpec.class).getMessage());
    }

    @Test
    void listElementsAreNamedByIndex() {
        assertEquals("field 'history[1]' at line 1, column 19 must be a string",
                reading("{\"history\": [\"a\", [\"b\"]]}", RecommendationRequest.class).getMessage());
    }

    @Test
    void textThatIsNotJsonOrMoreThanOneValueSaysWhere() {
        assertEquals("the request body is not valid JSON for this endpoint at line 1, column 1: Unrecognized token"
                        + " 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                reading("nope", PipelineSpec.class).getMessage());
        assertEquals("the request body at line 1, column 16 must be an object: one JSON value, nothing after it",
                reading("{\"model\": \"m\"} {}", PipelineSpec.class).getMessage());
        assertEquals("the request body is not valid JSON for this endpoint at line 1, column 23: Duplicate field"
                + " 'model'", reading("{\"model\": \"m\", \"model\": \"n\"}", PipelineSpec.class).getMessage());
    }
}
