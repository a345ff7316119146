package dev.shift.admin.http;

import dev.shift.admin.audit.AuditEntry;
import dev.shift.admin.audit.AuditPage;
import dev.shift.admin.flags.Flag;
import dev.shift.admin.flags.Flags;
import dev.shift.admin.flags.MigrationState;
import dev.shift.admin.flags.Phase;
import dev.shift.admin.metrics.ShiftMetrics;
import dev.shift.admin.metrics.Store;
import dev.shift.admin.metrics.ValidationReport;
import dev.shift.admin.store.InstanceStatus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control panel as server-rendered HTML: plain forms that work without JavaScript (a small
 * script only refreshes the live parts). Every value from outside is escaped. Element ids are a
 * contract with the browser tests: #phase-number, #phase-name, #flag-&lt;FLAG&gt;, #phase-1..5,
 * #rollback, #audit, #flash, #token, #login.
 */
final class Page {

    static final int AUDIT_ROWS = 25;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Page() {
    }

    static String panel(AdminContext ctx, Sessions.Session session, Optional<Sessions.Flash> flash) {
        MigrationState s = ctx.control().state();
        Operator op = session.operator;
        boolean canChange = op.mayChange();
        StringBuilder b = new StringBuilder(16_384);
        head(b, "Shift — migration control");
        b.append("<header class=\"top\"><div class=\"brand\">Shift <span>migration control</span></div><div class=\"who\">");
        b.append("instance <code>").append(esc(ctx.store().instanceId())).append("</code> · ")
                .append(esc(ctx.store().describe())).append(" · ");
        if (ctx.tokens().open()) {
            b.append("<span class=\"open\" title=\"no tokens configured; loopback only\">open panel (no tokens) — acting as <b>local</b></span>");
        } else {
            b.append("signed in as <b id=\"operator\">").append(esc(op.name())).append("</b> (").append(esc(op.role().wireName())).append(')')
                    .append("<form method=\"post\" action=\"/ui/logout\" class=\"inline\">").append(csrf(session))
                    .append("<button type=\"submit\" id=\"logout\" class=\"link\">Log out</button></form>");
        }
        b.append("</div></header><main>");
        flash(b, flash);
        current(b, s);
        phases(b, s, session, canChange);
        flagsForm(b, s.flags(), session, canChange);
        b.append("<div class=\"grid\">");
        counters(b, ctx.metrics());
        instances(b, ctx.instances(), s.version());
        b.append("</div>");
        validation(b, ctx);
        try {
            audit(b, ctx.store().audit(AUDIT_ROWS, 0));
        } catch (RuntimeException e) {
            // The phase matters more than the trail: show the page, say the trail is unreachable.
            b.append("<section class=\"card\" id=\"audit-section\"><h2>Audit trail</h2><p class=\"muted\">")
                    .append(esc(ctx.store().describe())).append(" cannot be read right now; try again shortly.</p></section>");
        }
        b.append("</main>");
        tail(b);
        return b.toString();
    }

