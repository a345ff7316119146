package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shift.agent.ShopSchema;
import dev.shift.agent.dynamo.DynamoGateway;
import dev.shift.agent.mapping.Mapping;
import dev.shift.agent.route.orm.CartLine;
import dev.shift.agent.route.orm.CartLineId;
import dev.shift.agent.route.orm.Order;
import dev.shift.agent.route.orm.OrderLine;
import dev.shift.agent.sql.Untranslatable;
import dev.shift.core.flags.Phase;
import dev.shift.testkit.DynamoDbServer;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A drop-in application Shift was not written for: a Hibernate ORM 6 shop (composite keys, IDENTITY ids, a
 * one-to-many with orphan removal, dirty checking, merge, JPQL, Criteria, fetch joins, batch fetching, bulk
 * statements) whose connections are Shift's. Its SQL is Hibernate's, not hand-written for Shift. The same workload
 * runs from empty stores in each phase, so in phases 4-5 everything read was written through DynamoDB; what the
 * application sees must be what it sees on MySQL alone (phase 1), and no step may fail. Real MariaDB (Connector/J)
 * and a private DynamoDB-compatible server.
 */
class OrmShopIT {

    private static final LocalDateTime T0 = LocalDateTime.parse("2026-11-26T17:40:00.123");
    private static final long CART_USER = 7;
    private static final long OTHER_CART_USER = 8;
    private static final long BUYER = 20;
    private static final long OTHER_BUYER = 21;

    private static MariaDbServer mysql;
    private static DynamoDbServer dynamo;
    private static DynamoDbClient client;

    @BeforeAll
    static void servers() {
        mysql = TestServers.mariaDb();
        dynamo = DynamoDbServer.start();
        client = DynamoGateway.client(dynamo.endpoint(), dynamo.region(), dynamo.accessKeyId(), dynamo.secretAccessKey());
    }

    @AfterAll
    static void stopServers() {
        client.close();
        dynamo.close();
    }

    /** One step of the workload: what the application saw, or what it got thrown, and the SQL Hibernate sent. */
    record Step(String name, String result, String error, List<String> sql) {
    }

    /** A phase's steps; {@code untranslatable}: Hibernate's statements Shift's planner cannot answer from DynamoDB. */
    record Run(Phase phase, List<Step> steps, Map<String, String> untranslatable) {
        List<Step> failed() {
            return steps.stream().filter(s -> s.error() != null).toList();
        }
    }

    @Test
    void aHibernateShopSeesInEveryPhaseWhatItSeesOnMysql() throws Exception {
        Map<Phase, Run> runs = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            runs.put(phase, run(phase));
        }
        report(runs);

