package dev.shift.admin.http;

import dev.shift.core.control.ChangeRefusedException;
import dev.shift.core.control.ChangeResult;
import dev.shift.core.control.StoreUnavailableException;
import dev.shift.core.control.TransitionRefusedException;
import dev.shift.core.store.VersionConflictException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * The common steps of the panel's change forms: session + CSRF check, role check, apply, then a flash
 * message and a 303 back to the panel (Post/Redirect/Get) so a reload never re-submits.
 */
abstract class UiChangeHandler implements HttpHandler {

    final AdminContext ctx;

    UiChangeHandler(AdminContext ctx) {
        this.ctx = ctx;
    }

    /** Applies the form's change as {@code operator}. */
    abstract ChangeResult apply(Forms form, String operator, String reason);

    @Override
    public final void handleRequest(HttpServerExchange exchange) throws Exception {
        Forms form = Forms.read(exchange, ctx.bodyLimit());
        Sessions.Session session = UiChecks.sessionWithCsrf(exchange, ctx, form);
        Operator operator = session.operator;
        if (operator == null) {
            session.flash = new Sessions.Flash(false, "Please log in with your token first.");
        } else if (!operator.mayChange()) {
            session.flash = new Sessions.Flash(false, "Refused: " + operator.name() + " has a read-only token; nothing changed.");
        } else {
            session.flash = attempt(form, operator.name());
        }
        Responses.redirectHome(exchange);
    }

    private Sessions.Flash attempt(Forms form, String operator) {
        try {
            ChangeResult r = apply(form, operator, form.reason().orElse(""));
            return new Sessions.Flash(true, (r.changed() ? "Done: " + Views.message(r) : capitalise(Views.message(r))) + ".");
        } catch (ChangeRefusedException | TransitionRefusedException | VersionConflictException
                | StoreUnavailableException e) {
            return new Sessions.Flash(false, "Refused: " + e.getMessage() + ". Nothing changed.");
        } catch (HttpProblem p) {
            if (p.status() >= 500) {
                throw p;
            }
            return new Sessions.Flash(false, "Refused: " + p.getMessage() + ". Nothing changed.");
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
