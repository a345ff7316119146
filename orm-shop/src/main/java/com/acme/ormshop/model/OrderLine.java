package com.acme.ormshop.model;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapsId;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** An order line: its key (order, product) an {@link EmbeddedId} whose order part comes from the parent. */
@Entity
@Table(name = "order_items")
public class OrderLine {

    @EmbeddedId
    private OrderLineId id;

    @MapsId("orderId")
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id")
    private Order order;

    @Column(name = "quantity", nullable = false)
    private int quantity;

    @Column(name = "price_at_time", nullable = false, precision = 10, scale = 2)
    private BigDecimal priceAtTime;

    protected OrderLine() {
    }

    OrderLine(Order order, long productId, int quantity, BigDecimal priceAtTime) {
        this.id = new OrderLineId(null, productId);
        this.order = order;
        this.quantity = quantity;
        this.priceAtTime = priceAtTime;
    }

    public OrderLineId getId() {
        return id;
    }

    public Order getOrder() {
        return order;
    }

    public long getProductId() {
        return id.getProductId();
    }

    public int getQuantity() {
        return quantity;
    }

    public void setQuantity(int quantity) {
        this.quantity = quantity;
    }

    public BigDecimal getPriceAtTime() {
        return priceAtTime;
    }
}
