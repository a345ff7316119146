package dev.shift.admin.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Reads request bodies with a hard size limit (413 beyond it) and strict UTF-8. Blocking: worker threads only. */
final class Bodies {

    private Bodies() {
    }

    /**
     * How much of an oversized body is read and thrown away before answering 413. Closing a connection whose request
     * is still arriving makes the kernel reset it, and the client can lose the 413 already sent; beyond this the
     * connection is closed anyway (the client then sees a reset instead of the 413).
     */
    static final long DISCARD_LIMIT = 1 << 20;

    static String read(HttpServerExchange exchange, int limit) throws IOException {
        long declared = exchange.getRequestContentLength();
        InputStream in = exchange.getInputStream();
        if (declared > limit) {
            discard(in, declared);
            throw tooLarge(limit);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > limit) {
                // A chunked body has no declared length, so this is where it is caught.
                discard(in, DISCARD_LIMIT);
                throw tooLarge(limit);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.badRequest("the request body is not valid UTF-8");
        }
    }

    /**
     * The media type without parameters, lower case; empty when the header is absent. A declared charset other than
     * UTF-8 is refused (415): the body is read as UTF-8, and guessing another encoding could change what it says.
     */
    static String mediaType(HttpServerExchange exchange) {
        String ct = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (ct == null) {
            return "";
        }
        String[] parts = ct.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                String charset = kv[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw new HttpProblem(415, "unsupported_media_type", "the body must be UTF-8; it was declared as "
                            + charset + " (send it as UTF-8, or leave the charset out)");
                }
            }
        }
        return parts[0].trim().toLowerCase(Locale.ROOT);
    }

    private static void discard(InputStream in, long declared) throws IOException {
        if (declared > DISCARD_LIMIT) {
            return;
        }
        byte[] buf = new byte[8192];
        long left = DISCARD_LIMIT;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            left -= n;
        }
    }

    private static HttpProblem tooLarge(int limit) {
        return new HttpProblem(413, "payload_too_large", "the request body is larger than the limit of " + limit
                + " bytes; change requests are a few dozen bytes, e.g. {\"phase\": 2}");
    }
}
