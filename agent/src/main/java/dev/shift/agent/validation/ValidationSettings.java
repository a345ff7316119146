package dev.shift.agent.validation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How phase 3's shadow reads run (agent options {@code validation.*}).
 *
 * @param samplePercent share of eligible SELECTs that also get a DynamoDB read and a comparison, 0-100
 *                      ({@code validation.sample}, default 100)
 * @param threads       threads of the shadow executor ({@code validation.threads}, default 2, at most 64)
 * @param queue         reads that may wait for a thread; when full a comparison is skipped and counted
 *                      ({@code validation.queue}, default 256)
 * @param recent        mismatches kept for the report, newest first ({@code validation.recent}, default 50)
 * @param mask          column names whose values never appear in the report (parameters binding them and
 *                      result values), case-insensitive ({@code validation.mask=email,card_number}; in the
 *                      {@code -javaagent} argument, where commas separate options, {@code email:card_number})
 * @param minCompared   comparisons each read shape needs, none differing, before the move to phase 4 passes its
 *                      gate ({@code validation.min-compared}, default 10)
 */
public record ValidationSettings(double samplePercent, int threads, int queue, int recent, Set<String> mask,
        int minCompared) {

    public static final String SAMPLE = "validation.sample";
    public static final String THREADS = "validation.threads";
    public static final String QUEUE = "validation.queue";
    public static final String RECENT = "validation.recent";
    public static final String MASK = "validation.mask";
    /** Comparisons each read shape needs, all without a mismatch, before the move to phase 4 passes its gate. */
    public static final String MIN_COMPARED = "validation.min-compared";

    /** The option keys, for the agent's list of known keys. */
    public static final Set<String> KEYS = Set.of(SAMPLE, THREADS, QUEUE, RECENT, MASK, MIN_COMPARED);

    /** Without {@code minCompared}: the default (10). */
    public ValidationSettings(double samplePercent, int threads, int queue, int recent, Set<String> mask) {
        this(samplePercent, threads, queue, recent, mask, 10);
    }

    public ValidationSettings {
        mask = mask.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static ValidationSettings defaults() {
        return new ValidationSettings(100, 2, 256, 50, Set.of());
    }

    /** Reads the {@code validation.*} keys of {@code values}; each invalid one adds a problem and keeps its default. */
    public static ValidationSettings from(Map<String, String> values, List<String> problems) {
        ValidationSettings d = defaults();
        double sample = d.samplePercent();
        String s = values.get(SAMPLE);
        if (s != null) {
            try {
                sample = Double.parseDouble(s.trim().endsWith("%") ? s.trim().substring(0, s.trim().length() - 1) : s.trim());
                if (!(sample >= 0 && sample <= 100)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(SAMPLE + "=" + s + " is not valid: give the percentage of reads to compare in phase 3, "
                        + "0 to 100 (e.g. 10 or 2.5)");
                sample = d.samplePercent();
            }
        }
        int threads = integer(values, THREADS, d.threads(), 1, 64, "threads running the DynamoDB shadow reads", problems);
        int queue = integer(values, QUEUE, d.queue(), 1, 100_000, "shadow reads that may wait for a thread", problems);
        int recent = integer(values, RECENT, d.recent(), 0, 1_000, "mismatches kept for the report", problems);
        Set<String> mask = Set.of();
        String m = values.get(MASK);
        if (m != null && !m.isBlank()) {
            List<String> cols = Arrays.stream(m.split("[,;:]")).map(String::trim).filter(c -> !c.isEmpty()).toList();
            List<String> bad = cols.stream().filter(c -> !c.matches("[A-Za-z_][A-Za-z0-9_$]*")).toList();
            if (!bad.isEmpty()) {
                problems.add(MASK + "=" + m + " is not valid: give column names separated by commas "
                        + "(e.g. email,card_number, or email:card_number in the -javaagent argument); not a column name: " + String.join(", ", bad));
            } else {
                mask = Set.copyOf(cols);
            }
        }
        int minCompared = integer(values, MIN_COMPARED, d.minCompared(), 1, 1_000_000,
                "comparisons each read shape needs before DynamoDB may answer reads", problems);
        return new ValidationSettings(sample, threads, queue, recent, mask, minCompared);
    }

    private static int integer(Map<String, String> values, String key, int dflt, int min, int max, String what,
            List<String> problems) {
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + "=" + v + " is not valid: give the number of " + what + ", " + min + " to " + max
                + " (default " + dflt + ")");
        return dflt;
    }

    public boolean masks(String column) {
        return column != null && !mask.isEmpty() && mask.contains(column.toLowerCase(Locale.ROOT));
    }
}
