package io.recflow.workflows.promote;

public record ModelVersionRef(String name, int version) {

    @Override
    public String toString() {
        return name + ":" + version;
    }
}
