package com.acme.shop;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The command line's set-up steps against a real database. */
class MainTest {

    @Test
    void setupOnlyCreatesSeedsAndGeneratesThenExits() throws Exception {
        try (TestDatabase db = TestDatabase.create("main", false, false)) {
            String[] args = {"--jdbc-url", db.jdbcUrl(), "--db-user", db.server.user(),
                    "--db-password", db.server.password(), "--pool-size", "2", "--init-schema", "--seed",
                    "--generate-history", "users=3,orders=12,seed=5", "--setup-only"};
            assertEquals(0, Main.run(args));
            assertEquals(7, db.count("SELECT COUNT(*) FROM users"));
            assertEquals(12, db.count("SELECT COUNT(*) FROM orders"));
            assertEquals(20, db.count("SELECT COUNT(*) FROM products"));
            // idempotent: a second run adds only the new history
            assertEquals(0, Main.run(args));
            assertEquals(10, db.count("SELECT COUNT(*) FROM users"));
            assertEquals(24, db.count("SELECT COUNT(*) FROM orders"));
            assertEquals(20, db.count("SELECT COUNT(*) FROM products"));
        }
    }

    @Test
    void unreachableDatabaseExitsWithOne() {
        assertEquals(1, Main.run(new String[] {"--jdbc-url", "jdbc:mysql://127.0.0.1:1/none", "--setup-only"}));
    }
}
