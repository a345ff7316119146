package dev.shift.agent.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A key template such as {@code USER#{user_id}} or {@code ORDER#{created_at}#{id}}: constant text and
 * {@code {column}} placeholders, rendered from column values with each column's {@link ColumnType#render}.
 */
public final class KeyTemplate {
    private final String source;
    private final List<String> parts;       // constant text at even positions, column names at odd positions
    private final List<String> columns;

    private KeyTemplate(String source, List<String> parts, List<String> columns) {
        this.source = source;
        this.parts = parts;
        this.columns = columns;
    }

    public static KeyTemplate parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new MappingException(field + ": key template is missing");
        }
        List<String> parts = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        int i = 0;
        StringBuilder constant = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new MappingException(field + ": unclosed '{' in key template '" + text + "'");
                }
                String col = text.substring(i + 1, end).trim().toLowerCase(Locale.ROOT);
                if (col.isEmpty()) {
                    throw new MappingException(field + ": empty placeholder in key template '" + text + "'");
                }
                parts.add(constant.toString());
                constant.setLength(0);
                parts.add(col);
                columns.add(col);
                i = end + 1;
            } else if (c == '}') {
                throw new MappingException(field + ": unexpected '}' in key template '" + text + "'");
            } else {
                constant.append(c);
                i++;
            }
        }
        parts.add(constant.toString());
        if (columns.isEmpty()) {
            throw new MappingException(field + ": key template '" + text + "' has no {column} placeholder");
        }
        return new KeyTemplate(text, Collections.unmodifiableList(parts), Collections.unmodifiableList(columns));
    }

    /** Column names used, in order. */
    public List<String> columns() {
        return columns;
    }

    /** The constant text before the first placeholder ({@code CART#}); usable as a begins_with prefix. */
    public String constantPrefix() {
        return parts.get(0);
    }

    /** The first placeholder's column (the one a sort on this key orders by first). */
    public String firstColumn() {
        return columns.get(0);
    }

    /** Renders with the given already-rendered column texts. */
    public String render(Function<String, String> renderedValue) {
        if (parts.size() == 3 && parts.get(2).isEmpty()) {   // CART#{product_id}: one string, no builder
            return parts.get(0).concat(columnText(parts.get(1), renderedValue));
        }
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < parts.size(); i++) {
            sb.append((i & 1) == 0 ? parts.get(i) : columnText(parts.get(i), renderedValue));
        }
        return sb.toString();
    }

    private String columnText(String column, Function<String, String> renderedValue) {
        String v = renderedValue.apply(column);
        if (v == null) {
            throw new IllegalArgumentException("key column " + column + " of " + source + " is NULL");
        }
        return v;
    }

    /**
     * The rendered text up to the first column without a value (null from {@code renderedValue}), i.e. the
     * longest begins_with prefix known: {@code ORDER#} or {@code ORDER#2026-11-26T17:40:00.123#}.
     */
    public String renderPrefix(Function<String, String> renderedValue) {
        StringBuilder sb = new StringBuilder(32).append(parts.get(0));
        for (int i = 1; i < parts.size(); i += 2) {
            String v = renderedValue.apply(parts.get(i));
            if (v == null) {
                break;
            }
            sb.append(v).append(parts.get(i + 1));
        }
        return sb.toString();
    }

    /**
     * The ways {@code key} splits into this template's column texts (the inverse of {@link #render}): each a map of
     * column → rendered text. Usually one; none when the key is not of this template; several when a separator also
     * occurs inside a value (the caller tells them apart by type and re-rendering). At most {@code max} are returned.
     */
    public List<java.util.Map<String, String>> match(String key, int max) {
        List<java.util.Map<String, String>> out = new ArrayList<>();
        if (key.startsWith(parts.get(0))) {
            match(key, parts.get(0).length(), 1, new java.util.LinkedHashMap<>(), out, max);
        }
        return out;
    }

    private void match(String key, int pos, int part, java.util.Map<String, String> values,
                       List<java.util.Map<String, String>> out, int max) {
        if (out.size() >= max) {
            return;
        }
        String column = parts.get(part);
        String next = parts.get(part + 1);
        boolean last = part + 2 >= parts.size();
        for (int end = pos; end <= key.length(); end++) {
            if (last ? !(key.endsWith(next) && end == key.length() - next.length()) : !key.startsWith(next, end)) {
                continue;
            }
            String value = key.substring(pos, end);
            String earlier = values.get(column);
            if (earlier != null && !earlier.equals(value)) {
                continue;   // a column used twice must have one value
            }
            java.util.Map<String, String> with = new java.util.LinkedHashMap<>(values);
            with.put(column, value);
            if (last) {
                out.add(with);
            } else {
                match(key, end + next.length(), part + 2, with, out, max);
            }
            if (out.size() >= max) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
