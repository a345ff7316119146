package com.acme.shop.model;

import java.math.BigDecimal;
import java.sql.Timestamp;

/** One line of a shopping cart, joined with the product's current name and price. */
public record CartLine(long productId, int quantity, Timestamp addedAt, String name, BigDecimal price) {

    public BigDecimal lineTotal() {
        return Money.of(price.multiply(BigDecimal.valueOf(quantity)));
    }
}
