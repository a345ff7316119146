package dev.shift.admin.http;

import io.undertow.server.HttpServerExchange;

/** The check every panel form passes first. */
final class UiChecks {

    private UiChecks() {
    }

    /** The caller's session, if the form carries that session's CSRF token; 403 otherwise. */
    static Sessions.Session sessionWithCsrf(HttpServerExchange exchange, AdminContext ctx, Forms form) {
        Authorized.refuseCrossOrigin(exchange);   // as the API: a page of another origin never posts a change
        Sessions.Session s = ctx.sessions().find(exchange).orElseThrow(() -> new HttpProblem(403, "forbidden",
                "no panel session (it expired, or the request did not come from the panel); reload the panel and try again"));
        if (!s.csrfMatches(form.get("csrf").orElse(null))) {
            throw new HttpProblem(403, "forbidden",
                    "the form's CSRF token is missing or does not match your session; reload the panel and try again");
        }
        return s;
    }
}
