package com.acme.shop;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a shop's past: N new customers, M past orders (1-4 lines each) spread over the two years
 * before the anchor time (distinct created_at per customer, statuses mixed), and open carts for about
 * one customer in five. Deterministic: the same seed, anchor and starting database give the same rows.
 * Needs the catalogue (run {@link Seeder} first). Fast: multi-row INSERTs, one transaction per chunk.
 *
 * <pre>new HistoryGenerator(dataSource, 42).generate(1_000, 10_000);</pre>
 */
public class HistoryGenerator {

    private static final Logger log = LoggerFactory.getLogger(HistoryGenerator.class);

    private static final long SPAN_MS = Duration.ofDays(730).toMillis();
    private static final long RECENT_MS = Duration.ofDays(3).toMillis();
    private static final long CART_SPAN_MS = Duration.ofDays(30).toMillis();
    private static final int ROWS_PER_INSERT = 500;
    private static final int ORDERS_PER_TRANSACTION = 2_000;
    /** Generated customers' password (the same for all of them). */
    public static final String PASSWORD = "password";

    private final DataSource dataSource;
    private final long seed;
    private Instant anchor = Instant.now().truncatedTo(ChronoUnit.DAYS);
    private boolean progress = true;

    public HistoryGenerator(DataSource dataSource, long seed) {
        this.dataSource = dataSource;
        this.seed = seed;
    }

    /** History ends at this time (default: today's midnight UTC, so a rerun the same day is identical). */
    public HistoryGenerator anchor(Instant anchor) {
        this.anchor = anchor.truncatedTo(ChronoUnit.MILLIS);
        return this;
    }

    /** Whether to log progress for big runs (default on). */
    public HistoryGenerator progress(boolean progress) {
        this.progress = progress;
        return this;
    }

    /** What was generated. Ids are contiguous: firstUserId .. firstUserId+users-1, same for orders. */
    public record Result(int users, long firstUserId, int orders, long firstOrderId, long orderItems,
                         long cartLines, long millis) {
    }

    public Result generate(int users, int orders) throws SQLException {
        if (users < 0 || orders < 0) {
            throw new IllegalArgumentException("users and orders must be >= 0");
        }
        if (orders > 0 && users == 0) {
            throw new IllegalArgumentException("orders need users: users must be > 0 when orders > 0");
        }
        if (users >= (1 << 27)) {
            throw new IllegalArgumentException("at most " + ((1 << 27) - 1) + " users per run");
        }
        long started = System.nanoTime();
        Random rnd = new Random(seed);
        try (Connection con = dataSource.getConnection()) {
            boolean autoCommit = con.getAutoCommit();
            con.setAutoCommit(false);
            try {
                List<Long> catalogue = new ArrayList<>();
                List<BigDecimal> prices = new ArrayList<>();
                catalogue(con, catalogue, prices);
                if (catalogue.isEmpty()) {
                    throw new IllegalStateException("No products: seed the catalogue before generating history");
                }
                long firstUserId = maxId(con, "users") + 1;
                long firstOrderId = maxId(con, "orders") + 1;
                long start = anchor.toEpochMilli() - SPAN_MS;

                insertUsers(con, rnd, firstUserId, users, start);
                long[] items = insertOrders(con, rnd, firstUserId, users, firstOrderId, orders, start, catalogue, prices);
                long cartLines = insertCarts(con, rnd, firstUserId, users, catalogue);
                con.commit();

                long millis = (System.nanoTime() - started) / 1_000_000;
                Result result = new Result(users, firstUserId, orders, firstOrderId, items[0], cartLines, millis);
                log.info("History generated: {} users (ids {}..), {} orders (ids {}..), {} order lines, {} cart lines in {} ms",
                        users, firstUserId, orders, firstOrderId, items[0], cartLines, millis);
                return result;
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            } finally {
                con.setAutoCommit(autoCommit);
            }
        }
    }

