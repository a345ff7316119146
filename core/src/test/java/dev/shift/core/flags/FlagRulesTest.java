package dev.shift.core.flags;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every one of the 16 flag combinations: accepted as a phase, or refused with the reason. */
class FlagRulesTest {

    @ParameterizedTest(name = "READ_MYSQL={0} READ_DDB={1} WRITE_MYSQL={2} WRITE_DDB={3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # RM  | RD  | WM  | WD  | phase, or the refusal's key words
            false | false | false | false | no store would be written
            false | false | false | true  | no store would be read
            false | false | true  | false | no store would be read
            false | false | true  | true  | no store would be read
            false | true  | false | false | no store would be written
            false | true  | false | true  | 5
            false | true  | true  | false | READ_DDB without WRITE_DDB
            false | true  | true  | true  | 4
            true  | false | false | false | no store would be written
            true  | false | false | true  | READ_MYSQL without WRITE_MYSQL
            true  | false | true  | false | 1
            true  | false | true  | true  | 2
            true  | true  | false | false | no store would be written
            true  | true  | false | true  | READ_MYSQL without WRITE_MYSQL
            true  | true  | true  | false | READ_DDB without WRITE_DDB
            true  | true  | true  | true  | 3
            """)
    void eachCombinationIsAcceptedAsAPhaseOrRefusedWithAReason(boolean rm, boolean rd, boolean wm, boolean wd, String expected) {
        Flags flags = new Flags(rm, rd, wm, wd);
        Optional<String> refusal = FlagRules.refusal(flags);
        if (expected.matches("\\d")) {
            assertEquals(Optional.empty(), refusal, "accepted");
            assertEquals(Integer.parseInt(expected), flags.phaseNumber());
        } else {
            assertTrue(refusal.isPresent(), "refused");
            assertTrue(refusal.get().contains(expected), refusal.get());
            assertTrue(refusal.get().contains("turn on"), "says what to do: " + refusal.get());
            assertEquals(0, flags.phaseNumber(), "a refused combination is no phase");
        }
    }

    @Test
    void exactlyTheFivePhasesAreAccepted() {
        long accepted = Flags.allCombinations().stream().filter(f -> FlagRules.refusal(f).isEmpty()).count();
        assertEquals(16, Flags.allCombinations().size());
        assertEquals(5, accepted);
        for (Phase p : Phase.values()) {
            assertEquals(Optional.empty(), FlagRules.refusal(p.flags()), p.title());
            assertEquals(p, p.flags().phase().orElseThrow());
        }
    }

    @Test
    void adoptOnlyMovesForward() {
        MigrationControl c = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        MigrationState v2 = new MigrationState(Phase.DUAL_READ.flags(), 2, java.time.Instant.now(), "bob");
        MigrationState v1 = new MigrationState(Phase.DUAL_WRITE.flags(), 1, java.time.Instant.now(), "bob");
        assertTrue(c.adopt(v2));
        assertEquals(false, c.adopt(v1));
        assertEquals(v2, c.state());
    }
}
