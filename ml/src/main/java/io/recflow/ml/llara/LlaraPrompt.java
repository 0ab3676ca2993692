package io.recflow.ml.llara;

/**
 * One built prompt: its token ids, and in the hybrid form the placeholder cells whose input
 * embeddings the projected item embeddings replace.
 *
 * @param ids                  the prompt's tokens (nothing follows "Answer:" yet)
 * @param placeholderPositions position in {@code ids} of each placeholder, in order (empty in the text-only form)
 * @param placeholderItems     the item each placeholder stands for
 * @param droppedHistory       how many of the oldest history items were left out to fit the token budget
 */
public record LlaraPrompt(int[] ids, int[] placeholderPositions, int[] placeholderItems, int droppedHistory) {

    public boolean hybrid() {
        return placeholderPositions.length > 0;
    }
}
