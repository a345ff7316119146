package dev.shift.bench;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one run: one row per figure (Shift's value, the baseline measured in the same run, their ratio,
 * the goal and whether it is met), notes per benchmark, and the machine. Printed as a table and written as
 * Markdown and JSON.
 */
public final class Report {

    /** One figure. {@code baseline} may be NaN when the figure has no baseline (then the ratio is empty). */
    public record Row(String item, String metric, String unit, double shift, double baseline, String baselineName,
            Target target) {

        public double ratio() {
            return shift / baseline;
        }

        public Boolean met() {
            return target.met(shift, baseline);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private final Map<String, String> machine = new LinkedHashMap<>();

    public synchronized Row add(String item, String metric, String unit, double shift, double baseline,
            String baselineName, Target target) {
        Row r = new Row(item, metric, unit, shift, baseline, baselineName, target);
        rows.add(r);
        return r;
    }

    public synchronized void note(String item, String text) {
        notes.computeIfAbsent(item, k -> new ArrayList<>()).add(text);
    }

    public synchronized void machine(String key, String value) {
        machine.put(key, value);
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** A number with 3 significant digits (integers of 4+ digits kept whole), "—" for NaN. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "—";
        }
        if (Math.abs(v) >= 1000) {
            return String.valueOf(Math.round(v));
        }
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(java.util.Locale.ROOT, "%.2f×", r) : "—";
    }

    static String verdict(Boolean met) {
        return met == null ? "" : met ? "met" : "MISSED";
    }

    private static final String[] HEADER = {"#", "metric", "Shift", "baseline", "ratio", "target", ""};

    private List<String[]> cells() {
        List<String[]> out = new ArrayList<>();
        for (Row r : rows()) {
            String unit = r.unit().isEmpty() ? "" : " " + r.unit();
            out.add(new String[] {r.item(), r.metric(), number(r.shift()) + unit,
                    Double.isNaN(r.baseline()) ? r.baselineName() : number(r.baseline()) + unit + " (" + r.baselineName() + ")",
                    ratio(r.ratio()), r.target().describe(), verdict(r.met())});
        }
        return out;
    }

    /** The table with aligned columns, for the terminal. */
    public String table() {
        List<String[]> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(cells());
        int[] width = new int[HEADER.length];
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < all.size(); n++) {
            String[] row = all.get(n);
            for (int i = 0; i < row.length; i++) {
                sb.append(i == 0 ? "" : "  ").append(pad(row[i], width[i]));
            }
            sb.append('\n');
            if (n == 0) {
                int total = 0;
                for (int w : width) {
                    total += w + 2;
                }
                sb.append("-".repeat(total - 2)).append('\n');
            }
        }
        return sb.toString().replaceAll(" +\n", "\n");
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** The whole report as Markdown: machine, table, notes. */
    public String markdown(String title) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        synchronized (this) {
            machine.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        }
        sb.append("\n| ").append(String.join(" | ", HEADER)).append(" |\n|");
        sb.append("---|".repeat(HEADER.length)).append('\n');
        for (String[] c : cells()) {
            sb.append("| ").append(String.join(" | ", c).replace("\n", " ")).append(" |\n");
        }
        synchronized (this) {
            if (!notes.isEmpty()) {
                sb.append("\n## Notes\n");
                notes.forEach((item, list) -> {
                    sb.append("\n### ").append(item).append("\n\n");
                    list.forEach(t -> sb.append(t.endsWith("\n") ? t : t + "\n").append('\n'));
                });
            }
        }
        return sb.toString();
    }

    public String json() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        synchronized (this) {
            root.put("machine", new LinkedHashMap<>(machine));
            root.put("notes", new LinkedHashMap<>(notes));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("item", r.item());
            m.put("metric", r.metric());
            m.put("unit", r.unit());
            m.put("shift", finite(r.shift()));
            m.put("baseline", finite(r.baseline()));
            m.put("baselineName", r.baselineName());
            m.put("ratio", finite(r.ratio()));
            m.put("target", r.target().describe());
            m.put("met", r.met());
            list.add(m);
        }
        root.put("results", list);
        return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(root);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    public void write(Path dir, String title) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("latest.md"), markdown(title), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("latest.json"), json() + "\n", StandardCharsets.UTF_8);
    }
}
