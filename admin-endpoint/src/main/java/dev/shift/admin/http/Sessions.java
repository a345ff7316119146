package dev.shift.admin.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The control panel's browser sessions. The cookie carries a random session id (HttpOnly,
 * SameSite=Strict), never the operator's token; each session has its own CSRF token that every form
 * must echo. Bounded and idle-expiring, because anyone who can reach the port can create one.
 */
final class Sessions {

    static final String COOKIE = "shift_session";
    private static final int MAX_SESSIONS = 1_000;
    private static final Duration IDLE = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final boolean secure;

    /** A flash message shown once after a redirect. */
    record Flash(boolean ok, String text) {
    }

    static final class Session {
        final String id;
        final String csrf = randomId();
        volatile Operator operator;
        volatile Flash flash;
        volatile Instant lastUsed;

        private Session(String id, Operator operator, Instant now) {
            this.id = id;
            this.operator = operator;
            this.lastUsed = now;
        }

        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }

        Optional<Flash> takeFlash() {
            Flash f = flash;
            flash = null;
            return Optional.ofNullable(f);
        }
    }

    private final Tokens tokens;
    private final Clock clock;
    private final Map<String, Session> byId = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** @param secure the admin port speaks HTTPS: the cookie is then marked Secure (never sent over plain HTTP) */
    Sessions(Tokens tokens, Clock clock, boolean secure) {
        this.secure = secure;
        this.tokens = tokens;
        this.clock = clock;
    }

    synchronized Optional<Session> find(HttpServerExchange exchange) {
        Cookie c = exchange.getRequestCookie(COOKIE);
        if (c == null) {
            return Optional.empty();
        }
        Session s = byId.get(c.getValue());
        Instant now = clock.instant();
        if (s == null || s.lastUsed.plus(IDLE).isBefore(now)) {
            byId.remove(c.getValue());
            return Optional.empty();
        }
        s.lastUsed = now;
        return Optional.of(s);
    }

    /** The caller's session, or a new one (logged in as "local" when the panel is open). */
    synchronized Session findOrCreate(HttpServerExchange exchange) {
        return find(exchange).orElseGet(() -> create(exchange, tokens.open() ? Operator.LOCAL : null));
    }

    /** Logs in under a fresh id, so an id planted before login is worth nothing after it. */
    synchronized Session login(HttpServerExchange exchange, Session old, Operator operator) {
        byId.remove(old.id);
        return create(exchange, operator);
    }

    synchronized void logout(HttpServerExchange exchange, Session s) {
        byId.remove(s.id);
        Session fresh = create(exchange, tokens.open() ? Operator.LOCAL : null);
        fresh.flash = new Flash(true, "Logged out.");
    }

    private Session create(HttpServerExchange exchange, Operator operator) {
        Session s = new Session(randomId(), operator, clock.instant());
        byId.put(s.id, s);
        exchange.setResponseCookie(new CookieImpl(COOKIE, s.id).setPath("/").setHttpOnly(true).setSameSiteMode("Strict")
                .setSecure(secure));
        return s;
    }

    private static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
