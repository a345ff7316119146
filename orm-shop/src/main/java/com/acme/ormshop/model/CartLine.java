package com.acme.ormshop.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A shop cart line as an ORM application maps it: the table's two-column primary key as an {@link IdClass}. */
@Entity
@Table(name = "shopping_carts")
@IdClass(CartLineId.class)
public class CartLine {

    @Id
    @Column(name = "user_id")
    private Long userId;

    @Id
    @Column(name = "product_id")
    private Long productId;

    @Column(name = "quantity", nullable = false)
    private int quantity;

    @Column(name = "added_at", nullable = false)
    private LocalDateTime addedAt;

    protected CartLine() {
    }

    public CartLine(long userId, long productId, int quantity, LocalDateTime addedAt) {
        this.userId = userId;
        this.productId = productId;
        this.quantity = quantity;
        this.addedAt = addedAt;
    }

    public Long getUserId() {
        return userId;
    }

    public Long getProductId() {
        return productId;
    }

    public int getQuantity() {
        return quantity;
    }

    public void setQuantity(int quantity) {
        this.quantity = quantity;
    }

    public LocalDateTime getAddedAt() {
        return addedAt;
    }

    @Override
    public String toString() {
        return "cart[" + userId + "/" + productId + " qty=" + quantity + " added=" + addedAt + "]";
    }
}
