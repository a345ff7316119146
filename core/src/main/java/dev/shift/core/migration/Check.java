package dev.shift.core.migration;

/**
 * One condition of a phase move, with what was found.
 *
 * @param id          stable name, e.g. {@code verify-zero}; what an override names
 * @param title       what must hold, for people
 * @param ok          whether it holds now
 * @param evidence    what was found and when, or what to do next when it does not hold
 * @param overridable true for checks about the quality of evidence (shadow coverage, statements that would fail);
 *                    false for checks whose failure loses or hides data
 */
public record Check(String id, String title, boolean ok, String evidence, boolean overridable) {

    static Check pass(String id, String title, String evidence, boolean overridable) {
        return new Check(id, title, true, evidence, overridable);
    }

    static Check fail(String id, String title, String evidence, boolean overridable) {
        return new Check(id, title, false, evidence, overridable);
    }

    /** "✗ verify-zero: a verify with 0 differences … — no verify since …" */
    public String describe() {
        return (ok ? "ok " : "FAILED ") + id + " (" + title + "): " + evidence
                + (!ok && overridable ? " [may be overridden with a reason]" : "");
    }
}
