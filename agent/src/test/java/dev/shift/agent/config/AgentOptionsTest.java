package dev.shift.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.core.flags.Phase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentOptionsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsArePhaseOneWithTheBuiltInMappingAndAwsDefaults() {
        AgentOptions options = AgentOptions.defaults();
        assertTrue(options.enabled());
        assertEquals(Phase.MYSQL_ONLY, options.phase());
        assertEquals(Optional.empty(), options.mapping());
        assertEquals(Optional.empty(), options.dynamoDbEndpoint());
        assertEquals(Optional.empty(), options.dynamoDbRegion());
        assertEquals(Optional.empty(), options.dynamoDbTable(), "the mapping names the table");
        assertEquals(Map.of(), options.adminSettings());
    }

    @Test
    void readsTheAgentArgument() throws Exception {
        AgentOptions options = parse("phase=2, dynamodb.endpoint=http://localhost:8000,dynamodb.region=eu-west-1,"
                + "dynamodb.table=Shop", new Properties(), Map.of());
        assertEquals(Phase.DUAL_WRITE, options.phase());
        assertEquals(Optional.of(URI.create("http://localhost:8000")), options.dynamoDbEndpoint());
        assertEquals(Optional.of("eu-west-1"), options.dynamoDbRegion());
        assertEquals(Optional.of("Shop"), options.dynamoDbTable());
        assertTrue(options.describe().contains("phase from -javaagent argument"), options.describe());
    }

    @Test
    void agentArgumentWinsOverSystemPropertiesWhichWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = dir.resolve("shift.properties");
        Files.writeString(file, "phase=5\ndynamodb.region=ap-south-1\ndynamodb.table=FromFile\nadmin.port=9999\n");
        Properties props = new Properties();
        props.setProperty("shift.phase", "3");
        props.setProperty("shift.dynamodb.region", "us-west-2");
        props.setProperty("shift.config", file.toString());
        props.setProperty("shift.testkit.something", "ignored: not ours");
        Map<String, String> env = Map.of("SHIFT_PHASE", "4", "SHIFT_DYNAMODB_REGION", "us-east-2",
                "SHIFT_DYNAMODB_TABLE", "FromEnv", "SHIFT_ADMIN_BIND", "127.0.0.1");

        AgentOptions options = parse("phase=2", props, env);
        assertEquals(Phase.DUAL_WRITE, options.phase());
        assertEquals(Optional.of("us-west-2"), options.dynamoDbRegion());
        assertEquals(Optional.of("FromEnv"), options.dynamoDbTable());
        assertEquals(Map.of("admin.port", "9999", "admin.bind", "127.0.0.1"), options.adminSettings());
    }

    @Test
    void passesAdminFlagStoreAndStateDirSettingsOn() throws Exception {
        AgentOptions options = parse("admin.port=0,flagstore=dynamodb,flagstore.table=ShiftFlags,state.dir=/var/shift",
                new Properties(), Map.of());
        assertEquals(Map.of("admin.port", "0", "flagstore", "dynamodb", "flagstore.table", "ShiftFlags",
                "state.dir", "/var/shift"), options.adminSettings());
        assertEquals(Optional.of(Path.of("/var/shift")), options.stateDir());
    }

    @Test
    void aWrongPhaseNamesTheOptionAndTheAllowedValues() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> parse("phase=9", new Properties(), Map.of()));
        assertEquals(1, e.problems().size());
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith("phase=9 is not valid: allowed values are 1 (MySQL only), 2 ("), problem);
        assertTrue(problem.contains("5 (DynamoDB only)"), problem);
    }

    @Test
    void everyWrongOptionIsReportedAtOnce() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> parse(
                "phase=two,dynamodb.endpoint=localhost:8000,dynamodb.region=Europe West,dynamodb.table=x,"
                        + "mapping=/nonexistent/mapping.json,enabled=maybe,phsae=2,junk",
                new Properties(), Map.of()));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("phase=two is not valid"), all);
        assertTrue(all.contains("dynamodb.endpoint=localhost:8000 is not valid"), all);
        assertTrue(all.contains("dynamodb.region=Europe West is not valid"), all);
        assertTrue(all.contains("dynamodb.table=x is not valid"), all);
        assertTrue(all.contains("mapping=/nonexistent/mapping.json is not a readable file"), all);
        assertTrue(all.contains("enabled=maybe is not valid: allowed values are true, false"), all);
        assertTrue(all.contains("unknown option 'phsae'"), all);
        assertTrue(all.contains("'junk' in the -javaagent argument is not key=value"), all);
        assertEquals(8, e.problems().size(), all);
    }

    @Test
    void aMissingConfigFileIsReported() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> parse("config=" + dir.resolve("absent.properties"), new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void anExistingMappingFileIsAccepted() throws Exception {
        Path mapping = dir.resolve("mapping.json");
        Files.writeString(mapping, "{}");
        assertEquals(Optional.of(mapping), parse("mapping=" + mapping, new Properties(), Map.of()).mapping());
    }

    @Test
    void canBeSwitchedOff() throws Exception {
        assertFalse(parse(null, new Properties(), Map.of("SHIFT_ENABLED", "false")).enabled());
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertEquals("SHIFT_DYNAMODB_ENDPOINT", AgentOptions.envName("dynamodb.endpoint"));
        assertEquals("SHIFT_STATE_DIR", AgentOptions.envName("state.dir"));
    }

    private static AgentOptions parse(String argument, Properties props, Map<String, String> env)
            throws InvalidOptionsException {
        return AgentOptions.parse(argument, props, env);
    }

}
