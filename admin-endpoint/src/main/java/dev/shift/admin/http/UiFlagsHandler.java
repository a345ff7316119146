package dev.shift.admin.http;

import dev.shift.core.control.ChangeResult;
import dev.shift.core.flags.Flag;
import dev.shift.core.flags.Flags;

/** POST /ui/flags (form: csrf, one checkbox per flag — present means on —, reason?) */
final class UiFlagsHandler extends UiChangeHandler {

    UiFlagsHandler(AdminContext ctx) {
        super(ctx);
    }

    @Override
    ChangeResult apply(Forms form, String operator, String reason) {
        Flags flags = new Flags(form.checked(Flag.READ_MYSQL.name()), form.checked(Flag.READ_DDB.name()),
                form.checked(Flag.WRITE_MYSQL.name()), form.checked(Flag.WRITE_DDB.name()));
        return ctx.plane().flags(flags, operator, reason);
    }
}
