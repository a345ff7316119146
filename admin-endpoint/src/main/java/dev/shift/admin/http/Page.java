package dev.shift.admin.http;

import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.AuditPage;
import dev.shift.core.backlog.Backlog;
import dev.shift.core.flags.Flag;
import dev.shift.core.flags.Flags;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import dev.shift.core.jobs.Jobs;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.metrics.Store;
import dev.shift.core.metrics.ValidationReport;
import dev.shift.core.migration.Check;
import dev.shift.core.migration.StatementReport;
import dev.shift.core.store.InstanceStatus;

import java.time.Duration;
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
        // One line whatever the store's description (a long state-file path is cut, shown whole on hover), so the
        // buttons below never move when the header would otherwise wrap.
        String store = esc(ctx.store().describe());
        b.append("<span>instance <code>").append(esc(ctx.store().instanceId())).append("</code> ·</span>")
                .append("<span class=\"store\" title=\"").append(store).append("\">").append(store).append("</span><span>·</span>");
        if (ctx.tokens().open()) {
            b.append("<span class=\"open\" title=\"no tokens configured; loopback only\">open panel (no tokens) — acting as <b>local</b></span>");
        } else {
            b.append("<span>signed in as <b id=\"operator\">").append(esc(op.name())).append("</b> (").append(esc(op.role().wireName())).append(')')
                    .append("<form method=\"post\" action=\"/ui/logout\" class=\"inline\">").append(csrf(session))
                    .append("<button type=\"submit\" id=\"logout\" class=\"link\">Log out</button></form></span>");
        }
        b.append("</div></header><main>");
        flash(b, flash);
        current(b, s);
        Readiness ready = Readiness.of(ctx, s.flags());
        phases(b, s, session, canChange, ready);
        readiness(b, ready);
        flagsForm(b, s.flags(), session, canChange);
        b.append("<div class=\"grid\">");
        counters(b, ctx.metrics(), ctx.pendingReplays());
        instances(b, ctx.instances(), s.version());
        b.append("</div>");
        jobs(b, ctx, session, canChange);
        backlog(b, ctx, session, canChange);
        validation(b, ctx);
        statements(b, ctx.statements().get());
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

    /** The checks of the moves to the next and the previous phase (null where there is no such phase). */
    private record Readiness(Phase next, List<Check> nextChecks, Phase previous, List<Check> previousChecks) {

        static Readiness of(AdminContext ctx, Flags now) {
            Phase next = Phase.number(now.phaseNumber() + 1).orElse(null);
            Phase previous = now.phaseNumber() > 1 ? Phase.number(now.phaseNumber() - 1).orElse(null) : null;
            return new Readiness(next, next == null ? List.of() : ctx.plane().preview(next.flags()),
                    previous, previous == null ? List.of() : ctx.plane().preview(previous.flags()));
        }

        /**
         * Why the panel's button for {@code target} is disabled, or null. A move forward crosses the next phase's
         * checks, a move back the previous one's, so a failing check there blocks every button beyond it; overrides
         * of quality checks are for the API, with a reason.
         */
        String blocked(int current, int target) {
            List<Check> checks = target > current ? nextChecks : target < current ? previousChecks : List.of();
            List<String> failing = checks.stream().filter(c -> !c.ok()).map(Check::id).toList();
            return failing.isEmpty() ? null : "Not ready: " + String.join(", ", failing) + " (see Readiness below)";
        }
    }

    private static void readiness(StringBuilder b, Readiness r) {
        b.append("<section class=\"card\" id=\"readiness\" data-live><h2>Readiness <small class=\"muted\">what each move "
                + "needs, found now · <code>GET /api/migration/readiness</code></small></h2><div class=\"grid\">");
        checklist(b, "next", r.next(), r.nextChecks());
        checklist(b, "previous", r.previous(), r.previousChecks());
        b.append("</div></section>");
    }

    private static void checklist(StringBuilder b, String which, Phase target, List<Check> checks) {
        b.append("<div id=\"ready-").append(which).append("\"><h3>");
        if (target == null) {
            b.append("No ").append(which).append(" phase</h3></div>");
            return;
        }
        b.append("To phase ").append(target.number()).append(" (").append(esc(target.title())).append(")</h3>");
        if (checks.isEmpty()) {
            b.append("<p class=\"muted\">Nothing to check: this move is always safe.</p></div>");
            return;
        }
        b.append("<ul class=\"checks\">");
        for (Check c : checks) {
            b.append("<li class=\"check ").append(c.ok() ? "ok" : "bad").append("\" id=\"check-").append(which).append('-')
                    .append(esc(c.id())).append("\"><b>").append(c.ok() ? "✓" : "✗").append(' ').append(esc(c.id()))
                    .append("</b> ").append(esc(c.title())).append("<br><small>").append(esc(c.evidence()))
                    .append(!c.ok() && c.overridable() ? " (may be overridden through the API, with a reason)" : "")
                    .append("</small></li>");
        }
        b.append("</ul></div>");
    }

    private static void phases(StringBuilder b, MigrationState s, Sessions.Session session, boolean canChange,
            Readiness ready) {
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
            String blocked = ready.blocked(current, p.number());
            b.append("</div><button type=\"submit\" name=\"phase\" value=\"").append(p.number()).append("\" id=\"phase-").append(p.number())
                    .append("\" class=\"").append(here ? "current-btn" : "primary").append('"').append(disabled)
                    .append(blocked != null && disabled.isEmpty() ? " disabled title=\"" + esc(blocked) + "\"" : "").append('>')
                    .append(here ? "Current phase" : "Switch to phase " + p.number()).append("</button>");
            if (blocked != null && !here) {
                b.append("<p class=\"blocked muted\" id=\"blocked-").append(p.number()).append("\">").append(esc(blocked)).append("</p>");
            }
            b.append("</li>");
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

    private static void counters(StringBuilder b, ShiftMetrics m, long pendingReplays) {
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
                .append("</b> · writes DynamoDB may lack <b id=\"unmirrored\">").append(m.unmirrored())
                .append("</b> · backlog <b id=\"pending-replays\">").append(pendingReplays).append("</b></p></section>");
    }

    static final int BACKLOG_ROWS = 20;

    /**
     * Backfill progress and the last verify's verdict (green: 0 differences = ready for phase 4; red: the counts),
     * with the start forms. The forms sit outside the live parts so a refresh never resets what is being typed.
     */
    private static void jobs(StringBuilder b, AdminContext ctx, Sessions.Session session, boolean canChange) {
        Jobs jobs = ctx.jobs();
        java.util.Optional<Jobs.Run> backfill;
        java.util.Optional<Jobs.Run> verify;
        java.util.Optional<Jobs.Run> verdict;
        try {
            backfill = jobs.backfill();
            verify = jobs.verify();
            verdict = jobs.lastVerifyResult();
        } catch (RuntimeException e) {
            backfill = verify = verdict = java.util.Optional.empty();
        }
        String disabled = canChange && jobs.available() ? "" : " disabled";
        b.append("<section class=\"card\" id=\"jobs\"><h2>Backfill and verify <small class=\"muted\">copy the history, then prove "
                + "both stores agree before reads move to DynamoDB · <code>GET /api/migration/jobs</code></small></h2>");
        if (!jobs.available()) {
            b.append("<p class=\"muted\">No jobs on this instance: run <code>java -jar shift-agent.jar backfill|verify</code> instead.</p>");
        }
        b.append("<div class=\"grid\"><div><h3>Backfill</h3><div id=\"backfill\" data-live>");
        if (backfill.isEmpty()) {
            b.append("<p class=\"muted\" id=\"backfill-state\">No backfill run yet.</p>");
        } else {
            Jobs.Run r = backfill.get();
            runHead(b, "backfill", r);
            progress(b, "backfill", r, "rows");
            Map<String, Long> c = r.counts();
            b.append("<p class=\"muted\" id=\"backfill-counts\">rows read ").append(c.getOrDefault(Jobs.Run.ROWS_READ, 0L))
                    .append(" · items written ").append(c.getOrDefault(Jobs.Run.ITEMS_WRITTEN, 0L))
                    .append(" · held for a live change ").append(c.getOrDefault(Jobs.Run.HELD, 0L))
                    .append(" · locked rows retried ").append(c.getOrDefault(Jobs.Run.LOCK_RETRIES, 0L))
                    .append(" · re-copied ").append(c.getOrDefault(Jobs.Run.RECOPIED, 0L))
                    .append(" · deleted ").append(c.getOrDefault(Jobs.Run.DELETED, 0L))
                    .append(" · retried ").append(c.getOrDefault(Jobs.Run.RETRIED, 0L))
                    .append(" · failed ").append(c.getOrDefault(Jobs.Run.FAILED, 0L))
                    .append(" · DynamoDB capacity units read ").append(c.getOrDefault(Jobs.Run.READ_UNITS, 0L))
                    .append(", written ").append(c.getOrDefault(Jobs.Run.WRITE_UNITS, 0L)).append("</p>");
            errors(b, "backfill", r);
        }
        b.append("</div><form method=\"post\" action=\"/ui/jobs/backfill\" id=\"backfill-form\" class=\"row\">").append(csrf(session))
                .append("<label for=\"backfill-threads\">threads</label><input type=\"number\" id=\"backfill-threads\" name=\"threads\" "
                        + "value=\"4\" min=\"1\" max=\"").append(Jobs.MAX_THREADS).append("\"").append(disabled).append(">")
                .append("<label for=\"backfill-rate\">items/s (0 = unlimited)</label><input type=\"number\" id=\"backfill-rate\" "
                        + "name=\"rate\" value=\"0\" min=\"0\" step=\"any\"").append(disabled).append(">")
                .append("<label class=\"toggle\"><input type=\"checkbox\" id=\"backfill-restart\" name=\"restart\" value=\"on\"")
                .append(disabled).append("><span>restart</span></label>")
                .append("<input type=\"text\" name=\"reason\" id=\"backfill-reason\" placeholder=\"reason (optional)\" maxlength=\"")
                .append(JsonBody.MAX_REASON).append("\"").append(disabled).append(">")
                .append("<button type=\"submit\" id=\"start-backfill\" class=\"primary\"").append(disabled)
                .append(">Start backfill</button></form></div>");

        b.append("<div><h3>Verify</h3><div id=\"verify\" data-live>");
        if (verdict.isEmpty()) {
            b.append("<p id=\"verify-result\" class=\"verdict none\">No verify has finished yet: run one before switching reads "
                    + "to DynamoDB (phase 4).</p>");
        } else {
            Jobs.Run v = verdict.get();
            long diffs = v.differences().orElse(-1L);
            Map<String, Long> c = v.counts();
            String at = v.finishedAt().map(Page::when).orElse("?");
            if (diffs == 0) {
                b.append("<p id=\"verify-result\" class=\"verdict ok\"><b>0 differences</b>, ").append(at)
                        .append(" — MySQL and DynamoDB agree: ready for phase 4.</p>");
            } else {
                b.append("<p id=\"verify-result\" class=\"verdict bad\"><b>").append(diffs).append(" difference").append(diffs == 1 ? "" : "s")
                        .append("</b> (missing in DynamoDB ").append(c.getOrDefault(Jobs.Run.MISSING, 0L))
                        .append(", extra in DynamoDB ").append(c.getOrDefault(Jobs.Run.EXTRA, 0L))
                        .append(", mismatched ").append(c.getOrDefault(Jobs.Run.MISMATCH, 0L)).append("), ").append(at)
                        .append(" — not ready for phase 4.</p>");
            }
            b.append("<p class=\"muted\" id=\"verify-counts\">run ").append(v.id()).append(" by ").append(esc(v.startedBy()))
                    .append(" · rows compared ").append(c.getOrDefault(Jobs.Run.ROWS_COMPARED, 0L))
                    .append(" · items scanned ").append(c.getOrDefault(Jobs.Run.ITEMS_SCANNED, 0L));
            v.diffFile().filter(f -> diffs != 0).ifPresent(f -> b.append(" · every difference: <code id=\"verify-diff-file\">").append(esc(f))
                    .append("</code> (fix them: <code>repair --from</code> it)"));
            b.append("</p>");
        }
        if (verify.isPresent() && (verdict.isEmpty() || verify.get().id() != verdict.get().id())) {
            Jobs.Run r = verify.get();   // running, or the newest run ended without a verdict (failed)
            runHead(b, "verify", r);
            if (r.running()) {
                progress(b, "verify", r, "rows compared");
            }
            errors(b, "verify", r);
        }
        b.append("</div><form method=\"post\" action=\"/ui/jobs/verify\" id=\"verify-form\" class=\"row\">").append(csrf(session))
                .append("<label for=\"verify-threads\">threads</label><input type=\"number\" id=\"verify-threads\" name=\"threads\" "
                        + "value=\"4\" min=\"1\" max=\"").append(Jobs.MAX_THREADS).append("\"").append(disabled).append(">")
                .append("<label class=\"toggle\" title=\"compare everything again instead of resuming an unfinished verify\">"
                        + "<input type=\"checkbox\" id=\"verify-restart\" name=\"restart\" value=\"on\"")
                .append(disabled).append("><span>restart</span></label>")
                .append("<input type=\"text\" name=\"reason\" id=\"verify-reason\" placeholder=\"reason (optional)\" maxlength=\"")
                .append(JsonBody.MAX_REASON).append("\"").append(disabled).append(">")
                .append("<button type=\"submit\" id=\"start-verify\" class=\"primary\"").append(disabled)
                .append(">Start verify</button></form></div></div></section>");
    }

    private static void runHead(StringBuilder b, String kind, Jobs.Run r) {
        b.append("<p>run ").append(r.id()).append(" <b id=\"").append(kind).append("-state\" class=\"run ").append(r.state().wireName())
                .append("\">").append(r.state().wireName()).append("</b> · started by ").append(esc(r.startedBy())).append(' ')
                .append(when(r.startedAt()));
        r.finishedAt().ifPresent(f -> b.append(" · finished ").append(when(f)));
        b.append("</p>");
    }

    private static void progress(StringBuilder b, String kind, Jobs.Run r, String unit) {
        Jobs.Progress p = r.progress();
        b.append("<progress id=\"").append(kind).append("-progress\" max=\"").append(Math.max(1, p.total())).append("\" value=\"")
                .append(Math.min(p.done(), Math.max(1, p.total()))).append("\"></progress><p><b id=\"").append(kind).append("-done\">")
                .append(p.done()).append("</b> / <b id=\"").append(kind).append("-total\">").append(p.total()).append("</b> ").append(unit)
                .append(p.percent().map(x -> " (" + Views.number(x) + " %)").orElse(""))
                .append(" · ").append(Math.round(p.ratePerSecond())).append(" rows/s")
                .append(p.eta().map(e -> " · ETA " + duration(e)).orElse("")).append("</p>");
    }

    private static void errors(StringBuilder b, String kind, Jobs.Run r) {
        if (r.errors().isEmpty()) {
            return;
        }
        b.append("<ul class=\"errors\" id=\"").append(kind).append("-errors\">");
        r.errors().stream().limit(5).forEach(e -> b.append("<li>").append(esc(e)).append("</li>"));
        if (r.errors().size() > 5) {
            b.append("<li>… ").append(r.errors().size() - 5).append(" more (GET /api/migration/jobs)</li>");
        }
        b.append("</ul>");
    }

    /**
     * The changes MySQL committed that DynamoDB has not taken yet: how many, how old, the oldest entries with
     * retry / discard buttons.
     */
    private static void backlog(StringBuilder b, AdminContext ctx, Sessions.Session session, boolean canChange) {
        b.append("<section class=\"card\" id=\"backlog\" data-live><h2>Backlog <small class=\"muted\">changes MySQL committed that "
                + "DynamoDB has not taken yet · <code>GET /api/migration/backlog</code></small></h2>");
        Backlog.Summary summary;
        List<Backlog.Entry> entries;
        try {
            summary = ctx.backlog().summary();
            entries = ctx.backlog().list(BACKLOG_ROWS);
        } catch (RuntimeException e) {
            b.append("<p class=\"muted\" id=\"backlog-pending\">The backlog cannot be read right now; try again shortly.</p></section>");
            return;
        }
        Instant now = Instant.now();
        b.append("<p>pending <b id=\"backlog-pending\">").append(summary.pending()).append("</b> · oldest <b id=\"backlog-oldest\">")
                .append(summary.oldestAge().map(Page::duration).orElse("–")).append("</b>");
        ctx.reverseSummary().filter(r -> !r.caughtUp() || !ctx.control().flags().writeMysql()).ifPresent(r -> b
                .append(" · to MySQL (reverse sync) <b id=\"reverse-pending\">").append(r.pending()).append("</b>")
                .append(r.idsBehind().isEmpty() ? "" : " <span class=\"muted\" id=\"reverse-ids\">"
                        + esc(String.join("; ", r.idsBehind())) + "</span>")
                .append(r.lastError().map(e -> " <span class=\"muted\" id=\"reverse-error\">last copy failed: "
                        + esc(e) + "</span>").orElse("")));
        if (summary.pending() > entries.size()) {
            b.append(" <span class=\"muted\">(the oldest ").append(entries.size()).append(" shown)</span>");
        }
        b.append("</p><table id=\"backlog-entries\"><thead><tr><th>id</th><th>recorded</th><th>rows</th><th>attempts</th>"
                + "<th>last error</th><th></th></tr></thead><tbody>");
        if (entries.isEmpty()) {
            b.append("<tr class=\"empty\"><td colspan=\"6\">Nothing waiting: DynamoDB has every change.</td></tr>");
        }
        String disabled = canChange ? "" : " disabled";
        for (Backlog.Entry e : entries) {
            b.append("<tr id=\"backlog-").append(e.id()).append("\"><td>").append(e.id()).append("</td><td>").append(when(e.recordedAt()))
                    .append(" <small class=\"muted\">(").append(duration(Duration.between(e.recordedAt(), now))).append(" ago)</small></td><td>");
            e.scope().forEach(x -> b.append("<code>").append(esc(x)).append("</code><br>"));
            b.append("</td><td>").append(e.attempts()).append("</td><td>").append(esc(e.lastError() == null ? "" : e.lastError()))
                    .append("</td><td><form method=\"post\" action=\"/ui/backlog/retry\" class=\"row\">").append(csrf(session))
                    .append("<input type=\"hidden\" name=\"id\" value=\"").append(e.id()).append("\">")
                    .append("<input type=\"text\" name=\"reason\" placeholder=\"reason (optional)\" class=\"short\" maxlength=\"")
                    .append(JsonBody.MAX_REASON).append("\"").append(disabled).append(">")
                    .append("<button type=\"submit\" id=\"retry-").append(e.id()).append("\" class=\"primary\"").append(disabled)
                    .append(">Retry</button><button type=\"submit\" id=\"discard-").append(e.id())
                    .append("\" formaction=\"/ui/backlog/discard\" class=\"danger\"").append(disabled)
                    .append(" title=\"forget it without copying (e.g. after a repair)\">Discard</button></form></td></tr>");
        }
        b.append("</tbody></table></section>");
    }

    /** "42 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
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

    static final int STATEMENT_ROWS = 50;

    /** The statements on migrated tables seen, those DynamoDB cannot answer first (they would fail in phases 4-5). */
    private static void statements(StringBuilder b, StatementReport r) {
        List<StatementReport.Statement> list = new java.util.ArrayList<>(r.statements());
        list.sort(java.util.Comparator.comparing(StatementReport.Statement::answerable));
        long refused = list.stream().filter(x -> !x.answerable()).count();
        b.append("<section class=\"card\" id=\"statements\" data-live><h2>Statements <small class=\"muted\">the application's SQL on "
                + "migrated tables · full list: <code>GET /api/migration/statements</code></small></h2><p>distinct <b id=\"statements-distinct\">")
                .append(list.size()).append("</b> · DynamoDB cannot answer <b id=\"statements-refusable\">").append(refused)
                .append("</b>").append(r.notListed() > 0 ? " · not listed " + r.notListed() : "").append("</p>");
        if (list.isEmpty()) {
            b.append("<p class=\"muted\">None seen yet.</p></section>");
            return;
        }
        b.append("<table><thead><tr><th>statement</th><th>kind</th><th>count</th><th>DynamoDB</th></tr></thead><tbody>");
        for (StatementReport.Statement st : list.subList(0, Math.min(STATEMENT_ROWS, list.size()))) {
            b.append("<tr class=\"statement\"><td><code>").append(esc(st.sql())).append("</code></td><td>").append(st.kind())
                    .append("</td><td>").append(st.count()).append("</td><td>")
                    .append(st.answerable() ? "<span class=\"ok\">✓ answers</span>" : "<span class=\"bad\">✗ " + esc(st.reason()) + "</span>")
                    .append("</td></tr>");
        }
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
                default -> {
                    if (dev.shift.core.audit.ChangeLog.isBidiControl(c)) {
                        b.append(String.format("\\u%04X", (int) c));   // shown, never applied to the page's text
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
