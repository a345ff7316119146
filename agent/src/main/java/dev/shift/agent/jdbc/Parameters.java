package dev.shift.agent.jdbc;

import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The parameters an application bound to a prepared statement, by 1-based index: the value (null for SQL
 * NULL) and the JDBC type it was bound as ({@link Types}; inferred from the setter, e.g. {@code setInt} →
 * {@code INTEGER}, {@code setNull(i, t)} → {@code t}, {@code setObject(i, x)} → inferred from {@code x}).
 *
 * <p>One holder lives as long as its statement and is reused across executions (no allocation per call).
 * An interceptor that keeps parameters beyond the call it was given must take a {@link #copy()} or
 * {@link #values()}.
 */
public final class Parameters {

    private static final Object UNSET = new Object();
    private static final Parameters NONE = new Parameters(0);

    private Object[] values;
    private int[] sqlTypes;
    private int size;

    Parameters(int capacity) {
        this.values = new Object[capacity];
        this.sqlTypes = new int[capacity];
        Arrays.fill(values, UNSET);
    }

    /** An empty, never-filled holder (plain {@code Statement}s carry no parameters). */
    static Parameters none() {
        return NONE;
    }

    /** The highest bound index; indexes below it that were never bound answer {@link #isSet} false. */
    public int size() {
        return size;
    }

    public boolean isSet(int index) {
        return index >= 1 && index <= size && values[index - 1] != UNSET;
    }

    /** The bound value, null for SQL NULL. */
    public Object value(int index) {
        requireSet(index);
        return values[index - 1];
    }

    public boolean isNull(int index) {
        return value(index) == null;
    }

    /** The {@link Types} constant the value was bound as. */
    public int sqlType(int index) {
        requireSet(index);
        return sqlTypes[index - 1];
    }

    /** The values in index order (an immutable copy; unbound indexes appear as null). */
    public List<Object> values() {
        if (size == 0) {
            return List.of();
        }
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(values[i] == UNSET ? null : values[i]);
        }
        return Collections.unmodifiableList(list);
    }

    /** An independent snapshot, e.g. for a batch entry or a transaction buffer. */
    public Parameters copy() {
        Parameters copy = new Parameters(size);
        System.arraycopy(values, 0, copy.values, 0, size);
        System.arraycopy(sqlTypes, 0, copy.sqlTypes, 0, size);
        copy.size = size;
        return copy;
    }

    void set(int index, Object value, int sqlType) {
        if (index < 1) {
            // The driver will reject it with its own message when the wrapper delegates; just don't record it.
            return;
        }
        if (index > values.length) {
            grow(index);
        }
        values[index - 1] = value;
        sqlTypes[index - 1] = sqlType;
        if (index > size) {
            size = index;
        }
    }

    void clear() {
        Arrays.fill(values, 0, size, UNSET);
        size = 0;
    }

    private void grow(int minCapacity) {
        int capacity = Math.max(minCapacity, Math.max(8, values.length * 2));
        int old = values.length;
        values = Arrays.copyOf(values, capacity);
        sqlTypes = Arrays.copyOf(sqlTypes, capacity);
        Arrays.fill(values, old, capacity, UNSET);
    }

    private void requireSet(int index) {
        if (!isSet(index)) {
            throw new IllegalArgumentException("parameter " + index + " is not bound (bound: 1.." + size + ")");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 1; i <= size; i++) {
            if (i > 1) {
                sb.append(", ");
            }
            sb.append(isSet(i) ? String.valueOf(values[i - 1]) : "<unset>");
        }
        return sb.append(']').toString();
    }
}
