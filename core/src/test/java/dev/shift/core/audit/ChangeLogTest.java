package dev.shift.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** A reason can never forge a second entry on its log line, nor reorder what the operator reads. */
class ChangeLogTest {

    @Test
    void quotesAreEscapedControlsBecomeSpacesBidiControlsAreShown() {
        String forged = "ok\"; shift migration change at 2026-01-01: phase by admin\nnext\u202Eevil";
        String line = ChangeLog.oneLine(forged);
        assertEquals("ok\\\"; shift migration change at 2026-01-01: phase by admin next\\u202Eevil", line);
        assertFalse(line.contains("\n") || line.contains("\u202E"), line);
        assertEquals("back\\\\slash", ChangeLog.oneLine("back\\slash"));
    }
}
