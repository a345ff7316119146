package com.acme.shop.model;

/** The cart badge: how many lines and how many items (sum of quantities) a cart holds. */
public record CartSummary(long lineCount, long itemCount) {

    public static final CartSummary EMPTY = new CartSummary(0, 0);
}
