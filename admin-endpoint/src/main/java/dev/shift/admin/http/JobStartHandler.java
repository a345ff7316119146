package dev.shift.admin.http;

import dev.shift.core.audit.Action;
import dev.shift.core.audit.AuditEntry;
import dev.shift.core.audit.AuditJson;
import dev.shift.core.jobs.JobConflictException;
import dev.shift.core.jobs.Jobs;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * POST /api/migration/jobs/backfill {"threads"?: 1..64, "rate"?: items/s (0 = unlimited), "restart"?: bool, "reason"?}
 * and POST /api/migration/jobs/verify {"threads"?: 1..64, "restart"?: bool, "reason"?}: starts the run in the background,
 * 202 with the run; 409 while one of that kind runs. The start is audited.
 */
final class JobStartHandler implements HttpHandler {

    static final String BACKFILL_EXAMPLE = "{\"threads\": 4, \"rate\": 2000, \"restart\": false, \"reason\": \"optional text\"}";
    static final String VERIFY_EXAMPLE = "{\"threads\": 4, \"restart\": false, \"reason\": \"optional text\"}";

    private final AdminContext ctx;
    private final Jobs.Kind kind;

    private JobStartHandler(AdminContext ctx, Jobs.Kind kind) {
        this.ctx = ctx;
        this.kind = kind;
    }

    static JobStartHandler backfill(AdminContext ctx) {
        return new JobStartHandler(ctx, Jobs.Kind.BACKFILL);
    }

    static JobStartHandler verify(AdminContext ctx) {
        return new JobStartHandler(ctx, Jobs.Kind.VERIFY);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getQueryParameters().isEmpty()) {
            throw HttpProblem.badRequest("unknown query parameter \"" + exchange.getQueryParameters().keySet().iterator().next()
                    + "\"; the options go in the JSON body, e.g. " + (kind == Jobs.Kind.BACKFILL ? BACKFILL_EXAMPLE : VERIFY_EXAMPLE));
        }
        JsonBody body = kind == Jobs.Kind.BACKFILL
                ? ApiChange.body(exchange, ctx.bodyLimit(), BACKFILL_EXAMPLE, "threads", "rate", "restart", "reason")
                : ApiChange.body(exchange, ctx.bodyLimit(), VERIFY_EXAMPLE, "threads", "restart", "reason");
        int threads = body.optionalInt("threads", 4, 1, Jobs.MAX_THREADS);
        Optional<String> reason = body.optionalReason();
        boolean restart = body.optionalBoolean("restart", false);
        Started s;
        if (kind == Jobs.Kind.BACKFILL) {
            double rate = body.optionalNumber("rate", 0, 0, Jobs.MAX_RATE, "0 (unlimited) to " + (long) Jobs.MAX_RATE + " items per second");
            s = startBackfill(ctx, new Jobs.BackfillOptions(threads, rate, restart), ApiChange.operator(exchange).name(), reason.orElse(""));
        } else {
            s = startVerify(ctx, new Jobs.VerifyOptions(threads, restart), ApiChange.operator(exchange).name(), reason.orElse(""));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", true);
        m.put("message", s.message());
        m.put("run", Views.run(s.run()));
        m.put("audit", AuditJson.toMap(s.audit()));
        Responses.json(exchange, 202, m);
    }

    record Started(Jobs.Run run, AuditEntry audit, String message) {
    }

    static Started startBackfill(AdminContext ctx, Jobs.BackfillOptions o, String operator, String reason) {
        Jobs.Run run = start(ctx, Jobs.Kind.BACKFILL, () -> ctx.jobs().startBackfill(o, operator));
        String what = "started backfill run " + run.id() + " (threads " + o.threads() + ", rate "
                + (o.rate() == 0 ? "unlimited" : Views.number(o.rate()) + " items/s") + (o.restart() ? ", restart from scratch" : "") + ")";
        return new Started(run, ctx.plane().record(Action.BACKFILL, operator, reason, what), what);
    }

    static Started startVerify(AdminContext ctx, Jobs.VerifyOptions o, String operator, String reason) {
        Jobs.Run run = start(ctx, Jobs.Kind.VERIFY, () -> ctx.jobs().startVerify(o, operator));
        String what = "started verify run " + run.id() + " (threads " + o.threads() + (o.restart() ? ", restart from scratch" : "") + ")";
        return new Started(run, ctx.plane().record(Action.VERIFY, operator, reason, what), what);
    }

    private interface Start {
        Jobs.Run start() throws JobConflictException;
    }

    private static Jobs.Run start(AdminContext ctx, Jobs.Kind kind, Start start) {
        if (!ctx.jobs().available()) {
            throw new HttpProblem(503, "unavailable", kind.wireName() + " cannot be started on this instance: the agent "
                    + "behind this admin port has no jobs configured");
        }
        try {
            return start.start();
        } catch (JobConflictException e) {
            throw new HttpProblem(409, "conflict", e.getMessage());
        } catch (IllegalStateException e) {
            throw new HttpProblem(503, "unavailable", kind.wireName() + " cannot be started now: " + e.getMessage());
        }
    }
}
