package io.recflow.ml.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The items of a data set, indexed densely from 0, with a lookup by external id. */
public final class ItemCatalog {

    private final List<Item> items;
    private final Map<String, Integer> indexByExternalId;

    public ItemCatalog(List<Item> items) {
        this.items = List.copyOf(items);
        this.indexByExternalId = new HashMap<>(items.size() * 2);
        for (int i = 0; i < this.items.size(); i++) {
            Item item = this.items.get(i);
            if (item.index() != i) {
                throw new IllegalArgumentException("item at position " + i + " has index " + item.index());
            }
            if (indexByExternalId.putIfAbsent(item.externalId(), i) != null) {
                throw new IllegalArgumentException("duplicate item id '" + item.externalId() + "'");
            }
        }
    }

    public int size() {
        return items.size();
    }

    public Item get(int index) {
        return items.get(index);
    }

    public List<Item> items() {
        return items;
    }

    public Optional<Integer> indexOf(String externalId) {
        return Optional.ofNullable(indexByExternalId.get(externalId));
    }

    /** True when at least one item has text at the given metadata level. */
    public boolean hasCategories() {
        return items.stream().anyMatch(i -> !i.categoryPath().isEmpty());
    }

    public boolean hasTitles() {
        return items.stream().anyMatch(i -> !i.title().isBlank());
    }

    public boolean hasDescriptions() {
        return items.stream().anyMatch(i -> !i.description().isBlank());
    }
}
