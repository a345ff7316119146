package dev.shift.admin.http;

import dev.shift.core.control.ChangeResult;
import dev.shift.core.control.ControlPlane;

/** POST /ui/phase (form: csrf, phase, reason?) */
final class UiPhaseHandler extends UiChangeHandler {

    UiPhaseHandler(AdminContext ctx) {
        super(ctx);
    }

    @Override
    ChangeResult apply(Forms form, String operator, String reason) {
        String raw = form.get("phase").orElseThrow(() -> HttpProblem.badRequest("no phase chosen"));
        int phase;
        try {
            phase = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw HttpProblem.badRequest("phase must be one of " + ControlPlane.allowedPhases());
        }
        return ctx.plane().phase(phase, operator, reason);
    }
}
