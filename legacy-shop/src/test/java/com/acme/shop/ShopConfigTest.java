package com.acme.shop;

import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command-line parsing, password hashing and the schema script splitter (no database). */
class ShopConfigTest {

    static ShopConfig parse(String... args) throws Exception {
        return ShopConfig.parse(args, Map.of(), new Properties());
    }

    @Test
    void fullCommandLine() throws Exception {
        ShopConfig c = parse("--jdbc-url", "jdbc:mysql://127.0.0.1:3306/shop", "--db-user", "root", "--db-password", "",
                "--port", "0", "--pool-size", "4", "--init-schema", "--seed",
                "--generate-history", "users=10,orders=100,seed=3", "--bind=0.0.0.0");
        assertEquals("jdbc:mysql://127.0.0.1:3306/shop", c.jdbcUrl);
        assertEquals("root", c.dbUser);
        assertEquals("", c.dbPassword);
        assertEquals(0, c.port);
        assertEquals(4, c.poolSize);
        assertEquals("0.0.0.0", c.bind);
        assertTrue(c.initSchema);
        assertTrue(c.seed);
        assertFalse(c.setupOnly);
        assertEquals(new ShopConfig.HistorySpec(10, 100, 3), c.history);
    }

    @Test
    void defaults() throws Exception {
        ShopConfig c = parse("--jdbc-url=jdbc:mysql://db/shop");
        assertEquals(8080, c.port);
        assertEquals("127.0.0.1", c.bind);
        assertEquals(10, c.poolSize);
        assertEquals("root", c.dbUser);
        assertEquals("", c.dbPassword);
        assertFalse(c.initSchema);
        assertNull(c.history);
        assertEquals(new ShopConfig.HistorySpec(1, 2, 1), ShopConfig.HistorySpec.parse("users=1,orders=2"));
    }

    @Test
    void environmentThenSystemPropertiesThenCommandLine() throws Exception {
        Properties sys = new Properties();
        sys.setProperty("shop.port", "9001");
        Map<String, String> env = Map.of("SHOP_JDBC_URL", "jdbc:mysql://env/shop", "SHOP_PORT", "9000",
                "SHOP_SEED", "true", "SHOP_DB_PASSWORD", "secret");
        ShopConfig c = ShopConfig.parse(new String[0], env, sys);
        assertEquals("jdbc:mysql://env/shop", c.jdbcUrl);
        assertEquals(9001, c.port);
        assertTrue(c.seed);
        assertEquals("secret", c.dbPassword);
        assertEquals(9002, ShopConfig.parse(new String[] {"--port", "9002"}, env, sys).port);
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertMessage("Missing --jdbc-url", "--port", "1");
        assertMessage("Unknown option '--prot'", "--jdbc-url", "jdbc:mysql://x/y", "--prot", "1");
        assertMessage("--port must be a number", "--jdbc-url", "jdbc:mysql://x/y", "--port", "http");
        assertMessage("--port must be between 0 and 65535", "--jdbc-url", "jdbc:mysql://x/y", "--port", "70000");
        assertMessage("needs a value", "--jdbc-url", "jdbc:mysql://x/y", "--port");
        assertMessage("must be a JDBC URL", "--jdbc-url", "mysql://x/y");
        assertMessage("users=N,orders=M", "--jdbc-url", "jdbc:mysql://x/y", "--generate-history", "users=1");
        assertMessage("orders must be a non-negative", "--jdbc-url", "jdbc:mysql://x/y", "--generate-history", "users=1,orders=x");
        assertMessage("orders need users", "--jdbc-url", "jdbc:mysql://x/y", "--generate-history", "users=0,orders=5");
        assertMessage("takes no value", "--jdbc-url", "jdbc:mysql://x/y", "--seed=yes");
    }

    @Test
    void helpAndBadArgumentsExitCodes() throws Exception {
        assertTrue(parse("--help").help);
        assertEquals(0, Main.run(new String[] {"-h"}));
        assertEquals(2, Main.run(new String[] {"--frobnicate"}));
        assertEquals(2, Main.run(new String[] {"--jdbc-url", "jdbc:mysql://127.0.0.1:1/x", "--port", "-1"}));
    }

    @Test
    void passwordHashes() {
        String hash = PasswordHasher.hash("s3cret");
        assertTrue(hash.startsWith("pbkdf2$"));
        assertTrue(PasswordHasher.verify("s3cret", hash));
        assertFalse(PasswordHasher.verify("S3cret", hash));
        assertFalse(PasswordHasher.verify("s3cret", "garbage"));
        assertFalse(PasswordHasher.verify(null, hash));
        assertTrue(!hash.equals(PasswordHasher.hash("s3cret")), "salted");
    }

    @Test
    void schemaScriptSplitsIntoStatements() {
        var statements = Database.statements(Database.resource("schema.sql"));
        assertEquals(10, statements.size());
        assertTrue(statements.get(3).startsWith("CREATE TABLE IF NOT EXISTS shopping_carts"));
        statements.forEach(s -> assertFalse(s.endsWith(";"), s));
    }

    private static void assertMessage(String expected, String... args) {
        ShopConfig.UsageException e = assertThrows(ShopConfig.UsageException.class, () -> parse(args));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
