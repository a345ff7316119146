package dev.shift.agent.collation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MySQL's documented collation rules: case, accents, PAD SPACE, and the order of each family. */
class CollationTest {
    private static final Collation GENERAL = Collation.of("utf8mb4_general_ci");
    private static final Collation UNICODE = Collation.of("utf8mb4_unicode_ci");
    private static final Collation AI_0900 = Collation.of("utf8mb4_0900_ai_ci");
    private static final Collation BIN = Collation.of("utf8mb4_bin");

    @Test
    void caseInsensitiveCollationsIgnoreCaseAccentsAndTrailingSpaces() {
        for (Collation c : List.of(GENERAL, UNICODE, Collation.of("latin1_swedish_ci"), Collation.of("utf8mb4_uca1400_ai_ci"))) {
            assertEquals(0, c.compare("Alice", "aLICE"), c.name());
            assertEquals(0, c.compare("alice", "alice  "), c.name());
            assertEquals(0, c.compare("Ångström", "angstrom"), c.name());
            assertEquals(c.key("Alice "), c.key("ALICE"), c.name());
            assertNotEquals(0, c.compare("alice", " alice"), c.name());   // leading spaces count
        }
    }

    @Test
    void noPadCollationsCountTrailingSpaces() {
        assertEquals(0, AI_0900.compare("Bob", "bob"));
        assertTrue(AI_0900.compare("bob ", "bob") > 0);
        assertNotEquals(AI_0900.key("bob "), AI_0900.key("bob"));
        assertTrue(Collation.of("utf8mb4_nopad_bin").compare("a ", "a") > 0);
    }

    @Test
    void binaryCollationsCompareCodePointsButStillPad() {
        assertTrue(BIN.compare("B", "a") < 0);
        assertNotEquals(0, BIN.compare("a", "A"));
        assertEquals(0, BIN.compare("a", "a   "));   // utf8mb4_bin is PAD SPACE
        assertTrue(Collation.EXACT.compare("a", "a ") < 0);
    }

    @Test
    void generalSortsByFoldedCodePointAndUnicodeSortsPunctuationBeforeDigitsBeforeLetters() {
        List<String> values = List.of("b", "_x", "A", "9", "a-b", "a b", "Z");
        List<String> general = new ArrayList<>(values);
        general.sort(GENERAL::compare);
        // general_ci: upper-cased code points: ' ' < '-' < '9' < 'A' < 'B' < 'Z' < '_'
        assertEquals(List.of("9", "A", "a b", "a-b", "b", "Z", "_x"), general);
        List<String> unicode = new ArrayList<>(values);
        unicode.sort(UNICODE::compare);
        assertEquals(List.of("_x", "9", "A", "a b", "a-b", "b", "Z"), unicode);
    }

    @Test
    void caseSensitiveUnicodePutsLowerCaseFirst() {
        Collation cs = Collation.of("utf8mb4_0900_as_cs");
        assertTrue(cs.compare("a", "A") < 0);
        assertTrue(cs.compare("A", "b") < 0);
        assertNotEquals(cs.key("a"), cs.key("A"));
    }

    @Test
    void keysAgreeWithEquality() {
        String[] samples = {"a", "A", "a ", "á", "b", "ab", "a-b", "A B", "", " "};
        for (Collation c : List.of(GENERAL, UNICODE, AI_0900, BIN, Collation.of("utf8mb4_0900_as_cs"))) {
            for (String x : samples) {
                for (String y : samples) {
                    assertEquals(c.compare(x, y) == 0, c.key(x).equals(c.key(y)), c.name() + ": '" + x + "' vs '" + y + "'");
                    assertEquals(Integer.signum(c.compare(x, y)), -Integer.signum(c.compare(y, x)), c.name());
                }
            }
        }
    }

    @Test
    void likeFoldsCaseButKeepsTrailingSpaces() {
        assertEquals(GENERAL.likeText("Pending"), GENERAL.likeText("PENDING"));
        assertNotEquals(GENERAL.likeText("a "), GENERAL.likeText("a"));
    }

    @Test
    void unknownNamesAreRefusedWithTheName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Collation.of("utf8mb4_fancy"));
        assertTrue(e.getMessage().contains("utf8mb4_fancy"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Collation.of("DROP TABLE x"));
    }
}
