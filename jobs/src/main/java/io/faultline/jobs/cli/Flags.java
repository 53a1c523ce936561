package io.faultline.jobs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately small command-line parser: {@code --name value}, {@code --name=value} and boolean
 * {@code --name}. Each command declares its flags once (name, value hint, description); the same
 * declaration parses, validates and prints {@code --help}, so help and behaviour cannot diverge.
 */
public final class Flags {
    /** A usage error: the message says what was wrong; the caller prints it with the command's help. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private record Flag(String name, String valueHint, String description, boolean isSwitch) {}

    private final String command;
    private final String summary;
    private final Map<String, Flag> declared = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    public Flags(String command, String summary) {
        this.command = command;
        this.summary = summary;
        declareSwitch("help", "print this help and exit");
    }

    public Flags declare(String name, String valueHint, String description) {
        declared.put(name, new Flag(name, valueHint, description, false));
        return this;
    }

    public Flags declareSwitch(String name, String description) {
        declared.put(name, new Flag(name, null, description, true));
        return this;
    }

    public Flags parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (flags start with --)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag flag = declared.get(name);
            if (flag == null) {
                throw new UsageException("unknown flag --" + name + " for '" + command + "'; known: " + knownNames());
            }
            if (flag.isSwitch()) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("--" + name + " needs a value: " + flag.valueHint());
                }
                value = args[++i];
            }
            if (values.containsKey(name)) {
                throw new UsageException("--" + name + " given twice");
            }
            values.put(name, value);
        }
        return this;
    }

    /** The declared flag names, without the leading {@code --}. */
    java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(declared.keySet());
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String require(String name) throws UsageException {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    public long getLong(String name, long fallback, long min, long max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
                throw new UsageException("--" + name + " " + v + " is out of range [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " " + v + " is not a whole number");
        }
    }

    public String help() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: faultline ").append(command).append(" [flags]\n\n").append(summary).append("\n\nFlags:\n");
        List<String> lines = new ArrayList<>();
        int width = 0;
        for (Flag f : declared.values()) {
            String left = "  --" + f.name() + (f.isSwitch() ? "" : " " + f.valueHint());
            lines.add(left);
            width = Math.max(width, left.length());
        }
        int i = 0;
        for (Flag f : declared.values()) {
            String left = lines.get(i++);
            b.append(left).append(" ".repeat(width - left.length() + 2)).append(f.description()).append('\n');
        }
        return b.toString();
    }

    private String knownNames() {
        return String.join(", ", declared.keySet().stream().map(n -> "--" + n).toList());
    }
}
