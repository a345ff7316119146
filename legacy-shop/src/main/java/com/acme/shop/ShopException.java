package com.acme.shop;

/**
 * A request the shop refuses for a reason the user can fix (bad input, unknown thing, wrong state).
 * Nothing has been changed when this is thrown. The message is shown to the user as is.
 */
public class ShopException extends RuntimeException {

    /** Why the request was refused; maps to an HTTP status. */
    public enum Kind {
        BAD_INPUT(400), NOT_FOUND(404), CONFLICT(409);

        public final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;

    public ShopException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ShopException badInput(String message) {
        return new ShopException(Kind.BAD_INPUT, message);
    }

    public static ShopException notFound(String message) {
        return new ShopException(Kind.NOT_FOUND, message);
    }

    public static ShopException conflict(String message) {
        return new ShopException(Kind.CONFLICT, message);
    }
}
