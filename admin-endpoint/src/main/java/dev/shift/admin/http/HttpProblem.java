package dev.shift.admin.http;

import java.util.Map;

/** A request we refuse, with the status, a short code, and a message that says what to do instead. */
final class HttpProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    HttpProblem(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    HttpProblem(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false); // expected outcomes: no stack trace to fill
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    static HttpProblem badRequest(String message) {
        return new HttpProblem(400, "bad_request", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
