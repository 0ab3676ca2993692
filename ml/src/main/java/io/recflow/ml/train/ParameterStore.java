package io.recflow.ml.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every parameter of one model, by unique name, in creation order (which makes snapshots and the
 * optimiser's iteration order deterministic). The arrays live in the store's manager, so they share
 * the model's device and lifetime.
 */
public final class ParameterStore {

    private final NDManager manager;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    public ParameterStore(NDManager manager) {
        this.manager = manager;
    }

    /** Adds a trainable parameter at the default learning rate. */
    public Parameter add(String name, Shape shape, float[] values) {
        return add(name, shape, values, 1f);
    }

    public Parameter add(String name, Shape shape, float[] values, float learningRateScale) {
        return add(name, shape, values, learningRateScale, 0f);
    }

    /** A trainable parameter in its own group: a learning-rate scale and a weight decay ({@link Parameter#weightDecay()}). */
    public Parameter add(String name, Shape shape, float[] values, float learningRateScale, float weightDecay) {
        if (parameters.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter '" + name + "'");
        }
        Parameter p = new Parameter(name, manager.create(values, shape), true, learningRateScale, weightDecay);
        parameters.put(name, p);
        return p;
    }

    public Parameter get(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'");
        }
        return p;
    }

    public Collection<Parameter> all() {
        return parameters.values();
    }

    public List<Parameter> trainable() {
        return parameters.values().stream().filter(Parameter::trainable).toList();
    }

    public void setAllTrainable(boolean trainable) {
        parameters.values().forEach(p -> p.setTrainable(trainable));
    }

    /** Scalars over all parameters. */
    public long scalarCount() {
        return parameters.values().stream().mapToLong(p -> p.shape().size()).sum();
    }

    /** Host copies of the parameters that train (for checkpoints) or of all of them (for a saved model). */
    public List<NamedTensor> snapshot(boolean trainableOnly) {
        List<NamedTensor> copies = new ArrayList<>();
        for (Parameter p : parameters.values()) {
            if (!trainableOnly || p.trainable()) {
                copies.add(p.toHost());
            }
        }
        return copies;
    }

    /** Loads values by name; every tensor must name an existing parameter of the same shape. */
    public void load(List<NamedTensor> tensors) {
        for (NamedTensor t : tensors) {
            get(t.name()).load(t);
        }
    }

    /**
     * Loads a saved model's values: they must name exactly this store's parameters, else the saved
     * model is not the one its configs describe (a corrupt or foreign file).
     */
    public void loadAll(List<NamedTensor> tensors) throws IOException {
        List<String> saved = tensors.stream().map(NamedTensor::name).toList();
        if (!ParameterNames.same(parameters.keySet(), saved)) {
            throw new IOException("the saved parameters do not match the model its configs describe: "
                    + ParameterNames.difference(parameters.keySet(), saved));
        }
        try {
            load(tensors);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public NDManager manager() {
        return manager;
    }
}
