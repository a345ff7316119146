package com.acme.shop.model;

import java.util.List;

/** An order with its lines. */
public record OrderDetails(Order order, List<OrderLine> lines) {

    public OrderDetails {
        lines = List.copyOf(lines);
    }

    public int itemCount() {
        int n = 0;
        for (OrderLine line : lines) {
            n += line.quantity();
        }
        return n;
    }
}
