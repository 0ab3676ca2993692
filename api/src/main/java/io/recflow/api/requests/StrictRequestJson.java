package io.recflow.api.requests;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * Request bodies are read strictly: a field the request has no place for, a key given twice or anything
 * after the JSON value is refused rather than ignored — otherwise a typo such as {@code pretrainEpoch}
 * silently trains with the default. Only REST reads through this copy: the application's ObjectMapper,
 * which reads specs stored by other versions of recflow, stays lenient. A bean too, for the bodies a resource
 * reads by hand.
 */
@Provider
@Singleton
public class StrictRequestJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    @Inject
    public StrictRequestJson(ObjectMapper application) {
        this.strict = application.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
