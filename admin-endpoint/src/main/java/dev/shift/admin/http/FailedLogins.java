package dev.shift.admin.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A brake on guessing tokens: after {@value #LIMIT} wrong tokens from one address within a minute (API bearer
 * tokens and panel logins together), that address is refused until the minute is over, without its token even
 * being looked at. Bounded: only the most recent {@value #MAX_ADDRESSES} addresses are remembered.
 */
final class FailedLogins {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_ADDRESSES = 10_000;

    private record Window(Instant start, int failures) {
    }

    private final Clock clock;
    private final Map<String, Window> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    FailedLogins(Clock clock) {
        this.clock = clock;
    }

    /**
     * The operator of {@code token} presented from {@code address}: what the API and the panel's login both ask.
     * An unknown (non-empty) token counts against the address.
     *
     * @throws HttpProblem 429 when the address is held back and the token is not a configured one: a valid token
     *         always passes, so wrong tokens from the same address (any local process) can never block an operator's
     *         emergency rollback; guessing stays slowed down
     */
    Optional<Operator> operator(Tokens tokens, String token, String address) {
        Optional<Operator> found = token.isEmpty() ? Optional.empty() : tokens.find(token);
        if (found.isPresent()) {
            return found;
        }
        Optional<Duration> wait = wait(address);
        if (wait.isPresent()) {
            throw tooMany(address, wait.get());
        }
        if (!token.isEmpty()) {
            failed(address);
        }
        return found;
    }

    /** How long {@code address} must wait before trying a token again; empty when it may try now. */
    synchronized Optional<Duration> wait(String address) {
        Window w = current(address);
        if (w == null || w.failures() < LIMIT) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), w.start().plus(WINDOW));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** {@code address} presented a token that is not configured. */
    synchronized void failed(String address) {
        Window w = current(address);
        byAddress.put(address, w == null ? new Window(clock.instant(), 1) : new Window(w.start(), w.failures() + 1));
    }

    /** Its window, or null when it has none running. */
    private Window current(String address) {
        Window w = byAddress.get(address);
        if (w != null && !clock.instant().isBefore(w.start().plus(WINDOW))) {
            byAddress.remove(address);
            return null;
        }
        return w;
    }

    /** The refusal for an address that must wait: 429 with Retry-After. */
    static HttpProblem tooMany(String address, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new HttpProblem(429, "too_many_requests", "too many wrong tokens from " + address + " within "
                + WINDOW.toSeconds() + " s; try again in " + seconds + " s", Map.of("Retry-After", Long.toString(seconds)));
    }
}
