package dev.shift.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.AgentJar;
import dev.shift.testkit.MariaDbServer;
import dev.shift.testkit.TestServers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged agent attached to an application JVM ({@code JdbcProbe}) against a real private MariaDB: every way
 * an application gets a connection is wrapped, pass-through behaves exactly as without the agent, a wrong option
 * leaves the application running, on JDK 17 and JDK 25.
 */
class AgentAttachIT {

    private static final String PROBE = "dev.shift.testfixtures.apps.JdbcProbe";
    private static final String DATABASE = "shift_agent_attach";
    private static final String SHIFT_CONNECTION = "dev.shift.agent.jdbc.ShiftConnection";

    private static final Map<List<Object>, AgentJar.Result> RUNS = new ConcurrentHashMap<>();
    private static MariaDbServer mariaDb;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void database() {
        AgentJar.path(); // skips the class before starting a server when there is no jar to test
        mariaDb = TestServers.mariaDb();
        mariaDb.createDatabase(DATABASE);
    }

    static Stream<Arguments> sourcesAndJdks() {
        List<Arguments> cases = new ArrayList<>();
        for (String source : List.of("drivermanager-mysql", "drivermanager-mariadb", "hikari", "mysqldatasource",
                "mariadbdatasource")) {
            cases.add(Arguments.of(source, AgentJar.currentJava()));
        }
        AgentJar.jdk25().ifPresent(java -> {
            cases.add(Arguments.of("drivermanager-mysql", java));
            cases.add(Arguments.of("drivermanager-mariadb", java));
            cases.add(Arguments.of("hikari", java));
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("sourcesAndJdks")
    void everyConnectionIsWrappedAndPassThroughWorks(String source, Path java) {
        AgentJar.Result result = probe(java, List.of("-javaagent:" + AgentJar.path()), source);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("true", result.value("done"), result::toString);
        for (String wrapped : result.values("wrapped")) {
            assertEquals("true", wrapped, result::toString);
        }
        assertEquals("true", result.value("statementConnectionIsApps"), result::toString);
        assertEquals("widget,19.90,2026-11-26 10:15:30.123456", result.value("selected"), result::toString);
        assertEquals("2.50", result.value("afterTransaction"), result::toString);
        assertEquals("1", result.value("deleted"), result::toString);
        assertTrue(result.stderr().contains("Shift agent intercepting JDBC connections"), result::toString);
        assertFalse(result.stderr().contains("WARNING: A Java agent has been loaded dynamically"), result::toString);
        assertFalse(result.stderr().contains("Shift could not instrument"), result::toString);
        if (source.startsWith("drivermanager") || source.endsWith("datasource")) {
            assertEquals(SHIFT_CONNECTION, result.value("class"), result::toString);
        }
    }

    @Test
    void theDriversOwnKeyColumnIsUnchangedByTheAgent() {
        for (String source : List.of("drivermanager-mysql", "drivermanager-mariadb")) {
            AgentJar.Result without = probe(AgentJar.currentJava(), List.of(), source);
            AgentJar.Result with = probe(AgentJar.currentJava(), List.of("-javaagent:" + AgentJar.path()), source);
            assertEquals(0, without.exitCode(), without::toString);
            assertEquals("false", without.value("wrapped"), without::toString);
            for (String key : List.of("keyLabel", "keyTypeName", "keyObjectClass", "insertCount", "selected")) {
                assertEquals(without.value(key), with.value(key), key + "\n" + with);
            }
        }
    }

    @Test
    void keysShiftAllocatesLookLikeTheDriversOwn() {
        for (String url : List.of(mariaDb.jdbcUrl(DATABASE), mariaDb.mariadbJdbcUrl(DATABASE))) {
            List<String> jvmArgs = new ArrayList<>(List.of("-javaagent:" + AgentJar.path()));
            jvmArgs.addAll(hermetic());
            AgentJar.Result result = AgentJar.run(AgentJar.currentJava(), jvmArgs,
                    "dev.shift.testfixtures.apps.KeysProbe", url, mariaDb.user(), mariaDb.password());
            assertEquals(0, result.exitCode(), result::toString);
            for (String key : List.of("columnCount", "label", "name", "type", "typeName", "className", "signed",
                    "objectClass", "more")) {
                assertEquals(result.value("real." + key), result.value("shift." + key), key + "\n" + result);
            }
            assertEquals("4242", result.value("shift.byLabel"), result::toString);
        }
    }

    @Test
    void attachedTwiceShiftStartsOnceAndWrapsOnce() {
        AgentJar.Result result = probe(AgentJar.currentJava(),
                List.of("-javaagent:" + AgentJar.path(), "-javaagent:" + AgentJar.path()), "drivermanager-mysql");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("true", result.value("done"), result::toString);
        assertEquals(SHIFT_CONNECTION, result.value("class"), result::toString);
        assertTrue(result.stderr().contains("attached twice"), result::toString);
        assertFalse(result.stderr().contains("SHIFT AGENT NOT ACTIVE"), result::toString);
    }

    @Test
    void connectorJsOwnInterfacesAreReachableThroughUnwrap() {
        AgentJar.Result result = probe(AgentJar.currentJava(), List.of("-javaagent:" + AgentJar.path()),
                "drivermanager-mysql");
        assertEquals("com.mysql.cj.jdbc.ConnectionImpl", result.value("unwrapJdbcConnection"), result::toString);
    }

    @Test
    void aWrongOptionLeavesTheApplicationRunningUntouchedAndSaysWhy() {
        AgentJar.Result result = probe(AgentJar.currentJava(),
                List.of("-javaagent:" + AgentJar.path() + "=phase=2,dynamodb.timeout-ms=soon"), "drivermanager-mysql");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("true", result.value("done"), result::toString);
        assertEquals("com.mysql.cj.jdbc.ConnectionImpl", result.value("class"), result::toString);
        assertTrue(result.stderr().contains("SHIFT AGENT NOT ACTIVE"), result::toString);
        assertTrue(result.stderr().contains("dynamodb.timeout-ms=soon is not valid"), result::toString);
        assertTrue(result.stderr().contains("phase 1 pass-through"), result::toString);
    }

    @Test
    void optionsAlsoComeFromSystemProperties() {
        AgentJar.Result result = probe(AgentJar.currentJava(),
                List.of("-javaagent:" + AgentJar.path(), "-Dshift.dynamodb.table=x"), "drivermanager-mysql");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("dynamodb.table=x is not valid"), result::toString);
    }

    @Test
    void startsOnJdk25WithoutExperimentalFlags() {
        Path java = AgentJar.jdk25().orElse(null);
        Assumptions.assumeTrue(java != null, "JDK 25 is not installed here");
        AgentJar.Result result = probe(java, List.of("-javaagent:" + AgentJar.path()), "drivermanager-mariadb");
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(SHIFT_CONNECTION, result.value("class"), result::toString);
        assertFalse(result.stderr().contains("net.bytebuddy.experimental"), result::toString);
        assertFalse(result.stderr().toLowerCase().contains("unsupported class file"), result::toString);
        // JDK 24+ warns about sun.misc.Unsafe once per JVM; Shift's Byte Buddy runs in safe mode and never uses it.
        assertFalse(result.stderr().contains("sun.misc.Unsafe"), result::toString);
    }

    /** Child JVMs are the slow part (seconds each): a run asked for twice is run once. */
    private static AgentJar.Result probe(Path java, List<String> jvmArgs, String source) {
        List<String> args = new ArrayList<>(jvmArgs);
        args.addAll(hermetic());
        return RUNS.computeIfAbsent(List.of(java, args, source), key -> AgentJar.run(java, args, PROBE, source,
                mariaDb.jdbcUrl(DATABASE), mariaDb.mariadbJdbcUrl(DATABASE), mariaDb.user(), mariaDb.password()));
    }

    /**
     * Keeps Shift's background start-up (DynamoDB, state, admin port) on this machine and out of the source tree,
     * whatever it gets to before the short-lived probe exits: these tests are about interception in phase 1.
     */
    private static List<String> hermetic() {
        return List.of("-Dshift.dynamodb.endpoint=http://127.0.0.1:9", "-Dshift.dynamodb.region=us-east-1",
                "-Dshift.state.dir=" + stateDir, "-Dshift.admin.port=0", "-Dshift.admin.bind=127.0.0.1");
    }
}
