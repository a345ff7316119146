package com.acme.shop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line options. Each option can also come from a system property ({@code -Dshop.jdbc.url=...})
 * or an environment variable ({@code SHOP_JDBC_URL=...}); the command line wins, then system
 * properties, then the environment.
 */
public final class ShopConfig {

    /** Thrown for bad command-line input; the message says what is wrong. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    /** What --generate-history asked for. */
    public record HistorySpec(int users, int orders, long seed) {

        /** Parses {@code users=N,orders=M[,seed=S]}. */
        public static HistorySpec parse(String text) throws UsageException {
            Map<String, Long> values = new LinkedHashMap<>();
            values.put("users", null);
            values.put("orders", null);
            values.put("seed", 1L);
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length != 2 || !values.containsKey(kv[0].trim())) {
                    throw new UsageException("--generate-history expects users=N,orders=M[,seed=S], got '" + text + "'");
                }
                try {
                    long v = Long.parseLong(kv[1].trim());
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    values.put(kv[0].trim(), v);
                } catch (NumberFormatException e) {
                    throw new UsageException("--generate-history: " + kv[0].trim()
                            + " must be a non-negative whole number, got '" + kv[1].trim() + "'");
                }
            }
            if (values.get("users") == null || values.get("orders") == null) {
                throw new UsageException("--generate-history expects users=N,orders=M[,seed=S], got '" + text + "'");
            }
            if (values.get("users") > Integer.MAX_VALUE || values.get("orders") > Integer.MAX_VALUE) {
                throw new UsageException("--generate-history: users and orders must be below 2^31");
            }
            if (values.get("orders") > 0 && values.get("users") == 0) {
                throw new UsageException("--generate-history: orders need users (users must be > 0)");
            }
            return new HistorySpec(values.get("users").intValue(), values.get("orders").intValue(), values.get("seed"));
        }
    }

    public static final String USAGE = String.join("\n",
            "Usage: java -jar legacy-shop.jar --jdbc-url URL [options]",
            "",
            "Acme shop: an online store on MySQL.",
            "",
            "Options (each also settable as a system property or an environment variable):",
            "  --jdbc-url URL            JDBC URL of the MySQL database, e.g. jdbc:mysql://127.0.0.1:3306/shop",
            "                            (-Dshop.jdbc.url, SHOP_JDBC_URL)                                  [required]",
            "  --db-user USER            database user (-Dshop.db.user, SHOP_DB_USER)                      [root]",
            "  --db-password PASSWORD    database password (-Dshop.db.password, SHOP_DB_PASSWORD)          [empty]",
            "  --port PORT               HTTP port, 0 = any free port (-Dshop.port, SHOP_PORT)             [8080]",
            "  --bind ADDRESS            address to listen on (-Dshop.bind, SHOP_BIND)                     [127.0.0.1]",
            "  --pool-size N             database connection pool size (-Dshop.pool.size, SHOP_POOL_SIZE) [10]",
            "  --init-schema             create missing tables and (re)create the views (SHOP_INIT_SCHEMA=true)",
            "  --seed                    add the demo users, categories and products if missing (SHOP_SEED=true)",
            "  --generate-history users=N,orders=M[,seed=S]",
            "                            add N customers with M past orders and some carts",
            "                            (-Dshop.generate.history, SHOP_GENERATE_HISTORY)",
            "  --setup-only              apply --init-schema/--seed/--generate-history, then exit",
            "                            (SHOP_SETUP_ONLY=true)",
            "  -h, --help                show this help",
            "",
            "The shop logs 'Shop listening on http://HOST:PORT/' once it accepts requests.",
            "Exit codes: 0 ok, 1 start-up failure (e.g. database unreachable), 2 bad arguments.");

    public String jdbcUrl;
    public String dbUser = "root";
    public String dbPassword = "";
    public int port = 8080;
    public String bind = "127.0.0.1";
    public int poolSize = 10;
    public boolean initSchema;
    public boolean seed;
    public HistorySpec history;
    public boolean setupOnly;
    public boolean help;

    /** Parses options from the command line, system properties and environment. */
    public static ShopConfig parse(String[] args, Map<String, String> env, java.util.Properties sys)
            throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : Option.values()) {
            String v = env.get(o.env);
            if (v != null && !v.isEmpty()) {
                values.put(o.flag, v);
            }
            String p = sys.getProperty(o.property);
            if (p != null && !p.isEmpty()) {
                values.put(o.flag, p);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                ShopConfig c = new ShopConfig();
                c.help = true;
                return c;
            }
            String flag = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                flag = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            Option o = Option.byFlag(flag);
            if (o == null) {
                throw new UsageException("Unknown option '" + arg + "'");
            }
            if (o.takesValue) {
                String v = inline;
                if (v == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("Option " + flag + " needs a value");
                    }
                    v = args[++i];
                }
                values.put(o.flag, v);
            } else {
                if (inline != null && !isBoolean(inline)) {
                    throw new UsageException("Option " + flag + " takes no value (or true/false), got '" + inline + "'");
                }
                values.put(o.flag, inline == null ? "true" : inline);
            }
        }

        ShopConfig c = new ShopConfig();
        c.jdbcUrl = values.get("--jdbc-url");
        if (c.jdbcUrl == null || c.jdbcUrl.isBlank()) {
            throw new UsageException("Missing --jdbc-url (or SHOP_JDBC_URL)");
        }
        if (!c.jdbcUrl.startsWith("jdbc:")) {
            throw new UsageException("--jdbc-url must be a JDBC URL like jdbc:mysql://127.0.0.1:3306/shop, got '"
                    + c.jdbcUrl + "'");
        }
        c.dbUser = values.getOrDefault("--db-user", c.dbUser);
        c.dbPassword = values.getOrDefault("--db-password", c.dbPassword);
        c.port = intValue(values, "--port", c.port, 0, 65535);
        c.bind = values.getOrDefault("--bind", c.bind);
        c.poolSize = intValue(values, "--pool-size", c.poolSize, 1, 1000);
        c.initSchema = bool(values, "--init-schema");
        c.seed = bool(values, "--seed");
        c.setupOnly = bool(values, "--setup-only");
        if (values.containsKey("--generate-history")) {
            c.history = HistorySpec.parse(values.get("--generate-history"));
        }
        return c;
    }

    private static boolean isBoolean(String v) {
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    }

    private static boolean bool(Map<String, String> values, String flag) throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return false;
        }
        if (!isBoolean(v)) {
            throw new UsageException(flag + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static int intValue(Map<String, String> values, String flag, int dflt, int min, int max)
            throws UsageException {
        String v = values.get(flag);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a number, got '" + v + "'");
        }
    }

    private enum Option {
        JDBC_URL("--jdbc-url", "shop.jdbc.url", "SHOP_JDBC_URL", true),
        DB_USER("--db-user", "shop.db.user", "SHOP_DB_USER", true),
        DB_PASSWORD("--db-password", "shop.db.password", "SHOP_DB_PASSWORD", true),
        PORT("--port", "shop.port", "SHOP_PORT", true),
        BIND("--bind", "shop.bind", "SHOP_BIND", true),
        POOL_SIZE("--pool-size", "shop.pool.size", "SHOP_POOL_SIZE", true),
        INIT_SCHEMA("--init-schema", "shop.init.schema", "SHOP_INIT_SCHEMA", false),
        SEED("--seed", "shop.seed", "SHOP_SEED", false),
        GENERATE_HISTORY("--generate-history", "shop.generate.history", "SHOP_GENERATE_HISTORY", true),
        SETUP_ONLY("--setup-only", "shop.setup.only", "SHOP_SETUP_ONLY", false);

        final String flag;
        final String property;
        final String env;
        final boolean takesValue;

        Option(String flag, String property, String env, boolean takesValue) {
            this.flag = flag;
            this.property = property;
            this.env = env;
            this.takesValue = takesValue;
        }

        static Option byFlag(String flag) {
            for (Option o : values()) {
                if (o.flag.equals(flag)) {
                    return o;
                }
            }
            return null;
        }
    }
}
