package dev.shift.admin.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured bearer tokens. Only SHA-256 digests are kept, and a presented token is compared with
 * every one of them in constant time, so neither timing nor a heap dump gives a token away.
 */
final class Tokens {

    private record Known(byte[] digest, Operator operator) {
    }

    private final List<Known> known;

    Tokens(Map<String, Operator> tokens) {
        List<Known> list = new ArrayList<>();
        tokens.forEach((token, operator) -> {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a token must not be blank (operator " + operator.name() + ")");
            }
            list.add(new Known(digest(token), operator));
        });
        this.known = List.copyOf(list);
    }

    /** No tokens configured: on loopback, the panel and API are open and changes are by "local". */
    boolean open() {
        return known.isEmpty();
    }

    Optional<Operator> find(String presented) {
        if (open()) {
            return Optional.of(Operator.LOCAL);
        }
        byte[] d = digest(presented);
        Operator match = null;
        for (Known k : known) {
            // No early exit: the time taken does not depend on which token (if any) matched.
            if (MessageDigest.isEqual(k.digest, d)) {
                match = k.operator;
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
