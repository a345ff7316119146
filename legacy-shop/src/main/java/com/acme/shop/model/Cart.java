package com.acme.shop.model;

import java.math.BigDecimal;
import java.util.List;

/** A user's shopping cart: its lines in the order they were added. */
public record Cart(List<CartLine> lines) {

    public Cart {
        lines = List.copyOf(lines);
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    public int itemCount() {
        int n = 0;
        for (CartLine line : lines) {
            n += line.quantity();
        }
        return n;
    }

    public BigDecimal total() {
        BigDecimal total = Money.ZERO;
        for (CartLine line : lines) {
            total = total.add(line.lineTotal());
        }
        return Money.of(total);
    }

    public CartLine line(long productId) {
        for (CartLine line : lines) {
            if (line.productId() == productId) {
                return line;
            }
        }
        return null;
    }
}