        List<Step> reference = runs.get(Phase.MYSQL_ONLY).steps();
        List<Executable> checks = new ArrayList<>();
        for (Run run : runs.values()) {
            checks.add(() -> assertEquals(List.of(), run.failed().stream().map(s -> s.name() + ": " + s.error()).toList(),
                    "phase " + run.phase().number() + ": steps that threw"));
            List<Step> steps = run.steps();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                // Phases 2-3 end with one more step: the final state read again in phase 4, i.e. from DynamoDB.
                Step expected = i < reference.size() ? reference.get(i) : reference.get(reference.size() - 1);
                checks.add(() -> assertEquals(expected.result(), step.result(),
                        "phase " + run.phase().number() + ", step " + step.name() + " (phase 1: " + expected.name() + ")"));
            }
        }
        assertAll(checks);
    }

    /** The workload from empty stores with Shift's router starting in {@code phase}. */
    private Run run(Phase phase) throws Exception {
        try (RouterFixture fx = new RouterFixture(mysql, client, Mapping.defaultMapping(), phase, false, st -> {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
        })) {
            Shop shop = new Shop(fx);
            try (SessionFactory sf = sessionFactory(fx, shop.inspector)) {
                shop.workload(sf);
                if (phase == Phase.DUAL_WRITE || phase == Phase.DUAL_READ) {
                    // Reads came from MySQL so far: does DynamoDB hold what the application wrote?
                    fx.drainAll();
                    fx.control.change(Phase.DYNAMODB_READ.flags(), "test");
                    shop.step("final state, read from DynamoDB (phase 4)", () -> shop.state(sf));
                }
            }
            return new Run(phase, shop.steps, shop.untranslatable);
        }
    }

    /** Hibernate as an application configures it, its connections being Shift's (what the application gets). */
    private static SessionFactory sessionFactory(RouterFixture fx, StatementInspector inspector) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.DATASOURCE, new AppDataSource(fx))
                .applySetting(AvailableSettings.DIALECT, "org.hibernate.dialect.MySQLDialect")
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .applySetting(AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, "16")
                .applySetting(AvailableSettings.STATEMENT_INSPECTOR, inspector)
                .build();
        try {
            return new MetadataSources(registry)
                    .addAnnotatedClasses(CartLine.class, Order.class, OrderLine.class)
                    .buildMetadata()
                    .buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    /** The shop's workload: each step's result is a string the application could print. */
    private static final class Shop {
        final List<Step> steps = new ArrayList<>();
        final Map<String, String> untranslatable = new LinkedHashMap<>();
        final StatementInspector inspector;
        private final List<String> stepSql = new ArrayList<>();
        /** Order ids by creation, as labels: ids are the id source's (MySQL's or Shift's), not the application's. */
        private final Map<Long, String> labels = new HashMap<>();
        private final Map<String, Long> ids = new HashMap<>();

        Shop(RouterFixture fx) {
            this.inspector = sql -> {
                synchronized (stepSql) {
                    stepSql.add(sql);
                }
                if (fx.planner.plan(sql) instanceof Untranslatable u) {
                    untranslatable.putIfAbsent(sql, u.reason());
                }
                return sql;
            };
        }

        void step(String name, Callable<String> work) {
            synchronized (stepSql) {
                stepSql.clear();
            }
            String result;
            String error = null;
            try {
                result = work.call();
            } catch (Exception | AssertionError e) {
                result = "threw " + e.getClass().getSimpleName();
                error = messages(e);
            }
            List<String> sql;
            synchronized (stepSql) {
                sql = List.copyOf(stepSql);
            }
            steps.add(new Step(name, result, error, sql));
        }

        void workload(SessionFactory sf) {
            step("persist cart lines", () -> inTx(sf, s -> {
                s.persist(new CartLine(CART_USER, 1, 2, T0));
                s.persist(new CartLine(CART_USER, 2, 1, T0.plusSeconds(1)));
                s.persist(new CartLine(CART_USER, 3, 5, T0.plusSeconds(2)));
                s.persist(new CartLine(OTHER_CART_USER, 1, 1, T0.plusSeconds(3)));
                return "persisted 4";
            }));
            step("em.find cart line by composite id", () -> read(sf, s -> String.valueOf(
                    s.find(CartLine.class, new CartLineId(CART_USER, 2)))));
            step("dirty-checked quantity change", () -> {
                inTx(sf, s -> {
                    s.find(CartLine.class, new CartLineId(CART_USER, 2)).setQuantity(4);
                    return null;
                });
                return read(sf, s -> String.valueOf(s.find(CartLine.class, new CartLineId(CART_USER, 2))));
            });
            step("merge a detached, existing line", () -> {
                inTx(sf, s -> s.merge(new CartLine(CART_USER, 3, 7, T0.plusMinutes(5))));
                return read(sf, s -> String.valueOf(s.find(CartLine.class, new CartLineId(CART_USER, 3))));
            });
            step("merge a detached, new line", () -> {
                inTx(sf, s -> s.merge(new CartLine(CART_USER, 4, 1, T0.plusMinutes(6))));
                return read(sf, s -> String.valueOf(s.find(CartLine.class, new CartLineId(CART_USER, 4))));
            });
            step("remove a line", () -> {
                inTx(sf, s -> {
                    s.remove(s.find(CartLine.class, new CartLineId(CART_USER, 1)));
                    return null;
                });
                return "after removal: " + read(sf, s -> s.find(CartLine.class, new CartLineId(CART_USER, 1)));
            });
            step("JPQL cart of a user ordered by product", () -> read(sf, s -> s.createQuery(
                            "select c from CartLine c where c.userId = :u order by c.productId", CartLine.class)
                    .setParameter("u", CART_USER).getResultList().toString()));

            step("persist orders with lines", () -> inTx(sf, s -> {
                List<Order> orders = List.of(
                        new Order(BUYER, "pending", T0).addLine(1, 2, "19.99").addLine(2, 1, "120.00"),
                        new Order(BUYER, "completed", T0.plusMinutes(1)).addLine(3, 1, "5.50"),
                        new Order(BUYER, "cancelled", T0.plusMinutes(2)).addLine(1, 1, "19.99").addLine(4, 3, "2.25"),
                        new Order(OTHER_BUYER, "pending", T0.plusMinutes(3)).addLine(2, 1, "120.00"));
                for (Order o : orders) {
                    s.persist(o);
                    label(o.getId());
                }
                return orders.stream().map(o -> label(o.getId()) + " total=" + o.getTotalAmount())
                        .collect(Collectors.joining(", "));
            }));
            step("Criteria: a user's orders with status in (...)", () -> read(sf, s -> {
                CriteriaBuilder cb = s.getCriteriaBuilder();
                CriteriaQuery<Order> q = cb.createQuery(Order.class);
                Root<Order> o = q.from(Order.class);
                q.select(o).where(cb.equal(o.get("userId"), BUYER), o.get("status").in("pending", "completed"))
                        .orderBy(cb.asc(o.get("createdAt")));
                return s.createQuery(q).getResultList().stream().map(this::header).collect(Collectors.joining("; "));
            }));
            step("left join fetch of an order's lines by id", () -> read(sf, s -> describe(s.createQuery(
                            "select o from Order o left join fetch o.lines where o.id = :id", Order.class)
                    .setParameter("id", id("A")).getResultList())));
            step("select distinct ... left join fetch by id", () -> read(sf, s -> describe(s.createQuery(
                            "select distinct o from Order o left join fetch o.lines where o.id = :id", Order.class)
                    .setParameter("id", id("C")).getResultList())));
            step("select distinct ... left join fetch of a user's orders", () -> read(sf, s -> describe(s.createQuery(
                            "select distinct o from Order o left join fetch o.lines where o.userId = :u "
                                    + "order by o.createdAt", Order.class)
                    .setParameter("u", BUYER).getResultList())));
            step("a user's orders, lines batch-fetched on access", () -> read(sf, s -> {
                List<Order> orders = s.createQuery("select o from Order o where o.userId = :u order by o.id", Order.class)
                        .setParameter("u", BUYER).getResultList();
                orders.forEach(o -> o.getLines().size());   // the first touch loads all three collections at once
                return describe(orders);
            }));
            step("em.find an order, lines loaded lazily", () -> read(sf, s -> describe(
                    List.of(s.find(Order.class, id("B"))))));
            step("dirty-checked order status (full-row UPDATE)", () -> {
                inTx(sf, s -> {
                    Order a = s.find(Order.class, id("A"));
                    a.setStatus("completed");
                    a.setUpdatedAt(T0.plusHours(1));
                    return null;
                });
                return read(sf, s -> header(s.find(Order.class, id("A"))));
            });
            step("change a line's quantity and orphan-remove another", () -> {
                inTx(sf, s -> {
                    Order c = s.find(Order.class, id("C"));
                    c.getLines().stream().filter(l -> l.getProductId() == 4).forEach(l -> l.setQuantity(5));
                    c.getLines().removeIf(l -> l.getProductId() == 1);
                    return null;
                });
                return read(sf, s -> describe(List.of(s.find(Order.class, id("C")))));
            });
            step("add a line to an existing order", () -> {
                inTx(sf, s -> s.find(Order.class, id("B")).addLine(4, 2, "2.25"));
                return read(sf, s -> describe(List.of(s.find(Order.class, id("B")))));
            });
            step("count queries", () -> read(sf, s -> String.join(", ",
                    "cart lines=" + s.createQuery("select count(c) from CartLine c where c.userId = :u", Long.class)
                            .setParameter("u", CART_USER).getSingleResult(),
                    "completed orders=" + s.createQuery(
                                    "select count(o) from Order o where o.userId = :u and o.status = :s", Long.class)
                            .setParameter("u", BUYER).setParameter("s", "completed").getSingleResult(),
                    "lines of B=" + s.createQuery("select count(l) from OrderLine l where l.order.id = :id", Long.class)
                            .setParameter("id", id("B")).getSingleResult(),
                    "spent=" + s.createQuery("select sum(o.totalAmount) from Order o where o.userId = :u",
                            java.math.BigDecimal.class).setParameter("u", BUYER).getSingleResult())));
            step("JPQL bulk update of an order's status", () -> {
                int n = inTx(sf, s -> s.createMutationQuery("update Order o set o.status = :s where o.id = :id")
                        .setParameter("s", "shipped").setParameter("id", id("B")).executeUpdate());
                return n + " updated; " + read(sf, s -> header(s.find(Order.class, id("B"))));
            });
            step("JPQL bulk delete of a user's cart", () -> {
                int n = inTx(sf, s -> s.createMutationQuery("delete from CartLine c where c.userId = :u")
                        .setParameter("u", CART_USER).executeUpdate());
                return n + " deleted; left: " + read(sf, s -> s.createQuery(
                        "select count(c) from CartLine c where c.userId = :u", Long.class)
                        .setParameter("u", CART_USER).getSingleResult());
            });
            step("remove an order (its lines cascade)", () -> {
                inTx(sf, s -> {
                    s.remove(s.find(Order.class, id("D")));
                    return null;
                });
                return "after removal: " + read(sf, s -> s.find(Order.class, id("D")));
            });
            step("final state", () -> state(sf));
        }

        /** Everything the application holds for its users, as it reads it. */
        String state(SessionFactory sf) {
            return read(sf, s -> {
                StringBuilder out = new StringBuilder();
                for (long user : new long[] {CART_USER, OTHER_CART_USER}) {
                    out.append("cart ").append(user).append(": ").append(s.createQuery(
                                    "select c from CartLine c where c.userId = :u order by c.productId", CartLine.class)
                            .setParameter("u", user).getResultList()).append('\n');
                }
                for (long user : new long[] {BUYER, OTHER_BUYER}) {
                    out.append("orders ").append(user).append(": ").append(describe(s.createQuery(
                                    "select o from Order o where o.userId = :u order by o.createdAt", Order.class)
                            .setParameter("u", user).getResultList())).append('\n');
                }
                return out.toString();
            });
        }

        private String label(Long id) {
            return labels.computeIfAbsent(id, k -> {
                String l = String.valueOf((char) ('A' + ids.size()));
                ids.put(l, k);
                return l;
            });
        }

        private long id(String label) {
            return Objects.requireNonNull(ids.get(label), () -> "no order " + label + " was created");
        }

        private String header(Order o) {
            return labels.getOrDefault(o.getId(), "unknown id " + o.getId()) + " user=" + o.getUserId() + " "
                    + o.getStatus() + " total=" + o.getTotalAmount() + " created=" + o.getCreatedAt() + " updated="
                    + o.getUpdatedAt();
        }

        private String describe(List<Order> orders) {
            return orders.stream().map(o -> header(o) + " lines=" + o.getLines().stream()
                            .map(l -> "p" + l.getProductId() + "x" + l.getQuantity() + "@" + l.getPriceAtTime())
                            .toList())
                    .collect(Collectors.joining("; "));
        }
    }

    /** A unit of work in a transaction, as a @Transactional service method runs it. */
    private static <T> T inTx(SessionFactory sf, Function<Session, T> work) {
        try (Session s = sf.openSession()) {
            Transaction tx = s.beginTransaction();
            try {
                T result = work.apply(s);
                tx.commit();
                return result;
            } catch (RuntimeException e) {
                if (tx.isActive()) {
                    tx.rollback();
                }
                throw e;
            }
        }
    }

    /** A read outside any transaction (autocommit), as an open-session-in-view page renders. */
    private static <T> T read(SessionFactory sf, Function<Session, T> work) {
        try (Session s = sf.openSession()) {
            return work.apply(s);
        }
    }

    /** The messages down the cause chain: the SQLException Shift raised names the statement and the reason. */
    private static String messages(Throwable e) {
        Set<String> seen = new LinkedHashSet<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            seen.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return String.join("\n      <- ", seen);
    }

    private static void report(Map<Phase, Run> runs) {
        PrintWriter out = new PrintWriter(System.out, true);
        List<Step> reference = runs.get(Phase.MYSQL_ONLY).steps();
        for (Run run : runs.values()) {
            out.println("=== OrmShopIT phase " + run.phase().number() + " (" + run.phase().title() + "): "
                    + run.failed().size() + " of " + run.steps().size() + " steps threw");
            for (int i = 0; i < run.steps().size(); i++) {
                Step step = run.steps().get(i);
                Step expected = i < reference.size() ? reference.get(i) : reference.get(reference.size() - 1);
                if (step.error() != null) {
                    out.println("  FAILED  " + step.name() + "\n    error: " + step.error());
                    step.sql().forEach(sql -> out.println("    sql: " + sql));
                } else if (!step.result().equals(expected.result())) {
                    out.println("  DIFFERS " + step.name() + "\n    got:      " + step.result()
                            + "\n    expected: " + expected.result());
                    step.sql().forEach(sql -> out.println("    sql: " + sql));
                }
            }
        }
        // The same in every phase; phases 2-3 send them to MySQL and copy their rows, phases 4-5 refuse them.
        Map<String, String> untranslatable = new LinkedHashMap<>();
        runs.values().forEach(run -> run.untranslatable().forEach(untranslatable::putIfAbsent));
        out.println("=== OrmShopIT: Hibernate's statements Shift cannot answer from DynamoDB: " + untranslatable.size());
        untranslatable.forEach((sql, reason) -> out.println("  " + sql + "\n    " + reason));
        out.println("=== OrmShopIT phase 1 results");
        reference.forEach(s -> out.println("  " + s.name() + " -> " + s.result()));
    }

    /** The application's DataSource: each connection is the driver's inside Shift's wrapper. */
    private record AppDataSource(RouterFixture fx) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return fx.app();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return fx.app();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            if (iface.isInstance(this)) {
                return iface.cast(this);
            }
            throw new SQLException("not a wrapper for " + iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return iface.isInstance(this);
        }
    }
}
