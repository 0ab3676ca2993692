package io.recflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SweepReportTest {

    /** Before any child is evaluated no child is the best: the marker column is empty, and the table still prints. */
    @Test
    void aSweepWithoutABestYetPrintsItsTable() throws IOException {
        JsonNode sweep = RecflowApi.JSON.readTree("""
                {"id": "sweep-1", "status": "RUNNING", "model": "m", "maxParallel": 1, "selectBy": "full-ranking/NDCG@10",
                 "children": [{"runId": "pipeline-a", "overrides": {"seed": 1}, "status": "RUNNING"},
                              {"runId": "pipeline-b", "overrides": {"seed": 2}, "status": "PENDING"}]}
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SweepReport(new PrintStream(out, true, StandardCharsets.UTF_8)).printSweep(sweep);
        assertEquals("""
                sweep-1  RUNNING  model m, 1 at a time
                  run         changes  status   valid full-ranking/NDCG@10  test full-ranking/NDCG@10
                  pipeline-a  seed=1   RUNNING  -                           -
                  pipeline-b  seed=2   PENDING  -                           -
                """, out.toString(StandardCharsets.UTF_8));
    }
}
