package com.acme.shop;

import com.acme.shop.dao.CartDao;
import com.acme.shop.dao.CartService;
import com.acme.shop.dao.CheckoutService;
import com.acme.shop.dao.OrderDao;
import com.acme.shop.dao.OrderService;
import com.acme.shop.dao.ProductDao;
import com.acme.shop.dao.UserDao;

import javax.sql.DataSource;

/** Wires the DAOs and services on one DataSource. */
public class ShopApp {

    public final DataSource dataSource;
    public final UserDao users;
    public final ProductDao products;
    public final CartDao cartDao;
    public final OrderDao orderDao;
    public final CartService cart;
    public final OrderService orders;
    public final CheckoutService checkout;

    public ShopApp(DataSource dataSource) {
        this.dataSource = dataSource;
        this.users = new UserDao(dataSource);
        this.products = new ProductDao(dataSource);
        this.cartDao = new CartDao(dataSource);
        this.orderDao = new OrderDao(dataSource);
        this.cart = new CartService(cartDao, products);
        this.orders = new OrderService(orderDao);
        this.checkout = new CheckoutService(dataSource, cartDao, orderDao, products);
    }
}