    private void insertUsers(Connection con, Random rnd, long firstUserId, int users, long start)
            throws SQLException {
        String hash = PasswordHasher.hash(PASSWORD, rnd);
        try (RowWriter w = new RowWriter(con, "INSERT INTO users (id, username, email, password_hash, created_at) VALUES ", 5)) {
            for (int i = 0; i < users; i++) {
                long id = firstUserId + i;
                long createdAt = start - Duration.ofDays(1).toMillis() - rnd.nextLong(Duration.ofDays(365).toMillis());
                w.row(id, "shopper" + id, "shopper" + id + "@example.com", hash, ts(createdAt));
                if ((i + 1) % (ORDERS_PER_TRANSACTION * 5) == 0) {
                    w.flush();
                    con.commit();
                }
            }
        }
        con.commit();
    }

    /** Returns {order lines}. */
    private long[] insertOrders(Connection con, Random rnd, long firstUserId, int users, long firstOrderId,
                                int orders, long start, List<Long> catalogue, List<BigDecimal> prices)
            throws SQLException {
        // (offset in the span << 27 | user index); sorted = time order. Equal values would be two orders of one
        // user at the same millisecond: move the later one 1 ms back until all are distinct.
        long[] slots = new long[orders];
        for (int i = 0; i < orders; i++) {
            slots[i] = (rnd.nextLong(SPAN_MS) << 27) | rnd.nextInt(users);
        }
        boolean clash = true;
        while (clash) {
            Arrays.sort(slots);
            clash = false;
            for (int i = 1; i < orders; i++) {
                if (slots[i] == slots[i - 1]) {
                    long offset = slots[i] >>> 27;
                    long user = slots[i] & ((1L << 27) - 1);
                    slots[i] = ((offset == 0 ? offset + 1 : offset - 1) << 27) | user;
                    clash = true;
                }
            }
        }

        long lines = 0;
        long step = Math.max(1, orders / 10);
        try (RowWriter ow = new RowWriter(con,
                     "INSERT INTO orders (id, user_id, total_amount, status, created_at, updated_at) VALUES ", 6);
             RowWriter iw = new RowWriter(con,
                     "INSERT INTO order_items (order_id, product_id, quantity, price_at_time) VALUES ", 4)) {
            int[] picks = new int[4];
            for (int i = 0; i < orders; i++) {
                long orderId = firstOrderId + i;
                long userId = firstUserId + (slots[i] & ((1L << 27) - 1));
                long createdAt = start + (slots[i] >>> 27);
                int lineCount = Math.min(1 + rnd.nextInt(4), catalogue.size());
                BigDecimal total = BigDecimal.ZERO;
                for (int l = 0; l < lineCount; l++) {
                    int pick;
                    boolean again;
                    do {
                        pick = rnd.nextInt(catalogue.size());
                        again = false;
                        for (int k = 0; k < l; k++) {
                            again |= picks[k] == pick;
                        }
                    } while (again);
                    picks[l] = pick;
                }
                Arrays.sort(picks, 0, lineCount);
                for (int l = 0; l < lineCount; l++) {
                    int quantity = 1 + rnd.nextInt(3);
                    BigDecimal price = prices.get(picks[l]);
                    total = total.add(price.multiply(BigDecimal.valueOf(quantity)));
                    iw.row(orderId, catalogue.get(picks[l]), quantity, price);
                    lines++;
                }
                String status;
                long updatedAt;
                int roll = rnd.nextInt(100);
                boolean recent = anchor.toEpochMilli() - createdAt < RECENT_MS;
                if (recent ? roll < 60 : roll < 5) {
                    status = "pending";
                    updatedAt = createdAt;
                } else {
                    status = (recent ? roll < 90 : roll < 87) ? "completed" : "cancelled";
                    updatedAt = Math.min(anchor.toEpochMilli() - 1, createdAt + 1 + rnd.nextLong(Duration.ofDays(5).toMillis()));
                    updatedAt = Math.max(updatedAt, createdAt);
                }
                ow.row(orderId, userId, total.setScale(2), status, ts(createdAt), ts(updatedAt));

                if ((i + 1) % ORDERS_PER_TRANSACTION == 0) {
                    ow.flush();
                    iw.flush();
                    con.commit();
                }
                if (progress && orders >= 50_000 && (i + 1) % step == 0) {
                    log.info("History: {}/{} orders written", i + 1, orders);
                }
            }
        }
        con.commit();
        return new long[] {lines};
    }

