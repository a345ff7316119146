package dev.shift.agent.validation;

import dev.shift.agent.merge.RowSet;
import dev.shift.core.metrics.ValidationReport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report may show: result values and bound parameters, with the values of the operator's
 * sensitive columns ({@code validation.mask}) replaced by {@value #MASK}.
 *
 * <p>A parameter is masked when the SQL binds it to a masked column: {@code col = ?}, {@code col <> ?},
 * {@code col LIKE ?}, {@code col IN (?, ?)} (qualified or back-quoted names too). A parameter whose column
 * cannot be told from the SQL is shown; name the columns the application compares sensitive values with.
 */
final class Masking {

    static final String MASK = "***";

    private static final Pattern BOUND_COLUMN = Pattern.compile(
            "(?<![A-Za-z0-9_$])`?([A-Za-z_][A-Za-z0-9_$]*)`?\\s*(?:<=>|<>|!=|<=|>=|=|<|>|\\s(?:NOT\\s+)?LIKE"
                    + "|\\s(?:NOT\\s+)?IN\\s*\\((?:\\s*\\?\\s*,)*)\\s*$",
            Pattern.CASE_INSENSITIVE);

    private final ValidationSettings settings;

    Masking(ValidationSettings settings) {
        this.settings = settings;
    }

    boolean masks(RowSet.Column c) {
        return settings.masks(c.label()) || settings.masks(c.name());
    }

    /** The parameters as text, in order, masked where they bind a masked column. */
    List<String> parameters(String sql, List<Object> params) {
        List<String> out = new ArrayList<>(params.size());
        char quote = 0;
        for (int i = 0; i < sql.length() && out.size() < params.size(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                quote = c;
            } else if (c == '?') {
                String column = columnBefore(sql, i);
                Object v = params.get(out.size());
                out.add(column != null && settings.masks(column) ? MASK : Values.show(v));
            }
        }
        while (out.size() < params.size()) {
            // more values than placeholders found: show nothing we cannot attribute when anything is masked
            out.add(settings.mask().isEmpty() ? Values.show(params.get(out.size())) : MASK);
        }
        return out;
    }

    private static String columnBefore(String sql, int at) {
        Matcher m = BOUND_COLUMN.matcher(sql.substring(Math.max(0, at - 300), at));
        return m.find() ? m.group(1) : null;
    }

    /** A result for the report: labels, the first {@code maxRows} rows rendered (masked columns as {@value #MASK}). */
    ValidationReport.Result render(RowSet rows, int maxRows) {
        List<String> columns = new ArrayList<>(rows.columnCount());
        for (RowSet.Column c : rows.columns()) {
            columns.add(c.label());
        }
        List<List<String>> out = new ArrayList<>();
        for (Object[] r : rows.rows()) {
            if (out.size() >= maxRows) {
                break;
            }
            List<String> row = new ArrayList<>(r.length);
            for (int i = 0; i < r.length; i++) {
                row.add(i < rows.columnCount() && masks(rows.columns().get(i)) ? MASK : Values.show(r[i]));
            }
            out.add(row);
        }
        return new ValidationReport.Result(columns, out, rows.rows().size());
    }
}
