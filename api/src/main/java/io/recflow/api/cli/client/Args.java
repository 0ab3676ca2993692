package io.recflow.api.cli.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny command-line parser: positional arguments, options with a value ({@code --name v} or
 * {@code --name=v}) and flags. Every command also takes the global {@code --url}, {@code --json} and
 * {@code --help}. Anything else is a usage error.
 */
final class Args {

    private static final Set<String> GLOBAL_VALUES = Set.of("--url");
    private static final Set<String> GLOBAL_FLAGS = Set.of("--json", "--help", "-h");

    final List<String> positional = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args() {
    }

    static Args parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions, String usage) {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                parsed.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-") || isNumber(arg)) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (GLOBAL_VALUES.contains(name) || valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new CliException.Usage(name + " needs a value", usage);
                    }
                    value = args.get(++i);
                }
                parsed.values.put(name, value);
            } else if ((GLOBAL_FLAGS.contains(name) || flagOptions.contains(name)) && value == null) {
                parsed.flags.add(name);
            } else {
                throw new CliException.Usage("unknown option '" + arg + "'", usage);
            }
        }
        return parsed;
    }

    private static boolean isNumber(String arg) {
        return arg.matches("-\\d+(\\.\\d+)?");
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    boolean help() {
        return flags.contains("--help") || flags.contains("-h");
    }

    String value(String name) {
        return values.get(name);
    }

    String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name, String usage) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new CliException.Usage(name + " is required", usage);
        }
        return v;
    }

    int intValue(String name, int fallback, String usage) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CliException.Usage(name + " must be a whole number, got '" + v + "'", usage);
        }
    }

    /** Exactly {@code names.length} positional arguments, else a usage error naming what is missing. */
    void expectPositional(String usage, String... names) {
        if (positional.size() < names.length) {
            throw new CliException.Usage("missing " + names[positional.size()], usage);
        }
        if (positional.size() > names.length) {
            throw new CliException.Usage("unexpected argument '" + positional.get(names.length) + "'", usage);
        }
    }
}
