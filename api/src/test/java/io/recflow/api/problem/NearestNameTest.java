package io.recflow.api.problem;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NearestNameTest {

    private static final List<String> TRAINING = List.of("pretrainEpochs", "fineTuneEpochs", "adapter", "experts",
            "rank", "alpha", "learningRate", "pretrainLearningRate");

    @Test
    void aTypoFindsTheNameItMeant() {
        assertEquals(Optional.of("pretrainEpochs"), NearestName.to("pretrainEpoch", TRAINING));
        assertEquals(Optional.of("learningRate"), NearestName.to("learningrate", TRAINING));
        assertEquals(Optional.of("adapter"), NearestName.to("adaptre", TRAINING), "a swap of neighbours is one edit");
    }

    @Test
    void somethingElseEntirelyFindsNothing() {
        assertEquals(Optional.empty(), NearestName.to("bogus", TRAINING));
        assertEquals(Optional.empty(), NearestName.to("x", List.of("k")), "one letter of one is not a typo of it");
    }

    @Test
    void tiesGoToTheAlphabeticallyFirst() {
        assertEquals(Optional.of("rank"), NearestName.to("rans", List.of("ranz", "rank")));
    }

    @Test
    void distanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertEquals(0, NearestName.distance("Seed", "seed"));
        assertEquals(1, NearestName.distance("rank", "ranks"));
        assertEquals(1, NearestName.distance("rank", "rink"));
        assertEquals(1, NearestName.distance("rank", "rnak"));
        assertEquals(3, NearestName.distance("", "abc"));
    }
}
