package io.recflow.api.serving;

import io.recflow.ml.data.Item;

/** An item of a served model's catalogue, as the playground lists it. */
public record CatalogItem(String item, String title, String category) {

    static CatalogItem of(Item item) {
        return new CatalogItem(item.externalId(), item.title(), String.join(" > ", item.categoryPath()));
    }
}
