package io.recflow.api.schedules;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.recflow.workflows.pipeline.RecflowSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the connected Temporal server can do beyond Temporal's Java test server: custom search attributes
 * (visibility queries, Web UI filters) and Schedules. {@code recflow.temporal.search-attributes}:
 * {@code auto} (the default) asks the server once whether recflow's four attributes are registered as
 * Keyword; {@code true} / {@code false} decide without asking. Schedules need a real server: they are
 * offered unless the embedded infrastructure fell back to the test server ({@code recflow.temporal.test-server},
 * which it sets).
 */
@ApplicationScoped
public class TemporalFeatures {

    private static final Logger LOG = Logger.getLogger(TemporalFeatures.class);

    @Inject
    WorkflowServiceStubs stubs;
    @ConfigProperty(name = "recflow.temporal.test-server", defaultValue = "false")
    boolean testServer;
    @Inject
    WorkflowClient client;
    @ConfigProperty(name = "recflow.temporal.search-attributes", defaultValue = "auto")
    String searchAttributesSetting;

    private volatile Boolean searchAttributes;

    /** Whether runs are started with recflow's search attributes. */
    public boolean searchAttributes() {
        Boolean known = searchAttributes;
        if (known != null) {
            return known;
        }
        switch (searchAttributesSetting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> known = true;
            case "false" -> known = false;
            case "auto" -> known = testServer ? Boolean.FALSE : detectSearchAttributes();
            default -> throw new IllegalStateException("recflow.temporal.search-attributes must be auto, true or false,"
                    + " was " + searchAttributesSetting);
        }
        if (known != null) {
            searchAttributes = known;
            return known;
        }
        return false;
    }

    /** Whether Temporal Schedules can be used: a real Temporal server, not the test server. */
    public boolean schedules() {
        return !testServer;
    }

    /** True or false once the server answered; null when it could not be asked now (ask again later). */
    private Boolean detectSearchAttributes() {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
        try {
            ListSearchAttributesResponse response = operator.blockingStub().withDeadlineAfter(5, TimeUnit.SECONDS)
                    .listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace()).build());
            Map<String, IndexedValueType> custom = response.getCustomAttributesMap();
            List<String> missing = RecflowSearchAttributes.ALL.stream()
                    .filter(key -> custom.get(key.getName()) != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                    .map(key -> key.getName()).toList();
            if (!missing.isEmpty()) {
                LOG.warnf("Temporal namespace %s lacks the Keyword search attributes %s: runs are started without"
                        + " search attributes (register them: infra/start.sh temporal does)", client.getOptions().getNamespace(),
                        missing);
                return false;
            }
            LOG.infof("Temporal has recflow's search attributes: runs carry %s",
                    RecflowSearchAttributes.ALL.stream().map(k -> k.getName()).toList());
            return true;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNIMPLEMENTED || code == Status.Code.PERMISSION_DENIED) {
                LOG.infof("Temporal cannot list search attributes (%s): runs are started without them", code);
                return false;
            }
            LOG.debugf("asking Temporal for its search attributes failed (%s); will ask again", code);
            return null;
        } finally {
            operator.shutdownNow();
        }
    }
}
