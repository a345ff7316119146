package dev.shift.testfixtures.apps;

import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.PassThroughInterceptor;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.jdbc.StatementInterceptor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run with the agent: prints the generated-keys ResultSet of a real insert ({@code real.*}) and of an insert Shift
 * answered itself with an id it allocated ({@code shift.*}), so the test can check that the application sees the
 * same shape either way. Usage: {@code KeysProbe <jdbc url> <user> <password>}.
 */
public final class KeysProbe {

    private KeysProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS keys_probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT)");
            }
            print("real", insert(c));
            Interception.install(new AllocatingInterceptor());
            try {
                print("shift", insert(c));
            } finally {
                Interception.reset();
            }
        }
    }

    private static ResultSet insert(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement("INSERT INTO keys_probe (v) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS);
        ps.setInt(1, 1);
        ps.executeUpdate();
        return ps.getGeneratedKeys();
    }

    private static void print(String prefix, ResultSet keys) throws SQLException {
        ResultSetMetaData md = keys.getMetaData();
        System.out.println(prefix + ".columnCount=" + md.getColumnCount());
        System.out.println(prefix + ".label=" + md.getColumnLabel(1));
        System.out.println(prefix + ".name=" + md.getColumnName(1));
        System.out.println(prefix + ".type=" + md.getColumnType(1));
        System.out.println(prefix + ".typeName=" + md.getColumnTypeName(1));
        System.out.println(prefix + ".className=" + md.getColumnClassName(1));
        System.out.println(prefix + ".signed=" + md.isSigned(1));
        keys.next();
        System.out.println(prefix + ".objectClass=" + keys.getObject(1).getClass().getName());
        System.out.println(prefix + ".byLabel=" + keys.getLong(md.getColumnLabel(1)));
        System.out.println(prefix + ".more=" + keys.next());
    }

    /** Phase 5 in miniature: inserts never reach MySQL, Shift hands back the id it allocated. */
    private static final class AllocatingInterceptor implements StatementInterceptor {

        @Override
        public ResultSet executeQuery(StatementCall call) throws SQLException {
            return call.onMysql().executeQuery();
        }

        @Override
        public long executeUpdate(StatementCall call) {
            call.answerGeneratedKeys(4242L);
            return 1;
        }

        @Override
        public boolean execute(StatementCall call) throws SQLException {
            return call.onMysql().execute();
        }

        @Override
        public long[] executeBatch(BatchCall batch) throws SQLException {
            return batch.executeOnMysql();
        }

        @Override
        public void commit(ConnectionContext cx) throws SQLException {
            PassThroughInterceptor.INSTANCE.commit(cx);
        }

        @Override
        public void rollback(ConnectionContext cx) throws SQLException {
            PassThroughInterceptor.INSTANCE.rollback(cx);
        }

        @Override
        public void close(ConnectionContext cx) {
        }
    }
}
