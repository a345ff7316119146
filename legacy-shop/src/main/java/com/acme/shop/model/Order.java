package com.acme.shop.model;

import java.math.BigDecimal;
import java.sql.Timestamp;

/** An order header. */
public record Order(long id, long userId, BigDecimal totalAmount, String status, Timestamp createdAt,
                    Timestamp updatedAt) {

    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";

    public boolean isPending() {
        return PENDING.equals(status);
    }
}
