package dev.shift.admin.http;

import dev.shift.core.flags.Flags;
import dev.shift.core.flags.Phase;
import dev.shift.core.migration.Check;
import dev.shift.core.migration.TransitionGates;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GET /api/migration/readiness: for the next and the previous phase, whether the move would be taken now and every
 * check it needs, with the evidence found (the same checks a move runs; the panel shows them as a checklist).
 */
final class ReadinessHandler implements HttpHandler {

    private final AdminContext ctx;

    ReadinessHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Responses.json(exchange, 200, readiness(ctx));
    }

    static Map<String, Object> readiness(AdminContext ctx) {
        Flags now = ctx.control().flags();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", now.phaseNumber());
        m.put("next", move(ctx, Phase.number(now.phaseNumber() + 1)));
        m.put("previous", move(ctx, now.phaseNumber() > 1 ? Phase.number(now.phaseNumber() - 1) : Optional.empty()));
        return m;
    }

    private static Map<String, Object> move(AdminContext ctx, Optional<Phase> target) {
        if (target.isEmpty()) {
            return null;
        }
        List<Check> checks = ctx.plane().preview(target.get().flags());
        List<Check> blocking = TransitionGates.blocking(checks, List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", target.get().number());
        m.put("name", target.get().title());
        m.put("allowed", blocking.isEmpty());
        m.put("allowedWithOverrides", blocking.stream().allMatch(Check::overridable));
        m.put("checks", Views.checks(checks));
        return m;
    }
}
