package io.recflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.recflow.cli.client.RecflowApi;

import java.io.InputStream;
import java.io.PrintStream;

/** Where a command reads its input (a spec on stdin) and prints what a person or a script reads. */
record StandardStreams(PrintStream out, PrintStream err, InputStream in) {

    /** The API's JSON as it came, indented: what {@code --json} prints for scripts. */
    void printJson(JsonNode node) {
        try {
            out.println(RecflowApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new CommandFailure("cannot print JSON: " + e.getMessage());
        }
    }
}
