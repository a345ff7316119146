package com.acme.ormshop;

import com.acme.ormshop.model.CartLine;
import com.acme.ormshop.model.CartLineId;
import com.acme.ormshop.model.Order;
import com.acme.ormshop.model.OrderLine;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
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

/**
 * The shop's workload on Hibernate ORM 6 (composite keys, IDENTITY ids, a one-to-many with orphan removal, dirty
 * checking, merge, JPQL, Criteria, fetch joins, batch fetching, bulk statements): each step's result is a string the
 * application could print, the same whichever users a run uses (they are named u0-u3), so runs can be compared.
 */
public final class Workload {
    private static final LocalDateTime T0 = LocalDateTime.parse("2026-11-26T17:40:00.123");

    /** One step: what the application saw, or what it got thrown, and the SQL Hibernate sent meanwhile. */
    public record Step(String name, String result, String error, List<String> sql) {

        /** The step as the application prints it: {@code name -> result}, or what was thrown. */
        public String line() {
            return error == null ? name + " -> " + result : name + " threw: " + error.replace('\n', ' ');
        }
    }

    private final long firstUser;
    private final long cartUser;
    private final long otherCartUser;
    private final long buyer;
    private final long otherBuyer;

    private final List<Step> steps = new ArrayList<>();
    private final List<String> stepSql = new ArrayList<>();
    /** Order ids by creation, as labels: ids are the database's, not the application's. */
    private final Map<Long, String> labels = new HashMap<>();
    private final Map<String, Long> ids = new HashMap<>();

    /** @param firstUser the first of the four users this run uses (concurrent runs use other users) */
    public Workload(long firstUser) {
        this.cartUser = firstUser;
        this.otherCartUser = firstUser + 1;
        this.buyer = firstUser + 2;
        this.otherBuyer = firstUser + 3;
        this.firstUser = firstUser;
    }

    /**
     * Hibernate's statement inspector recording each step's SQL into this run; for a session factory only this run
     * uses (runs sharing one would see each other's statements).
     */
    public StatementInspector recorder() {
        return sql -> {
            synchronized (stepSql) {
                stepSql.add(sql);
            }
            return sql;
        };
    }

    public List<Step> steps() {
        return steps;
    }

