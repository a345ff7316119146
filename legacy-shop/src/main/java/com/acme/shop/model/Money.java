package com.acme.shop.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money helpers: amounts are BigDecimal with two decimals, never double. */
public final class Money {

    public static final BigDecimal ZERO = new BigDecimal("0.00");

    private Money() {
    }

    public static BigDecimal of(BigDecimal amount) {
        return amount == null ? ZERO : amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** "12.50" */
    public static String plain(BigDecimal amount) {
        return of(amount).toPlainString();
    }

    /** "$12.50" */
    public static String display(BigDecimal amount) {
        return "$" + String.format(java.util.Locale.US, "%,.2f", of(amount));
    }
}
