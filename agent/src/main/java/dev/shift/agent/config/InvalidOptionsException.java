package dev.shift.agent.config;

import java.util.List;

/** One or more agent options are wrong; the message names each option and what it accepts. */
public final class InvalidOptionsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;
    private final transient java.util.Map<String, String> values;

    InvalidOptionsException(List<String> problems) {
        this(problems, java.util.Map.of());
    }

    InvalidOptionsException(List<String> problems, java.util.Map<String, String> values) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
        this.values = java.util.Map.copyOf(values);
    }

    /**
     * The options as given, wrong ones included: enough to find the stored phase ({@code state.dir}) and the mapping,
     * so a failed start can still refuse statements that MySQL can no longer answer correctly.
     */
    public java.util.Map<String, String> values() {
        return values;
    }

    /** One sentence per wrong option. */
    public List<String> problems() {
        return problems;
    }
}
