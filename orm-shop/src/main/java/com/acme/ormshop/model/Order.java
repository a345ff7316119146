package com.acme.ormshop.model;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A shop order as an ORM application maps it: the id MySQL's AUTO_INCREMENT gives (IDENTITY), its lines a
 * one-to-many the order owns (cascade, orphan removal), no version column (the shop's schema has none).
 */
@Entity
@Table(name = "orders")
public class Order {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "total_amount", nullable = false, precision = 12, scale = 2)
    private BigDecimal totalAmount;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id.productId")
    private List<OrderLine> lines = new ArrayList<>();

    protected Order() {
    }

    public Order(long userId, String status, LocalDateTime createdAt) {
        this.userId = userId;
        this.status = status;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.totalAmount = BigDecimal.ZERO.setScale(2);
    }

    /** Adds a line and keeps the total as the application would. */
    public Order addLine(long productId, int quantity, String price) {
        OrderLine line = new OrderLine(this, productId, quantity, new BigDecimal(price));
        lines.add(line);
        totalAmount = totalAmount.add(line.getPriceAtTime().multiply(BigDecimal.valueOf(quantity)));
        return this;
    }

    public Long getId() {
        return id;
    }

    public Long getUserId() {
        return userId;
    }

    public BigDecimal getTotalAmount() {
        return totalAmount;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public LocalDateTime getCreatedAt() {
        return createdAt;
    }

    public LocalDateTime getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(LocalDateTime updatedAt) {
        this.updatedAt = updatedAt;
    }

    public List<OrderLine> getLines() {
        return lines;
    }
}
