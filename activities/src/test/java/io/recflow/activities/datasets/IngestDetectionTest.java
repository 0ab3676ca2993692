package io.recflow.activities.datasets;

import io.recflow.activities.input.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.recflow.activities.datasets.IngestFixtures.fixture;
import static io.recflow.activities.datasets.IngestFixtures.ingestor;
import static io.recflow.activities.datasets.IngestFixtures.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestDetectionTest {

    @ParameterizedTest
    @CsvSource({
            "ml100k, movielens", "ml1m, movielens", "csv, csv", "letter, letter", "ilora, ilora", "ilora-ml, ilora",
            "caseq, caseq", "ml100k/u.data, movielens", "ml1m/ratings.dat, movielens", "csv/events.csv, csv",
            "letter/Tiny.inter.json, letter", "ilora/val.tsv, ilora", "caseq/tiny.txt, caseq"})
    void detectsEachFormat(String path, String format) {
        IngestedDataset r = ingestor().ingest(fixture(path), "auto", null, 2);
        assertEquals(format, r.format().id());
    }

    @Test
    void nullFormatMeansAuto() {
        assertEquals(DataFormat.CASEQ, ingestor().ingest(fixture("caseq"), null, null, 3).format());
    }

    @Test
    void singleIloraFileKeepsItsRole() {
        PredefinedSplit s = ingestor().ingest(fixture("ilora/test.tsv"), "auto", null, 3).predefinedSplit().orElseThrow();
        assertEquals(java.util.List.of("test-0"), s.testUsers());
        assertTrue(s.trainUsers().isEmpty());
    }

    @Test
    void folderWithoutKnownFilesListsWhatItFoundAndTheFormats(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello world\n");
        Files.writeString(dir.resolve("table.csv"), "a,b\n1,2\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> IngestFixtures.ingestor(dir).ingest(uri(dir), "auto", null, 3));
        assertEquals("Bad input: " + uri(dir) + ": field 'data.format': cannot detect the format: no file of a known"
                + " format here (files: [notes.txt, table.csv]); set data.format, or use one of"
                + "\n    movielens: " + DataFormat.MOVIELENS.files()
                + "\n    csv: " + DataFormat.CSV.files()
                + "\n    letter: " + DataFormat.LETTER.files()
                + "\n    ilora: " + DataFormat.ILORA.files()
                + "\n    caseq: " + DataFormat.CASEQ.files(), e.getMessage());
    }

    /** Files saved by some Windows editors start with a byte order mark; the readers skip it, and so does detection. */
    @Test
    void aCaseqFileWithAByteOrderMarkIsDetectedInItsFolder(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("seq.txt"), ("\uFEFF1 10\n1 11\n1 12\n2 10\n2 12\n2 11\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(DataFormat.CASEQ, IngestFixtures.ingestor(dir).ingest(uri(dir), "auto", null, 2).format());
    }

    @Test
    void folderWithTwoFormatsIsAmbiguous(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("u.data"), "1\t2\t3\t4\n");
        Files.writeString(dir.resolve("seq.txt"), "1 2\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> IngestFixtures.ingestor(dir).ingest(uri(dir), "auto", null, 1));
        assertEquals(uri(dir) + ": field 'data.format': ambiguous: files of several formats here"
                + " (caseq [seq.txt], movielens [u.data]); set data.format to one of them",
                e.problems().get(0).toString());
    }

}
