package dev.shift.admin.http;

import dev.shift.core.flags.Phase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.shift.admin.http.Fixture.ALICE;
import static dev.shift.admin.http.Fixture.VIEWER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control panel driven with plain forms, as a browser without JavaScript would. */
class PanelTest {

    @TempDir
    Path dir;
    Fixture f;
    Browser browser;

    @BeforeEach
    void start() {
        f = new Fixture(dir);
        browser = new Browser(f.http);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void loginSetsAStrictHttpOnlySessionCookieAndRotatesIt() {
        Http.Response page = browser.open();
        assertEquals(200, page.status());
        assertTrue(page.body().contains("id=\"token\"") && page.body().contains("id=\"login\""), "login form");
        assertFalse(page.body().contains("id=\"phase-number\""), "no state before login");
        String before = browser.cookie;
        assertTrue(browser.lastSetCookie.contains("HttpOnly"), browser.lastSetCookie);
        assertTrue(browser.lastSetCookie.toLowerCase().contains("samesite=strict"), browser.lastSetCookie);

        Http.Response login = browser.login(ALICE);

        assertEquals(303, login.status());
        assertEquals("/", login.header("Location"));
        assertNotEquals(before, browser.cookie, "new session id after login");
        assertFalse(browser.lastSetCookie.contains(ALICE), "the cookie is not the token");
        String html = browser.open().body();
        assertTrue(Browser.textIn(html, "flash").contains("Logged in as alice"), html);
        assertEquals("1", Browser.textIn(html, "phase-number"));
        assertEquals("MySQL only", Browser.textIn(html, "phase-name"));
        assertEquals("on", Browser.textIn(html, "flag-READ_MYSQL"));
        assertEquals("off", Browser.textIn(html, "flag-WRITE_DDB"));
        assertNull(Browser.textIn(browser.open().body(), "flash"), "a flash is shown once");
    }

    @Test
    void badTokenLoginIsRefusedWithAFlash() {
        browser.login("nope");
        String html = browser.open().body();
        assertTrue(Browser.textIn(html, "flash").contains("Login refused"), html);
        assertTrue(html.contains("id=\"login\""));
    }

    @Test
    void guessingTokensIsHeldBackOnThePanelAndTheApiAlikeButNeverTheRightToken() {
        for (int i = 0; i < FailedLogins.LIMIT - 1; i++) {
            browser.login("guess-" + i);
        }
        assertEquals(401, f.http.get("/api/migration/status", "guess-api").status(), "the tenth wrong token, through the API");

        browser.login("guess-again");
        String html = browser.open().body();
        assertTrue(Browser.textIn(html, "flash").contains("too many wrong tokens"), html);
        Http.Response guess = f.http.postJson("/api/migration/phase", "guess-api-again", "{\"phase\": 2}");
        assertEquals(429, guess.status(), guess.body());
        assertTrue(Integer.parseInt(guess.header("Retry-After")) > 0, guess.header("Retry-After"));
        assertEquals(Phase.MYSQL_ONLY.flags(), f.control.flags(), "nothing changed");

        // The operator's own token is never held back by somebody else's guesses (an emergency rollback must work).
        Http.Response api = f.http.postJson("/api/migration/phase", ALICE, "{\"phase\": 2}");
        assertEquals(200, api.status(), api.body());
        browser.login(ALICE);
        assertTrue(browser.open().body().contains("id=\"operator\">alice"), "logged in on the panel too");
    }

    @Test
    void phaseButtonsChangeThePhaseAndThePageShowsIt() {
        browser.login(ALICE);

        Http.Response r = browser.submit("/ui/phase", "phase", "2", "reason", "workshop step 2");

        assertEquals(303, r.status());
        assertEquals(Phase.DUAL_WRITE.flags(), f.control.flags());
        String html = browser.open().body();
        assertEquals("2", Browser.textIn(html, "phase-number"));
        assertEquals("on", Browser.textIn(html, "flag-WRITE_DDB"));
        assertTrue(Browser.textIn(html, "flash").startsWith("Done: changed phase 1 (MySQL only) → phase 2"), html);
        for (int p = 1; p <= 5; p++) {
            assertTrue(html.contains("id=\"phase-" + p + "\""), "button " + p);
        }
        assertTrue(html.contains("id=\"rollback\""));
        String audit = Browser.textIn(html, "audit");
        assertTrue(html.contains("workshop step 2") && html.contains("<td>alice</td>"), audit);
    }

    @Test
    void flagTogglesAndRollback() {
        browser.login(ALICE);
        browser.submit("/ui/flags", "READ_MYSQL", "on", "READ_DDB", "on", "WRITE_MYSQL", "on", "WRITE_DDB", "on");
        assertEquals(Phase.DUAL_READ.flags(), f.control.flags());

        browser.submit("/ui/rollback");
        assertEquals(Phase.DUAL_WRITE.flags(), f.control.flags());
        assertTrue(Browser.textIn(browser.open().body(), "flash").contains("phase 3"), "flash says what happened");
    }

    @Test
    void refusedChangesExplainWhyAndChangeNothing() {
        browser.login(ALICE);
        browser.submit("/ui/flags", "READ_DDB", "on", "WRITE_MYSQL", "on");
        String flash = Browser.textIn(browser.open().body(), "flash");
        assertTrue(flash.startsWith("Refused:") && flash.contains("READ_DDB without WRITE_DDB"), flash);

        browser.submit("/ui/rollback");
        assertTrue(Browser.textIn(browser.open().body(), "flash").contains("already in phase 1"));

        browser.submit("/ui/phase", "phase", "7");
        assertTrue(Browser.textIn(browser.open().body(), "flash").contains("unknown phase 7"));
        assertEquals(0, f.control.state().version());
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefused() {
        browser.login(ALICE);
        assertEquals(403, browser.post("/ui/phase", Map.of("phase", "2")).status());
        assertEquals(403, browser.post("/ui/phase", Map.of("phase", "2", "csrf", "forged")).status());
        Browser stranger = new Browser(f.http);
        assertEquals(403, stranger.post("/ui/phase", Map.of("phase", "2", "csrf", browser.csrf())).status(), "token of another session");
        assertEquals(0, f.control.state().version());
    }

    @Test
    void notLoggedInOrReadOnlyCannotChange() {
        browser.submit("/ui/phase", "phase", "2");
        assertTrue(Browser.textIn(browser.open().body(), "flash").contains("log in"));

        browser.login(VIEWER);
        String html = browser.open().body();
        assertTrue(html.contains("read-only"), "page says so");
        browser.submit("/ui/phase", "phase", "2");
        assertTrue(Browser.textIn(browser.open().body(), "flash").contains("read-only"));
        assertEquals(0, f.control.state().version());
    }

    @Test
    void logoutEndsTheSession() {
        browser.login(ALICE);
        browser.submit("/ui/logout");
        String html = browser.open().body();
        assertTrue(html.contains("id=\"login\""), html);
    }

    @Test
    void operatorTextIsEscaped() {
        browser.login(ALICE);
        browser.submit("/ui/phase", "phase", "2", "reason", "<script>alert(1)</script>");
        String html = browser.open().body();
        assertFalse(html.contains("<script>alert(1)"), "escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void pageHeadersForbidFramingAndInlineScript() {
        Http.Response r = browser.open();
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertTrue(r.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals(200, f.http.get("/ui/panel.css", null).status());
        assertTrue(f.http.get("/ui/panel.js", null).header("Content-Type").startsWith("text/javascript"));
    }

    @Test
    void formsWithTheWrongContentTypeAre415() {
        browser.login(ALICE);
        Http.Response r = f.http.send("POST", "/ui/phase", null, "{\"phase\":2}", "application/json", "Cookie", browser.cookie);
        assertEquals(415, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/html"), "the panel's errors are pages");
    }
}
