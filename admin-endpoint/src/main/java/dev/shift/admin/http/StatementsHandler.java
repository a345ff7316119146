package dev.shift.admin.http;

import dev.shift.core.migration.StatementReport;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /api/migration/statements: every distinct statement on migrated tables seen since start, most frequent first,
 * with where it went and whether DynamoDB can answer it (and if not, why). In phase 1 it lists, before anything
 * depends on it, what would fail once MySQL is no longer read or written.
 */
final class StatementsHandler implements HttpHandler {

    private final AdminContext ctx;

    StatementsHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Responses.json(exchange, 200, view(ctx.statements().get()));
    }

    static Map<String, Object> view(StatementReport r) {
        List<Object> list = new ArrayList<>(r.statements().size());
        long refusable = 0;
        for (StatementReport.Statement s : r.statements()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sql", s.sql());
            m.put("table", s.table());
            m.put("kind", s.kind());
            m.put("answerableFromDynamoDb", s.answerable());
            if (!s.answerable()) {
                m.put("reason", s.reason());
                refusable++;
            }
            m.put("count", s.count());
            m.put("served", s.served());
            m.put("firstSeen", s.firstSeen().toString());
            m.put("lastSeen", s.lastSeen().toString());
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("distinct", r.statements().size());
        out.put("notAnswerableFromDynamoDb", refusable);
        out.put("notListed", r.notListed());
        out.put("statements", list);
        return out;
    }
}
