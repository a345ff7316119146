package dev.shift.admin.http;

import dev.shift.core.audit.Action;
import dev.shift.core.jobs.Jobs;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The panel's forms for operator actions that change no flag: POST /ui/jobs/backfill (threads, rate, restart,
 * reason), /ui/jobs/verify (threads, restart, reason), /ui/backlog/retry and /ui/backlog/discard (id, reason). Same steps as
 * the flag forms: session + CSRF, role, act, flash, 303 back to the panel; a refusal (bad field, already running,
 * unknown entry, store refused) becomes a red flash, never a half-done action.
 */
final class UiActionHandler implements HttpHandler {

    /** Does the form's action as {@code operator}; returns what was done, for the flash. */
    private interface Act {
        String act(AdminContext ctx, Forms form, String operator, String reason);
    }

    private final AdminContext ctx;
    private final Act act;

    private UiActionHandler(AdminContext ctx, Act act) {
        this.ctx = ctx;
        this.act = act;
    }

    static UiActionHandler startBackfill(AdminContext ctx) {
        return new UiActionHandler(ctx, (c, form, operator, reason) -> {
            int threads = intField(form, "threads", 4, 1, Jobs.MAX_THREADS);
            double rate = numberField(form, "rate", 0, Jobs.MAX_RATE);
            return JobStartHandler.startBackfill(c, new Jobs.BackfillOptions(threads, rate, form.checked("restart")), operator, reason)
                    .message();
        });
    }

    static UiActionHandler startVerify(AdminContext ctx) {
        return new UiActionHandler(ctx, (c, form, operator, reason) -> JobStartHandler.startVerify(c,
                new Jobs.VerifyOptions(intField(form, "threads", 4, 1, Jobs.MAX_THREADS), form.checked("restart")), operator, reason)
                .message());
    }

    static UiActionHandler backlogRetry(AdminContext ctx) {
        return new UiActionHandler(ctx, (c, form, operator, reason) -> BacklogActionHandler.act(c, Action.BACKLOG_RETRY,
                BacklogActionHandler.parseId(form.get("id").orElse("")), operator, reason).message());
    }

    static UiActionHandler backlogDiscard(AdminContext ctx) {
        return new UiActionHandler(ctx, (c, form, operator, reason) -> BacklogActionHandler.act(c, Action.BACKLOG_DISCARD,
                BacklogActionHandler.parseId(form.get("id").orElse("")), operator, reason).message());
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Forms form = Forms.read(exchange, ctx.bodyLimit());
        Sessions.Session session = UiChecks.sessionWithCsrf(exchange, ctx, form);
        Operator operator = session.operator;
        if (operator == null) {
            session.flash = new Sessions.Flash(false, "Please log in with your token first.");
        } else if (!operator.mayChange()) {
            session.flash = new Sessions.Flash(false, "Refused: " + operator.name() + " has a read-only token; nothing was done.");
        } else {
            try {
                String done = act.act(ctx, form, operator.name(), form.reason().orElse(""));
                session.flash = new Sessions.Flash(true, "Done: " + done + ".");
            } catch (HttpProblem p) {
                if (p.status() == 500) {
                    throw p;
                }
                session.flash = new Sessions.Flash(false, "Refused: " + p.getMessage() + ".");
            }
        }
        Responses.redirectHome(exchange);
    }

    private static int intField(Forms form, String name, int dflt, int min, int max) {
        String raw = form.get(name).map(String::strip).orElse("");
        if (raw.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpProblem.badRequest(name + " must be an integer from " + min + " to " + max + ", got \"" + abbreviate(raw) + "\"");
    }

    private static double numberField(Forms form, String name, double min, double max) {
        String raw = form.get(name).map(String::strip).orElse("");
        if (raw.isEmpty()) {
            return min;
        }
        try {
            double v = Double.parseDouble(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw HttpProblem.badRequest(name + " must be a number from " + Views.number(min) + " (unlimited) to " + Views.number(max)
                + " items per second, got \"" + abbreviate(raw) + "\"");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
