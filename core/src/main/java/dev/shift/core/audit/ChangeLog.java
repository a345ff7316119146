package dev.shift.core.audit;

import dev.shift.core.flags.MigrationState;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the one log line per change the workshop's operators read: when, what, who, resulting state.
 * java.util.logging, because the agent lives inside someone else's application and must not bring a
 * logging framework. Tokens never reach this class; free text is flattened to one line so a reason
 * cannot forge extra log lines.
 */
public final class ChangeLog {

    private static final Logger LOG = Logger.getLogger("dev.shift.core.audit");

    private ChangeLog() {
    }

    public static void applied(AuditEntry e) {
        LOG.info(line(e));
    }

    /** The line for {@link #applied}; public so tests and the panel can show the same words. */
    public static String line(AuditEntry e) {
        if (!e.action().changesFlags()) {
            StringBuilder b = new StringBuilder()
                    .append("shift operator action at ").append(e.at())
                    .append(": ").append(e.action().wireName())
                    .append(" by ").append(oneLine(e.operator()))
                    .append(": ").append(oneLine(e.summary()))
                    .append(" (flags version ").append(e.version()).append(')');
            e.reasonText().ifPresent(r -> b.append("; reason: \"").append(oneLine(r)).append('"'));
            return b.toString();
        }
        StringBuilder b = new StringBuilder()
                .append("shift migration change at ").append(e.at())
                .append(": ").append(e.action().wireName())
                .append(" by ").append(oneLine(e.operator()))
                .append(": ").append(e.summary())
                .append("; now ").append(e.after())
                .append(" (version ").append(e.version()).append(')');
        e.reasonText().ifPresent(r -> b.append("; reason: \"").append(oneLine(r)).append('"'));
        return b.toString();
    }

    /** A state this instance took over from the flag store (a change made on another instance). */
    public static void adopted(MigrationState s, String store) {
        LOG.info("shift migration change at " + s.since() + ": applied version " + s.version() + " from " + store
                + " (changed by " + oneLine(s.changedBy()) + "); now " + AuditEntry.describe(s.flags()) + " " + s.flags());
    }

    /** A refused change: logged for the operator's own diagnosis, never audited. */
    public static void refused(String operator, String what, String why) {
        LOG.log(Level.INFO, "shift migration change refused: " + oneLine(what) + " by " + oneLine(operator) + ": " + oneLine(why));
    }

    /**
     * One line that cannot pass for more: control and line-separator characters become spaces, Unicode bidi controls
     * are shown as escapes (they could reorder what an operator reads), and quotes and backslashes inside the quoted
     * reason are escaped, so a reason can never close its quotes and forge a second entry on the line.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (isBidiControl(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(' ');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** U+061C, U+200E/F, U+202A-202E, U+2066-2069: characters that change the display order of text. */
    public static boolean isBidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
