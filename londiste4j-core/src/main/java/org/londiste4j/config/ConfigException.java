package org.londiste4j.config;

import org.londiste4j.L4jException;

import java.util.List;

/**
 * A config file, a {@code --set} override or a setting that cannot be used. Ends a program with exit code 2
 * (usage or config error) and never means "retry": a daemon's loop stops on it instead of sleeping
 * {@code exception_sleep} and trying again.
 *
 * <p>It carries every problem found at once (Debezium's problem list), each one a line of the form
 * {@code config FILE: key KEY (line N): what is wrong; what to do}; {@link #getMessage()} joins them with
 * newlines so that a command line can print one line per problem.
 */
public class ConfigException extends L4jException {
    private final List<String> problems;

    public ConfigException(String message) {
        this(List.of(message));
    }

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Every problem, one line each, in the order they were found. */
    public List<String> problems() {
        return problems;
    }
}
