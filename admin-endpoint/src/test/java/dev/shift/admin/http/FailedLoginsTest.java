package dev.shift.admin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAddressIsHeldBackAfterTenWrongTokensUntilItsMinuteIsOver() {
        HandClock clock = new HandClock();
        FailedLogins logins = new FailedLogins(clock);
        for (int i = 0; i < FailedLogins.LIMIT - 1; i++) {
            logins.failed("10.0.0.7");
        }
        assertEquals(Optional.empty(), logins.wait("10.0.0.7"), "nine wrong tokens: may still try");

        clock.now = clock.now.plusSeconds(20);
        logins.failed("10.0.0.7");
        assertEquals(Optional.of(Duration.ofSeconds(40)), logins.wait("10.0.0.7"), "the tenth: held until the minute is over");
        assertEquals(Optional.empty(), logins.wait("10.0.0.8"), "other addresses are not held back");

        clock.now = clock.now.plusSeconds(40);
        assertEquals(Optional.empty(), logins.wait("10.0.0.7"), "a new minute, a fresh count");
        logins.failed("10.0.0.7");
        assertEquals(Optional.empty(), logins.wait("10.0.0.7"));
    }

    @Test
    void theRefusalSaysWhoAndHowLong() {
        HttpProblem p = FailedLogins.tooMany("10.0.0.7", Duration.ofMillis(12_300));
        assertEquals(429, p.status());
        assertEquals("13", p.headers().get("Retry-After"));
        assertTrue(p.getMessage().contains("10.0.0.7") && p.getMessage().contains("13 s"), p.getMessage());
    }

    @Test
    void aValidTokenIsNeverHeldBackByWrongOnesFromTheSameAddress() {
        HandClock clock = new HandClock();
        FailedLogins logins = new FailedLogins(clock);
        Tokens tokens = new Tokens(java.util.Map.of("right-token-0123456789", Operator.operator("ann")));
        for (int i = 0; i < FailedLogins.LIMIT; i++) {
            assertEquals(Optional.empty(), logins.operator(tokens, "guess-" + i, "10.0.0.7"));
        }
        clock.now = clock.now.plusMillis(47_700);

        // Any local process can flood wrong tokens; the operator's emergency rollback must still go through.
        assertEquals(Optional.of("ann"), logins.operator(tokens, "right-token-0123456789", "10.0.0.7").map(Operator::name));
        HttpProblem p = assertThrows(HttpProblem.class, () -> logins.operator(tokens, "guess-again", "10.0.0.7"));
        assertEquals(429, p.status(), "wrong tokens stay held back");
        assertEquals("13", p.headers().get("Retry-After"));
        assertTrue(p.getMessage().contains("10.0.0.7") && p.getMessage().contains("13 s"), p.getMessage());
    }
}