    private long insertCarts(Connection con, Random rnd, long firstUserId, int users, List<Long> catalogue)
            throws SQLException {
        long lines = 0;
        try (RowWriter w = new RowWriter(con,
                "INSERT INTO shopping_carts (user_id, product_id, quantity, added_at) VALUES ", 4)) {
            for (int i = 0; i < users; i++) {
                if (rnd.nextInt(5) != 0) {
                    continue;
                }
                int count = Math.min(1 + rnd.nextInt(3), catalogue.size());
                List<Integer> picked = new ArrayList<>();
                while (picked.size() < count) {
                    int pick = rnd.nextInt(catalogue.size());
                    if (!picked.contains(pick)) {
                        picked.add(pick);
                    }
                }
                for (int pick : picked) {
                    long addedAt = anchor.toEpochMilli() - 1 - rnd.nextLong(CART_SPAN_MS);
                    w.row(firstUserId + i, catalogue.get(pick), 1 + rnd.nextInt(5), ts(addedAt));
                    lines++;
                }
            }
        }
        con.commit();
        return lines;
    }

    private static final java.time.format.DateTimeFormatter SQL_MILLIS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /**
     * A DATETIME(3) literal in the JVM's time zone (as the driver converts a Timestamp), sent as text so the
     * milliseconds are kept whatever the driver thinks of the server's fractional-second support.
     */
    private static String ts(long epochMillis) {
        return new Timestamp(epochMillis).toLocalDateTime().format(SQL_MILLIS);
    }

    private static void catalogue(Connection con, List<Long> ids, List<BigDecimal> prices) throws SQLException {
        try (Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, price FROM products ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong("id"));
                prices.add(rs.getBigDecimal("price"));
            }
        }
    }

    private static long maxId(Connection con, String table) throws SQLException {
        try (Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) AS max_id FROM " + table)) {
            rs.next();
            return rs.getLong("max_id");
        }
    }

    /** Collects rows and writes them as multi-row INSERT statements. */
    private static final class RowWriter implements AutoCloseable {
        private final Connection con;
        private final String prefix;
        private final int columns;
        private final List<Object> values = new ArrayList<>();
        private PreparedStatement full;

        RowWriter(Connection con, String prefix, int columns) {
            this.con = con;
            this.prefix = prefix;
            this.columns = columns;
        }

        void row(Object... row) throws SQLException {
            values.addAll(Arrays.asList(row));
            if (pending() >= ROWS_PER_INSERT) {
                flush();
            }
        }

        int pending() {
            return values.size() / columns;
        }

        void flush() throws SQLException {
            int rows = pending();
            if (rows == 0) {
                return;
            }
            PreparedStatement ps;
            if (rows == ROWS_PER_INSERT) {
                if (full == null) {
                    full = con.prepareStatement(sql(rows));
                }
                ps = full;
            } else {
                ps = con.prepareStatement(sql(rows));
            }
            try {
                for (int i = 0; i < values.size(); i++) {
                    ps.setObject(i + 1, values.get(i));
                }
                ps.executeUpdate();
            } finally {
                if (ps != full) {
                    ps.close();
                }
            }
            values.clear();
        }

        private String sql(int rows) {
            StringBuilder one = new StringBuilder("(");
            for (int c = 0; c < columns; c++) {
                one.append(c == 0 ? "?" : ", ?");
            }
            one.append(')');
            StringBuilder sb = new StringBuilder(prefix);
            for (int r = 0; r < rows; r++) {
                if (r > 0) {
                    sb.append(", ");
                }
                sb.append(one);
            }
            return sb.toString();
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                if (full != null) {
                    full.close();
                }
            }
        }
    }
}
