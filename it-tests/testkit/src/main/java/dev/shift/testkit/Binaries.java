package dev.shift.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the MariaDB and Node.js executables, with one clear message when they are missing. */
final class Binaries {
    private static final String MARIADB_HINT = "Install Debian's MariaDB server (apt-get install -y mariadb-server), "
            + "or set -Dshift.mariadb.bindir=DIR, or point tests at a running server with -Dshift.mysql.url=jdbc:mysql://HOST:PORT/";
    private static final String NODE_HINT = "dynalite (the DynamoDB-compatible test server) needs Node.js 18+ and npm: "
            + "apt-get install -y nodejs npm, or set -Dshift.node.bindir=DIR, or point tests at a running "
            + "DynamoDB-compatible endpoint with -Dshift.dynamodb.endpoint=http://HOST:PORT";

    private Binaries() {}

    static Path mariadbd() {
        return find("shift.mariadb.bindir", MARIADB_HINT, "mariadbd", "mysqld");
    }

    static Path installDb() {
        return find("shift.mariadb.bindir", MARIADB_HINT, "mariadb-install-db", "mysql_install_db");
    }

    static Path client() {
        return find("shift.mariadb.bindir", MARIADB_HINT, "mariadb", "mysql");
    }

    static Path node() {
        return find("shift.node.bindir", NODE_HINT, "node", "nodejs");
    }

    static Path npm() {
        return find("shift.node.bindir", NODE_HINT, "npm");
    }

    /** The first of {@code names} found in the configured dir, the usual system dirs, then PATH. */
    private static Path find(String dirProperty, String hint, String... names) {
        List<Path> dirs = new ArrayList<>();
        String configured = System.getProperty(dirProperty);
        if (configured != null && !configured.isBlank()) {
            dirs.add(Path.of(configured));
        }
        for (String d : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"}) {
            dirs.add(Path.of(d));
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String name : names) {
            for (Path dir : dirs) {
                Path candidate = dir.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("cannot find " + String.join(" or ", names) + ". " + hint);
    }
}
