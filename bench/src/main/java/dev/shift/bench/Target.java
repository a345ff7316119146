package dev.shift.bench;

import java.util.Locale;

/** A goal from issue 8 for one row of the results, checked against the measured values. */
public sealed interface Target {

    /** Whether Shift's value (and the baseline's) meet it; null when there is nothing to check. */
    Boolean met(double shift, double baseline);

    String describe();

    /** No goal: reported for information. */
    record None() implements Target {
        public Boolean met(double shift, double baseline) {
            return null;
        }

        public String describe() {
            return "—";
        }
    }

    /** shift / baseline ≥ min (throughput-like figures). */
    record RatioAtLeast(double min) implements Target {
        public Boolean met(double shift, double baseline) {
            return Double.isFinite(shift / baseline) ? shift / baseline >= min : null;
        }

        public String describe() {
            return String.format(Locale.ROOT, "≥ %.2f×", min);
        }
    }

    /** shift / baseline ≤ max (latency-like figures). */
    record RatioAtMost(double max) implements Target {
        public Boolean met(double shift, double baseline) {
            return Double.isFinite(shift / baseline) ? shift / baseline <= max : null;
        }

        public String describe() {
            return String.format(Locale.ROOT, "≤ %.2f×", max);
        }
    }

    /** shift − baseline ≤ max, in the row's unit. */
    record ExtraAtMost(double max, String unit) implements Target {
        public Boolean met(double shift, double baseline) {
            return Double.isFinite(shift - baseline) ? shift - baseline <= max : null;
        }

        public String describe() {
            return "≤ +" + Report.number(max) + " " + unit;
        }
    }

    /** shift ≤ max, in the row's unit (an absolute budget). */
    record AtMost(double max, String unit) implements Target {
        public Boolean met(double shift, double baseline) {
            return Double.isFinite(shift) ? shift <= max : null;
        }

        public String describe() {
            return "≤ " + Report.number(max) + " " + unit;
        }
    }

    static Target none() {
        return new None();
    }

    static Target ratioAtLeast(double min) {
        return new RatioAtLeast(min);
    }

    static Target ratioAtMost(double max) {
        return new RatioAtMost(max);
    }

    static Target extraAtMost(double max, String unit) {
        return new ExtraAtMost(max, unit);
    }

    static Target atMost(double max, String unit) {
        return new AtMost(max, unit);
    }
}
