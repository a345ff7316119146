package dev.shift.agent.route;

import com.acme.ormshop.Workload;
import dev.shift.agent.sql.SqlPlanner;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.testfixtures.jdbc.DriverDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/** The ORM shop's Hibernate in this JVM, its connections Shift's router's (what the application gets with the agent). */
final class HibernateOnShift {

    private HibernateOnShift() {
    }

    static SessionFactory sessionFactory(RouterFixture fx, StatementInspector inspector) {
        return Workload.sessionFactory(new AppDataSource(fx), inspector);
    }

    /** Passes each statement on to {@code next}, first noting those the planner cannot answer from DynamoDB, with why. */
    static StatementInspector namingUntranslatable(SqlPlanner planner, Map<String, String> untranslatable,
            StatementInspector next) {
        return sql -> {
            if (planner.plan(sql) instanceof Untranslatable u) {
                synchronized (untranslatable) {
                    untranslatable.putIfAbsent(sql, u.reason());
                }
            }
            return next.inspect(sql);
        };
    }

    /** The application's DataSource: each connection is the driver's inside Shift's wrapper. */
    private static final class AppDataSource extends DriverDataSource {
        private final RouterFixture fx;

        AppDataSource(RouterFixture fx) {
            this.fx = fx;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return fx.app();
        }
    }
}
