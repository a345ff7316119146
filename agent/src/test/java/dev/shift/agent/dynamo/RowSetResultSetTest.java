package dev.shift.agent.dynamo;

import dev.shift.agent.merge.RowSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowSetResultSetTest {
    static RowSet rows() {
        List<RowSet.Column> cols = List.of(
                new RowSet.Column("id", "id", "orders", Types.BIGINT, "BIGINT", 0),
                new RowSet.Column("qty", "quantity", "shopping_carts", Types.INTEGER, "INT", 0),
                new RowSet.Column("total_amount", "total_amount", "orders", Types.DECIMAL, "DECIMAL", 2),
                new RowSet.Column("status", "status", "orders", Types.VARCHAR, "VARCHAR", 0),
                new RowSet.Column("created_at", "created_at", "orders", Types.TIMESTAMP, "DATETIME", 0),
                new RowSet.Column("COUNT(*)", "COUNT(*)", "", Types.BIGINT, "BIGINT", 0));
        List<Object[]> data = new ArrayList<>();
        data.add(new Object[] {7L, 2, new BigDecimal("12.50"), "pending", Timestamp.valueOf("2026-11-26 17:40:00.12"), 3L});
        data.add(new Object[] {8L, null, null, null, null, 0L});
        return new RowSet(cols, data);
    }

    /**
     * What the driver reported for the statement while MySQL answered it wins over the family's defaults: here a
     * driver configured to give a TIMESTAMP and INT as BIGINT/Long, with its own type names and precision. Metadata
     * that describes other columns is ignored.
     */
    @Test
    void theDriversOwnMetadataLearnedFromMysqlDecidesClassesAndMetadata() throws SQLException {
        ResultShape seen = ResultShape.of(new RowSetResultSet(rows()).getMetaData());
        List<ResultShape.Column> cols = new ArrayList<>(seen.columns());
        ResultShape.Column qty = cols.get(1);
        cols.set(1, new ResultShape.Column(qty.label(), qty.name(), qty.table(), "shop", Types.BIGINT, "BIGINT UNSIGNED",
                "java.math.BigInteger", 20, 0, ResultSetMetaData.columnNoNulls, false, 20, false, false));
        ResultShape.Column created = cols.get(4);
        cols.set(4, new ResultShape.Column(created.label(), created.name(), created.table(), "shop", Types.TIMESTAMP,
                "DATETIME", "java.sql.Timestamp", 23, 3, ResultSetMetaData.columnNullable, false, 23, false, false));
        ResultShape learned = new ResultShape(cols);

        ResultSet rs = new RowSetResultSet(rows(), null, DriverDialect.CONNECTOR_J, learned);
        assertTrue(rs.next());
        assertEquals(java.math.BigInteger.valueOf(2), rs.getObject("qty"));
        assertEquals(Timestamp.valueOf("2026-11-26 17:40:00.12"), rs.getObject(5), "not the dialect's LocalDateTime");
        assertEquals(new BigDecimal("12.50"), rs.getObject(3));
        ResultSetMetaData md = rs.getMetaData();
        assertEquals(List.of("BIGINT UNSIGNED", "java.math.BigInteger", 20, "shop", ResultSetMetaData.columnNoNulls),
                List.of(md.getColumnTypeName(2), md.getColumnClassName(2), md.getPrecision(2), md.getCatalogName(2),
                        md.isNullable(2)));
        assertEquals(3, md.getScale(5));
        assertTrue(rs.next());
        assertNull(rs.getObject("qty"));

        ResultShape other = new ResultShape(cols.subList(0, 3));
        ResultSet defaults = new RowSetResultSet(rows(), null, DriverDialect.CONNECTOR_J, other);
        assertTrue(defaults.next());
        assertEquals(2, defaults.getObject("qty"), "metadata of other columns does not apply");
        assertEquals("java.lang.Integer", defaults.getMetaData().getColumnClassName(2));
    }

    @Test
    void gettersAndConversions() throws SQLException {
        ResultSet rs = new RowSetResultSet(rows());
        assertTrue(rs.isBeforeFirst());
        assertThrows(SQLException.class, () -> rs.getLong(1), "no current row");
        assertTrue(rs.next());
        assertEquals(1, rs.getRow());
        assertEquals(7L, rs.getLong("ID"));
        assertEquals(7, rs.getInt(1));
        assertEquals("7", rs.getString(1));
        assertEquals(2, rs.getInt("qty"));
        assertEquals(2, rs.getInt("quantity"), "column name works too");
        assertEquals(2L, rs.getObject(2, Long.class));
        assertEquals(new BigDecimal("12.50"), rs.getBigDecimal("total_amount"));
        assertEquals("12.50", rs.getString("total_amount"));
        assertEquals(12.5, rs.getDouble(3));
        assertEquals("pending", rs.getObject("status"));
        assertEquals(Timestamp.valueOf("2026-11-26 17:40:00.12"), rs.getTimestamp("created_at"));
        assertEquals(LocalDateTime.parse("2026-11-26T17:40:00.120"), rs.getObject("created_at"));
        assertEquals(LocalDateTime.parse("2026-11-26T17:40:00.120"), rs.getObject(5, LocalDateTime.class));
        assertEquals("2026-11-26 17:40:00.120", rs.getString(5));
        assertEquals(3L, rs.getObject("count(*)"));
        assertFalse(rs.wasNull());
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(2));
        assertTrue(rs.wasNull());
        assertNull(rs.getBigDecimal(3));
        assertNull(rs.getTimestamp(5));
        assertNull(rs.getObject(5, LocalDateTime.class));
        assertNull(rs.getString(4));
        assertTrue(rs.wasNull());
        assertFalse(rs.next());
        assertFalse(rs.next());
        assertTrue(rs.isAfterLast());
        SQLException missing = assertThrows(SQLException.class, () -> rs.findColumn("nope"));
        assertEquals("S0022", missing.getSQLState());
        rs.close();
        assertTrue(rs.isClosed());
        assertThrows(SQLException.class, rs::next);
    }

    @Test
    void readOnlyForwardOnlyAndUnsupportedMethodsSaySo() throws SQLException {
        ResultSet rs = new RowSetResultSet(rows());
        assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
        assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
        assertThrows(SQLFeatureNotSupportedException.class, rs::previous);
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.absolute(1));
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.updateInt(1, 2));
        assertThrows(SQLFeatureNotSupportedException.class, () -> rs.getBlob(1));
        assertTrue(rs.isWrapperFor(RowSetResultSet.class));
        assertEquals(rs, rs.unwrap(ResultSet.class));
    }

    @Test
    void metadata() throws SQLException {
        ResultSetMetaData md = new RowSetResultSet(rows()).getMetaData();
        assertEquals(6, md.getColumnCount());
        assertEquals("qty", md.getColumnLabel(2));
        assertEquals("quantity", md.getColumnName(2));
        assertEquals(Types.INTEGER, md.getColumnType(2));
        assertEquals("INT", md.getColumnTypeName(2));
        assertEquals(2, md.getScale(3));
        assertEquals("java.math.BigDecimal", md.getColumnClassName(3));
        assertEquals("orders", md.getTableName(1));
        assertThrows(SQLException.class, () -> md.getColumnLabel(7));
    }
}
