package dev.shift.agent.config;

import java.util.List;

/** One or more agent options are wrong; the message names each option and what it accepts. */
public final class InvalidOptionsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidOptionsException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One sentence per wrong option. */
    public List<String> problems() {
        return problems;
    }
}
