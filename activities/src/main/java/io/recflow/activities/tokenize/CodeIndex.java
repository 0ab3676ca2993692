package io.recflow.activities.tokenize;

import io.recflow.activities.input.BadInputException;
import io.recflow.activities.input.InputProblem;
import io.recflow.ml.data.ItemCatalog;
import io.recflow.ml.tokenizer.GivenCodes;
import io.recflow.ml.tokenizer.GivenCodesException;

import java.util.List;
import java.util.Map;

/**
 * A ready-made item-code index as read from {@code tokenizer.codesUri}: its exact bytes (lineage stores
 * them) and its entries, item id → tokens coarse to fine.
 *
 * @param uri     the URI the user gave; every error names the file by it
 * @param content the file's bytes
 * @param entries item id → tokens, in file order
 */
public record CodeIndex(String uri, byte[] content, Map<String, List<String>> entries) {

    /**
     * The codes of every item of {@code catalog}.
     *
     * @throws BadInputException naming this file and the items at fault when the index does not fit the catalogue
     */
    public GivenCodes codesFor(ItemCatalog catalog) {
        try {
            return GivenCodes.from(catalog, entries);
        } catch (GivenCodesException e) {
            List<InputProblem> problems = e.problems().stream()
                    .map(p -> new InputProblem(uri, 0, p.item(), p.message())).toList();
            throw new BadInputException(problems, e.truncated());
        }
    }
}
