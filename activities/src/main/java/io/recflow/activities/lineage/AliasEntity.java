package io.recflow.activities.lineage;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.io.Serializable;
import java.time.Instant;

/** A row of {@code alias}: model {@link #getModel()}'s alias {@link #getName()} points to a version. */
@Entity
@Immutable
@Table(name = "alias")
@IdClass(AliasEntity.Key.class)
public class AliasEntity {

    @Id
    private String model;
    @Id
    private String name;
    private int version;
    private Instant updatedAt;

    protected AliasEntity() {
    }

    public String getModel() {
        return model;
    }

    public String getName() {
        return name;
    }

    public int getVersion() {
        return version;
    }

    /** The composite primary key (model, name). */
    public static class Key implements Serializable {
        private String model;
        private String name;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(model, k.model) && java.util.Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(model, name);
        }
    }
}
