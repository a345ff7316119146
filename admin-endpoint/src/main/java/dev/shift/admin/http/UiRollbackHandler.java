package dev.shift.admin.http;

import dev.shift.core.control.ChangeResult;

/** POST /ui/rollback (form: csrf, reason?) */
final class UiRollbackHandler extends UiChangeHandler {

    UiRollbackHandler(AdminContext ctx) {
        super(ctx);
    }

    @Override
    ChangeResult apply(Forms form, String operator, String reason) {
        return ctx.plane().rollback(operator, reason);
    }
}
