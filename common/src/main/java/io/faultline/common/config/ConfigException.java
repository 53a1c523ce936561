package io.faultline.common.config;

import java.util.List;

/**
 * The configuration cannot be used. The message names where the configuration came from (a file path, or
 * {@code overrides}) and every problem found, each naming its full dotted key and the allowed values; the
 * same problems are available one by one from {@link #problems()}.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** One exception for all the problems found in one configuration, so a user can fix them in one go. */
    public ConfigException(String origin, List<String> problems) {
        super(message(origin, problems));
        this.problems = List.copyOf(problems);
    }

    /** The configuration could not be read at all (missing file, I/O error, malformed YAML). */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Each problem on its own, e.g. {@code time.label-wait: "abc" is not a duration; ...}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String origin, List<String> problems) {
        if (problems.size() == 1) {
            return origin + ": " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder(origin).append(": ").append(problems.size()).append(" problems:");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
