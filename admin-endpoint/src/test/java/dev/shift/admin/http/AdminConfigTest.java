package dev.shift.admin.http;

import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import dev.shift.core.store.FlagStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminConfigTest {

    @Test
    void defaults() {
        AdminConfig c = AdminConfig.from(Map.of("jdbc.url", "ignored: belongs to the agent"));
        assertTrue(c.enabled());
        assertEquals("127.0.0.1", c.bind());
        assertEquals(9797, c.port());
        assertEquals(Map.of(), c.tokens());
        assertEquals(AdminConfig.StoreKind.FILE, c.storeKind());
        assertEquals(Path.of("shift-state"), c.stateDir());
        assertEquals(Phase.MYSQL_ONLY, c.initialPhase());
        assertEquals(1000, c.pollInterval().toMillis());
    }

    @Test
    void inlineTokensWithRoles() {
        AdminConfig c = AdminConfig.from(Map.of("admin.tokens", "t-alice-0123456789abcdef=alice:operator; t-bob-0123456789abcdef=bob:read-only,t-carol-0123456789abcd=carol"));
        assertEquals(Operator.operator("alice"), c.tokens().get("t-alice-0123456789abcdef"));
        assertEquals(Operator.readOnly("bob"), c.tokens().get("t-bob-0123456789abcdef"));
        assertEquals(Operator.operator("carol"), c.tokens().get("t-carol-0123456789abcd"));
        assertFalse(c.toString().contains("t-alice"), "toString never shows tokens");
    }

    @Test
    void tokensFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "# operators\nsecret-one-0123456789=alice:operator\n\nsecret-two-0123456789=viewer:read-only\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        AdminConfig c = AdminConfig.from(Map.of("admin.tokens", file.toString()));
        assertEquals(2, c.tokens().size());
        assertEquals(Operator.readOnly("viewer"), c.tokens().get("secret-two-0123456789"));
    }

    @Test
    void everyBadValueIsReportedAtOnceWithoutLeakingTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdminConfig.from(Map.of(
                "admin.port", "http",
                "admin.prot", "1",
                "flagstore", "redis",
                "flagstore.poll-ms", "5",
                "admin.enabled", "yes",
                "admin.tokens", "very-secret-token=alice:admin")));
        String m = e.getMessage();
        assertTrue(m.contains("admin.port: expected an integer from 0 to 65535, got \"http\""), m);
        assertTrue(m.contains("unknown option admin.prot; known options:"), m);
        assertTrue(m.contains("flagstore: expected one of file, dynamodb, got \"redis\""), m);
        assertTrue(m.contains("flagstore.poll-ms: expected an integer from 100 to 60000"), m);
        assertTrue(m.contains("admin.enabled: expected true or false"), m);
        assertTrue(m.contains("role \"admin\"; allowed: operator, read-only"), m);
        assertFalse(m.contains("very-secret-token"), m);
    }

    @Test
    void missingTokenFileSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdminConfig.from(Map.of("admin.tokens", "/nonexistent/tokens.txt")));
        assertTrue(e.getMessage().contains("cannot read the tokens file"), e.getMessage());
    }

    @Test
    void fileStoreFromOptionsAndInitialPhase(@TempDir Path dir) {
        AdminConfig c = AdminConfig.from(Map.of("state.dir", dir.toString(), "phase.initial", "2", "instance.id", "shop-1"));
        try (FlagStore store = c.openStore()) {
            assertInstanceOf(FileFlagStore.class, store);
            assertEquals("shop-1", store.instanceId());
            assertEquals(Phase.DUAL_WRITE.flags(), c.initialState(store).flags());
            assertEquals(0, c.initialState(store).version());
        }
    }
}
