package com.acme.shop.model;

import java.math.BigDecimal;

/** One line of an order, with the product's name for display. */
public record OrderLine(long productId, int quantity, BigDecimal priceAtTime, String name) {

    public BigDecimal lineTotal() {
        return Money.of(priceAtTime.multiply(BigDecimal.valueOf(quantity)));
    }
}