    /** Runs one step and records what it returned or threw (with the SQL {@link #recorder} saw meanwhile). */
    public void step(String name, Callable<String> work) {
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

    /** Runs every step, in order, each in its own session(s) as a request would. */
    public void run(SessionFactory sf) {
        step("persist cart lines", () -> inTx(sf, s -> {
            s.persist(new CartLine(cartUser, 1, 2, T0));
            s.persist(new CartLine(cartUser, 2, 1, T0.plusSeconds(1)));
            s.persist(new CartLine(cartUser, 3, 5, T0.plusSeconds(2)));
            s.persist(new CartLine(otherCartUser, 1, 1, T0.plusSeconds(3)));
            return "persisted 4";
        }));
        step("em.find cart line by composite id", () -> read(sf, s -> cart(
                s.find(CartLine.class, new CartLineId(cartUser, 2)))));
        step("dirty-checked quantity change", () -> {
            inTx(sf, s -> {
                s.find(CartLine.class, new CartLineId(cartUser, 2)).setQuantity(4);
                return null;
            });
            return read(sf, s -> cart(s.find(CartLine.class, new CartLineId(cartUser, 2))));
        });
        step("merge a detached, existing line", () -> {
            inTx(sf, s -> s.merge(new CartLine(cartUser, 3, 7, T0.plusMinutes(5))));
            return read(sf, s -> cart(s.find(CartLine.class, new CartLineId(cartUser, 3))));
        });
        step("merge a detached, new line", () -> {
            inTx(sf, s -> s.merge(new CartLine(cartUser, 4, 1, T0.plusMinutes(6))));
            return read(sf, s -> cart(s.find(CartLine.class, new CartLineId(cartUser, 4))));
        });
        step("remove a line", () -> {
            inTx(sf, s -> {
                s.remove(s.find(CartLine.class, new CartLineId(cartUser, 1)));
                return null;
            });
            return "after removal: " + read(sf, s -> cart(s.find(CartLine.class, new CartLineId(cartUser, 1))));
        });
        step("JPQL cart of a user ordered by product", () -> read(sf, s -> s.createQuery(
                        "select c from CartLine c where c.userId = :u order by c.productId", CartLine.class)
                .setParameter("u", cartUser).getResultList().stream().map(this::cart).toList().toString()));

        step("persist orders with lines", () -> inTx(sf, s -> {
            List<Order> orders = List.of(
                    new Order(buyer, "pending", T0).addLine(1, 2, "19.99").addLine(2, 1, "120.00"),
                    new Order(buyer, "completed", T0.plusMinutes(1)).addLine(3, 1, "5.50"),
                    new Order(buyer, "cancelled", T0.plusMinutes(2)).addLine(1, 1, "19.99").addLine(4, 3, "2.25"),
                    new Order(otherBuyer, "pending", T0.plusMinutes(3)).addLine(2, 1, "120.00"));
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
            q.select(o).where(cb.equal(o.get("userId"), buyer), o.get("status").in("pending", "completed"))
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
                .setParameter("u", buyer).getResultList())));
        step("a user's orders, lines batch-fetched on access", () -> read(sf, s -> {
            List<Order> orders = s.createQuery("select o from Order o where o.userId = :u order by o.id", Order.class)
                    .setParameter("u", buyer).getResultList();
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
                        .setParameter("u", cartUser).getSingleResult(),
                "completed orders=" + s.createQuery(
                                "select count(o) from Order o where o.userId = :u and o.status = :s", Long.class)
                        .setParameter("u", buyer).setParameter("s", "completed").getSingleResult(),
                "lines of B=" + s.createQuery("select count(l) from OrderLine l where l.order.id = :id", Long.class)
                        .setParameter("id", id("B")).getSingleResult(),
                "spent=" + s.createQuery("select sum(o.totalAmount) from Order o where o.userId = :u",
                        java.math.BigDecimal.class).setParameter("u", buyer).getSingleResult())));
        step("JPQL bulk update of an order's status", () -> {
            int n = inTx(sf, s -> s.createMutationQuery("update Order o set o.status = :s where o.id = :id")
                    .setParameter("s", "shipped").setParameter("id", id("B")).executeUpdate());
            return n + " updated; " + read(sf, s -> header(s.find(Order.class, id("B"))));
        });
        step("JPQL bulk delete of a user's cart", () -> {
            int n = inTx(sf, s -> s.createMutationQuery("delete from CartLine c where c.userId = :u")
                    .setParameter("u", cartUser).executeUpdate());
            return n + " deleted; left: " + read(sf, s -> s.createQuery(
                    "select count(c) from CartLine c where c.userId = :u", Long.class)
                    .setParameter("u", cartUser).getSingleResult());
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
    public String state(SessionFactory sf) {
        return read(sf, s -> {
            StringBuilder out = new StringBuilder();
            for (long user : new long[] {cartUser, otherCartUser}) {
                out.append("cart ").append(user(user)).append(": ").append(s.createQuery(
                                "select c from CartLine c where c.userId = :u order by c.productId", CartLine.class)
                        .setParameter("u", user).getResultList().stream().map(this::cart).toList()).append('\n');
            }
            for (long user : new long[] {buyer, otherBuyer}) {
                out.append("orders ").append(user(user)).append(": ").append(describe(s.createQuery(
                                "select o from Order o where o.userId = :u order by o.createdAt", Order.class)
                        .setParameter("u", user).getResultList())).append('\n');
            }
            return out.toString();
        });
    }

    /** A user as the results name it: the same in every round, whichever ids the round uses. */
    private String user(long id) {
        return "u" + (id - firstUser);
    }

    private String cart(CartLine c) {
        return c == null ? "null" : "cart[" + user(c.getUserId()) + "/" + c.getProductId() + " qty=" + c.getQuantity()
                + " added=" + c.getAddedAt() + "]";
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
        return labels.getOrDefault(o.getId(), "unknown id " + o.getId()) + " user=" + user(o.getUserId()) + " "
                + o.getStatus() + " total=" + o.getTotalAmount() + " created=" + o.getCreatedAt() + " updated="
                + o.getUpdatedAt();
    }

    private String describe(List<Order> orders) {
        return orders.stream().map(o -> header(o) + " lines=" + o.getLines().stream()
                        .map(l -> "p" + l.getProductId() + "x" + l.getQuantity() + "@" + l.getPriceAtTime())
                        .toList())
                .collect(Collectors.joining("; "));
    }

    /** Hibernate as the application configures it, over {@code dataSource}; {@code inspector} may be null. */
    public static SessionFactory sessionFactory(DataSource dataSource, StatementInspector inspector) {
        StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.DATASOURCE, dataSource)
                .applySetting(AvailableSettings.DIALECT, "org.hibernate.dialect.MySQLDialect")
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .applySetting(AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, "16");
        if (inspector != null) {
            settings.applySetting(AvailableSettings.STATEMENT_INSPECTOR, inspector);
        }
        StandardServiceRegistry registry = settings.build();
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

    /** The messages down the cause chain: a driver's SQLException names the statement and the reason. */
    private static String messages(Throwable e) {
        Set<String> seen = new LinkedHashSet<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            seen.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return String.join("\n      <- ", seen);
    }
}
