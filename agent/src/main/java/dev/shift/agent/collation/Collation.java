package dev.shift.agent.collation;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How MySQL compares a string column's values under its collation (information_schema's {@code COLLATION_NAME}):
 * <ul>
 *   <li>{@code _ci}: letter case is ignored, and accents too unless the name says {@code _as_} ({@code 'abc' = 'ÄBC'});</li>
 *   <li>PAD SPACE (every collation but the {@code 0900} and {@code nopad} ones): trailing spaces are ignored
 *       ({@code 'abc' = 'abc  '});</li>
 *   <li>order: {@code general_ci} and {@code swedish_ci} sort by the folded code point; the Unicode (UCA) collations
 *       put spaces and punctuation first, then digits, then letters, as their weight tables do for ASCII
 *       (characters beyond ASCII sort by their folded code point after the letters).</li>
 * </ul>
 * Equality and {@link #key} agree exactly: two strings compare 0 exactly when their keys are equal, which is what
 * grouping, DISTINCT and IN rely on.
 */
public final class Collation {
    /** Exact comparison, no padding: how Shift compares strings whose column declares no collation. */
    public static final Collation EXACT = new Collation("exact", false, false, false, false);

    /** The UCA weight order of ASCII: controls, space and punctuation, symbols, digits, letters. */
    private static final String UCA_ASCII = "\t\n\u000b\f\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789"
            + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{Mn}+");
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+_[a-z0-9_]+|binary");

    private final String name;
    private final boolean caseInsensitive;
    private final boolean accentInsensitive;
    private final boolean padSpace;
    private final boolean ucaOrder;

    private Collation(String name, boolean caseInsensitive, boolean accentInsensitive, boolean padSpace, boolean ucaOrder) {
        this.name = name;
        this.caseInsensitive = caseInsensitive;
        this.accentInsensitive = accentInsensitive;
        this.padSpace = padSpace;
        this.ucaOrder = ucaOrder;
    }

    /**
     * The collation MySQL or MariaDB calls {@code name} ({@code utf8mb4_general_ci}, {@code utf8mb4_0900_ai_ci},
     * {@code latin1_swedish_ci}, {@code utf8mb4_bin} …).
     *
     * @throws IllegalArgumentException for a name that is not a collation's
     */
    public static Collation of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a collation name (e.g. utf8mb4_general_ci)");
        }
        boolean pad = !n.contains("_0900_") && !n.contains("nopad") && !n.equals("binary");
        if (n.equals("binary") || n.endsWith("_bin")) {
            return new Collation(n, false, false, pad, false);
        }
        boolean general = n.contains("_general_") || n.endsWith("_swedish_ci");
        if (n.endsWith("_ci")) {
            return new Collation(n, true, !n.endsWith("_as_ci"), pad, !general);
        }
        if (n.endsWith("_cs")) {
            return new Collation(n, false, n.endsWith("_ai_cs"), pad, !general);
        }
        throw new IllegalArgumentException("collation '" + name + "' is not one Shift knows (names end in _ci, _cs or _bin)");
    }

    public String name() {
        return name;
    }

    /** True unless strings compare exactly (letter case, accents or trailing spaces are ignored, or the order is not binary). */
    public boolean ignoresSomething() {
        return caseInsensitive || accentInsensitive || padSpace || ucaOrder;
    }

    /** A text equal for two strings exactly when this collation says they are equal. */
    public String key(String s) {
        return fold(padSpace ? stripTrailingSpaces(s) : s, caseInsensitive);
    }

    /** The text LIKE matches under this collation: letter case and accents folded, trailing spaces kept. */
    public String likeText(String s) {
        return fold(s, caseInsensitive);
    }

    /** Order of two strings under this collation. */
    public int compare(String a, String b) {
        if (this == EXACT) {
            return a.compareTo(b);
        }
        String x = padSpace ? stripTrailingSpaces(a) : a;
        String y = padSpace ? stripTrailingSpaces(b) : b;
        if (!caseInsensitive && !ucaOrder) {
            return compareWeights(fold(x, false), fold(y, false));   // binary: code points
        }
        int c = compareWeights(fold(x, true), fold(y, true));
        if (c != 0 || caseInsensitive) {
            return c;
        }
        // case-sensitive: equal letters apart from case; MySQL's _cs collations put lower case first
        return -fold(x, false).compareTo(fold(y, false));
    }

    private int compareWeights(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(weight(cx), weight(cy));
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Boolean.compare(i < x.length(), j < y.length());
    }

    private int weight(int codePoint) {
        if (ucaOrder && codePoint < 128) {
            int rank = UCA_ASCII.indexOf(codePoint);
            return rank >= 0 ? rank : codePoint - 128;   // other control characters first
        }
        return ucaOrder ? 128 + codePoint : codePoint;
    }

    private String fold(String s, boolean foldCase) {
        String out = s;
        if (accentInsensitive && !isAscii(out)) {
            out = COMBINING_MARKS.matcher(Normalizer.normalize(out, Normalizer.Form.NFD)).replaceAll("");
        }
        return foldCase ? out.toUpperCase(Locale.ROOT) : out;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    @Override
    public String toString() {
        return name;
    }
}
