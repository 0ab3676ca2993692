package io.recflow.api.launcher;

import io.recflow.cli.RecflowCli;

import java.util.List;

/**
 * The launcher's command line: {@code demo [--exit]} or {@code up [--mode embedded|local|cluster]}.
 * Parsed before Quarkus starts, because the mode decides what infrastructure to start.
 */
public record Launch(String command, boolean exitAfterDemo, String mode) {

    public static final String USAGE = """
            usage: recflow demo [--exit]                        run the whole pipeline on the embedded default, then serve
                   recflow up [--mode embedded|local|cluster]   start the platform and serve
            """ + RecflowCli.summary();

    public static Launch parse(String... args) {
        List<String> list = List.of(args);
        if (list.isEmpty() || list.contains("--help") || list.contains("-h")) {
            throw new IllegalArgumentException(USAGE);
        }
        String command = list.get(0);
        boolean exit = false;
        String mode = null;
        for (int i = 1; i < list.size(); i++) {
            String arg = list.get(i);
            if (arg.equals("--exit") && command.equals("demo")) {
                exit = true;
            } else if (arg.equals("--mode") && i + 1 < list.size()) {
                mode = list.get(++i);
            } else if (arg.startsWith("--mode=")) {
                mode = arg.substring("--mode=".length());
            } else {
                throw new IllegalArgumentException("recflow: unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        if (!command.equals("demo") && !command.equals("up")) {
            throw new IllegalArgumentException("recflow: unknown command '" + command + "'\n" + USAGE);
        }
        if (command.equals("demo") && mode != null && !mode.equals("embedded")) {
            // The demo writes its data set under the data directory, which only embedded workers read.
            throw new IllegalArgumentException("recflow: the demo runs on the embedded default; use 'up --mode "
                    + mode + "' for other modes");
        }
        return new Launch(command, exit, mode);
    }
}
