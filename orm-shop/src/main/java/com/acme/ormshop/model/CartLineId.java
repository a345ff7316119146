package com.acme.ormshop.model;

import java.io.Serializable;
import java.util.Objects;

/** {@link CartLine}'s key: user and product. */
public class CartLineId implements Serializable {

    private Long userId;
    private Long productId;

    public CartLineId() {
    }

    public CartLineId(long userId, long productId) {
        this.userId = userId;
        this.productId = productId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CartLineId other && Objects.equals(userId, other.userId)
                && Objects.equals(productId, other.productId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, productId);
    }
}
