package dev.shift.bench;

/**
 * The shop's work on the migrated tables, one method per DAO call (docs/shop-sql.md), so the same request mix can
 * be run through the shop's DAOs with Shift attached and through a hand-written minimal raw implementation.
 */
interface ShopOps {
    void add(long user, long product, int quantity) throws Exception;

    void setQuantity(long user, long product, int quantity) throws Exception;

    Object quantity(long user, long product) throws Exception;

    Object cart(long user) throws Exception;

    Object summary(long user) throws Exception;

    void remove(long user, long product) throws Exception;

    /** Returns the new order's id. */
    long checkout(long user) throws Exception;

    Object history(long user) throws Exception;

    long count(long user) throws Exception;

    Object order(long orderId) throws Exception;

    Object lines(long orderId) throws Exception;

    void cancel(long orderId, long user) throws Exception;
}