    static String login(String csrf, Optional<Sessions.Flash> flash) {
        StringBuilder b = new StringBuilder(4096);
        head(b, "Shift — log in");
        b.append("<header class=\"top\"><div class=\"brand\">Shift <span>migration control</span></div></header><main class=\"narrow\">");
        flash(b, flash);
        b.append("<section class=\"card\"><h1>Log in</h1><p class=\"muted\">Paste the bearer token configured for you in the agent's "
                + "<code>admin.tokens</code>. It is checked once and not stored in your browser; a session cookie is.</p>")
                .append("<form method=\"post\" action=\"/ui/login\" class=\"stack\">")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">")
                .append("<label for=\"token\">Token</label><input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required autofocus>")
                .append("<button type=\"submit\" id=\"login\" class=\"primary\">Log in</button></form></section></main>");
        tail(b);
        return b.toString();
    }

    static String error(int status, String message) {
        StringBuilder b = new StringBuilder(2048);
        head(b, "Shift — " + status);
        b.append("<header class=\"top\"><div class=\"brand\">Shift <span>migration control</span></div></header><main class=\"narrow\">")
                .append("<section class=\"card\"><h1>").append(status).append("</h1><p id=\"error\">").append(esc(message))
                .append("</p><p><a href=\"/\">Back to the panel</a></p></section></main>");
        tail(b);
        return b.toString();
    }

    private static void head(StringBuilder b, String title) {
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><link rel=\"stylesheet\" href=\"/ui/panel.css\"></head><body>");
    }

    private static void tail(StringBuilder b) {
        b.append("<script src=\"/ui/panel.js\" defer></script></body></html>");
    }

    private static void flash(StringBuilder b, Optional<Sessions.Flash> flash) {
        flash.ifPresent(f -> b.append("<div id=\"flash\" role=\"status\" class=\"flash ").append(f.ok() ? "ok" : "error").append("\">")
                .append(esc(f.text())).append("</div>"));
    }

    private static void current(StringBuilder b, MigrationState s) {
        Optional<Phase> p = s.flags().phase();
        b.append("<section class=\"card current\" id=\"current\" data-live><div class=\"badge\"><small>phase</small><span id=\"phase-number\">")
                .append(s.flags().phaseNumber()).append("</span></div><div class=\"what\"><h1 id=\"phase-name\">")
                .append(esc(p.map(Phase::title).orElse("custom"))).append("</h1><p>")
                .append(esc(p.map(Phase::description).orElse("A combination of flags that is not one of the five phases."))).append("</p>")
                .append("<p class=\"muted\">version <b id=\"version\">").append(s.version()).append("</b> · since ")
                .append(when(s.since())).append(" · by <b id=\"changed-by\">").append(esc(s.changedBy()))
                .append("</b></p><ul class=\"flags\">");
        for (Flag f : Flag.values()) {
            boolean on = f.in(s.flags());
            b.append("<li><span class=\"name\">").append(f.name()).append("</span><span id=\"flag-").append(f.name())
                    .append("\" class=\"state ").append(on ? "on" : "off").append("\">").append(on ? "on" : "off").append("</span></li>");
        }
        b.append("</ul></div></section>");
    }

    private static void phases(StringBuilder b, MigrationState s, Sessions.Session session, boolean canChange) {
        int current = s.flags().phaseNumber();
        String disabled = canChange ? "" : " disabled";
        b.append("<section class=\"card\"><h2>Phases</h2>");
        if (!canChange) {
            b.append("<p class=\"muted\">Your token is read-only: you can watch, not change.</p>");
        }
        b.append("<form method=\"post\" action=\"/ui/phase\" id=\"phase-form\">").append(csrf(session))
                .append("<ol class=\"phases\" id=\"phases\" data-live>");
        for (Phase p : Phase.values()) {
            boolean here = p.number() == current;
            b.append("<li class=\"phase").append(here ? " is-current" : "").append("\"><div class=\"num\">").append(p.number())
                    .append("</div><h3>").append(esc(p.title())).append("</h3><p>").append(esc(p.description())).append("</p>")
                    .append("<div class=\"chips\">");
            for (Flag f : Flag.values()) {
                b.append("<span class=\"chip ").append(f.in(p.flags()) ? "on" : "off").append("\">").append(f.name()).append("</span>");
            }
            b.append("</div><button type=\"submit\" name=\"phase\" value=\"").append(p.number()).append("\" id=\"phase-").append(p.number())
                    .append("\" class=\"").append(here ? "current-btn" : "primary").append('"').append(disabled).append('>')
                    .append(here ? "Current phase" : "Switch to phase " + p.number()).append("</button></li>");
        }
        b.append("</ol><div class=\"row\"><label for=\"phase-reason\">Reason (optional, goes to the audit trail)</label>")
                .append("<input type=\"text\" id=\"phase-reason\" name=\"reason\" maxlength=\"").append(JsonBody.MAX_REASON).append("\"")
                .append(disabled).append("><button type=\"submit\" id=\"rollback\" formaction=\"/ui/rollback\" class=\"danger\"")
                .append(disabled).append(">Roll back one phase</button></div></form></section>");
    }

    private static void flagsForm(StringBuilder b, Flags flags, Sessions.Session session, boolean canChange) {
        String disabled = canChange ? "" : " disabled";
        b.append("<section class=\"card\"><h2>Flags</h2><p class=\"muted\">Set the four switches directly. Combinations that would lose "
                + "writes or read stale data are refused with the reason; today that leaves exactly the five phases.</p>")
                .append("<form method=\"post\" action=\"/ui/flags\" id=\"flags-form\" class=\"toggles\">").append(csrf(session));
        for (Flag f : Flag.values()) {
            b.append("<label class=\"toggle\"><input type=\"checkbox\" id=\"toggle-").append(f.name()).append("\" name=\"").append(f.name())
                    .append("\" value=\"on\"").append(f.in(flags) ? " checked" : "").append(disabled).append("><span>").append(f.name())
                    .append("</span></label>");
        }
        b.append("<input type=\"text\" name=\"reason\" id=\"flags-reason\" placeholder=\"reason (optional)\" maxlength=\"")
                .append(JsonBody.MAX_REASON).append("\"").append(disabled).append("><button type=\"submit\" id=\"apply-flags\" class=\"primary\"")
                .append(disabled).append(">Apply flags</button></form></section>");
    }

    private static void counters(StringBuilder b, ShiftMetrics m) {
        b.append("<section class=\"card\" id=\"counters\" data-live><h2>Counters</h2><table><thead><tr><th>store</th><th>reads</th>"
                + "<th>writes</th><th>errors</th><th>mean read</th><th>mean write</th></tr></thead><tbody>");
        for (Store st : Store.values()) {
            b.append("<tr><td>").append(st == Store.MYSQL ? "MySQL" : "DynamoDB").append("</td><td id=\"reads-").append(st.name()).append("\">")
                    .append(m.reads(st)).append("</td><td id=\"writes-").append(st.name()).append("\">").append(m.writes(st))
                    .append("</td><td id=\"errors-").append(st.name()).append("\">").append(m.errors(st)).append("</td><td>")
                    .append(ms(Views.meanMillis(m.readNanos(st), m.timedReads(st)))).append("</td><td>")
                    .append(ms(Views.meanMillis(m.writeNanos(st), m.timedWrites(st)))).append("</td></tr>");
        }
        b.append("</tbody></table><p class=\"muted\">untranslated statements <b id=\"untranslated\">").append(m.untranslated())
                .append("</b> · pending replays <b id=\"pending-replays\">").append(Views.pendingReplays(m)).append("</b></p></section>");
    }

    /** The shadow reads of phase 3: the figures an operator needs before phase 4, and the latest mismatches. */
    private static void validation(StringBuilder b, AdminContext ctx) {
        ValidationReport r;
        try {
            r = ctx.validation().get();
        } catch (RuntimeException e) {
            r = ValidationReport.disabled();
        }
        b.append("<section class=\"card\" id=\"validation\" data-live><h2>Shadow reads <small class=\"muted\">phase 3 · full report: "
                + "<code>GET /api/migration/validation</code></small></h2>");
        if (!r.enabled()) {
            b.append("<p class=\"muted\">Not compared on this instance.</p></section>");
            return;
        }
        b.append("<p>compared <b id=\"validation-compared\">").append(r.compared()).append("</b> · matched <b id=\"validation-matched\">")
                .append(r.matched()).append("</b> · mismatches <b id=\"validation-mismatches\">").append(r.mismatches())
                .append("</b> · skipped <b id=\"validation-skipped\">").append(r.skipped()).append("</b> · DynamoDB errors <b id=\"validation-errors\">")
                .append(r.errors()).append("</b> · sampling ").append(r.samplePercent()).append(" %</p>");
        if (!r.byTable().isEmpty()) {
            b.append("<table id=\"validation-tables\"><thead><tr><th>table</th><th>compared</th><th>mismatches</th><th>errors</th></tr></thead><tbody>");
            r.byTable().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> b.append("<tr><td>").append(esc(e.getKey()))
                    .append("</td><td>").append(e.getValue().compared()).append("</td><td>").append(e.getValue().mismatches())
                    .append("</td><td>").append(e.getValue().errors()).append("</td></tr>"));
            b.append("</tbody></table>");
        }
        b.append("<table id=\"validation-recent\"><thead><tr><th>when</th><th>table</th><th>statement</th><th>what differed</th></tr></thead><tbody>");
        if (r.recent().isEmpty()) {
            b.append("<tr class=\"empty\"><td colspan=\"4\">No mismatches.</td></tr>");
        }
        r.recent().stream().limit(10).forEach(x -> b.append("<tr><td>").append(when(x.at())).append("</td><td>").append(esc(x.table()))
                .append("</td><td><code>").append(esc(x.sql())).append("</code> ").append(esc(x.parameters().toString()))
                .append("</td><td>").append(esc(x.detail())).append("</td></tr>"));
        b.append("</tbody></table></section>");
    }

    private static void instances(StringBuilder b, List<InstanceStatus> list, long version) {
        b.append("<section class=\"card\" id=\"instances\" data-live><h2>Instances</h2><table><thead><tr><th>instance</th>"
                + "<th>applied version</th><th>last seen</th></tr></thead><tbody>");
        for (InstanceStatus i : list) {
            String cls = i.stale() ? "stale" : i.appliedVersion() == version ? "in-step" : "behind";
            b.append("<tr class=\"").append(cls).append("\"><td><code>").append(esc(i.instanceId())).append("</code>")
                    .append(i.self() ? " <small>(this one)</small>" : "").append("</td><td>").append(i.appliedVersion())
                    .append(i.appliedVersion() == version ? " ✓" : " (behind)").append("</td><td>")
                    .append(i.stale() ? "stale · " : "").append(when(i.lastSeen())).append("</td></tr>");
        }
        b.append("</tbody></table></section>");
    }

    private static void audit(StringBuilder b, AuditPage page) {
        b.append("<section class=\"card\" id=\"audit-section\" data-live><h2>Audit trail <small class=\"muted\">newest first, ")
                .append(page.entries().size()).append(" of ").append(page.total())
                .append(" · full trail: <code>GET /api/migration/audit</code></small></h2><table id=\"audit\"><thead><tr><th>when</th>"
                        + "<th>who</th><th>action</th><th>before → after</th><th>version</th><th>reason</th><th>flags after</th></tr></thead><tbody>");
        if (page.entries().isEmpty()) {
            b.append("<tr class=\"empty\"><td colspan=\"7\">No changes yet.</td></tr>");
        }
        for (AuditEntry e : page.entries()) {
            b.append("<tr><td>").append(when(e.at())).append("</td><td>").append(esc(e.operator()))
                    .append("</td><td>").append(e.action().wireName()).append("</td><td>").append(esc(e.summary()))
                    .append("</td><td>").append(e.version()).append("</td><td>").append(esc(e.reason()))
                    .append("</td><td class=\"flags-after\">").append(esc(e.after().toString())).append("</td></tr>");
        }
        b.append("</tbody></table></section>");
    }

    /** Seconds are enough for people; the exact instant stays in the datetime attribute and the API. */
    private static String when(Instant at) {
        return "<time datetime=\"" + at + "\">" + WHEN.format(at) + "</time>";
    }

    private static String csrf(Sessions.Session s) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(s.csrf) + "\">";
    }

    private static String ms(Double v) {
        return v == null ? "–" : v + " ms";
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
