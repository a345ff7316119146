package dev.shift.testkit;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version string the private MariaDB reports to clients.
 *
 * <p>Why: MariaDB 10.x greets clients with {@code 5.5.5-10.11.19-MariaDB}. MySQL's Connector/J reads that as MySQL
 * 5.5.5, decides the server cannot store fractional seconds (MySQL 5.6.4+ can), and silently drops the milliseconds
 * of every {@code Timestamp}/{@code LocalDateTime} parameter: {@code DATETIME(3)} columns then hold {@code .000} while
 * the same write reaches DynamoDB with its milliseconds. Reporting {@code 5.7.19-10.11.19-MariaDB} makes Connector/J
 * send fractions, while staying below 5.7.20, from which on it uses {@code transaction_isolation} (MariaDB 10.11 only
 * has {@code tx_isolation}), and below 8.0 (collation 255, other variables MariaDB lacks). MariaDB's own driver still
 * sees "MariaDB" and connects.
 *
 * <p>{@code -Dshift.mariadb.version=native} keeps MariaDB's own greeting; any other value is reported as given.
 */
final class ReportedVersion {
    private static String cached;

    private ReportedVersion() {}

    /** The {@code --version=…} option for mariadbd, or none. */
    static synchronized List<String> option() {
        String configured = Config.get("shift.mariadb.version", "SHIFT_MARIADB_VERSION");
        if ("native".equals(configured)) {
            return List.of();
        }
        if (configured != null) {
            return List.of("--version=" + configured);
        }
        if (cached == null) {
            cached = "5.7.19-" + nativeVersion();
        }
        return List.of("--version=" + cached);
    }

    /** "10.11.19-MariaDB" from {@code mariadbd --version}; "MariaDB" if that cannot be read. */
    private static String nativeVersion() {
        Matcher m = Pattern.compile("Ver\\s+(\\d+\\.\\d+\\.\\d+-MariaDB)").matcher(DataDirTemplate.mariadbdVersion());
        return m.find() ? m.group(1) : "MariaDB";
    }
}
