package com.acme.shop.dao;

import com.acme.shop.ShopException;
import com.acme.shop.model.Cart;
import com.acme.shop.model.CartSummary;
import com.acme.shop.model.Product;

import java.sql.SQLException;

/** Cart rules on top of {@link CartDao}: quantities between 1 and 99 per line, only known products. */
public class CartService {

    public static final int MAX_QUANTITY = 99;

    private final CartDao cartDao;
    private final ProductDao productDao;

    public CartService(CartDao cartDao, ProductDao productDao) {
        this.cartDao = cartDao;
        this.productDao = productDao;
    }

    public Cart cart(long userId) throws SQLException {
        return cartDao.cart(userId);
    }

    public CartSummary summary(long userId) throws SQLException {
        return cartDao.summary(userId);
    }

    /** Adds a product to the cart; returns the product added. */
    public Product add(long userId, long productId, int quantity) throws SQLException {
        checkQuantity(quantity);
        Product product = productDao.findById(productId);
        if (product == null) {
            throw ShopException.notFound("Unknown product " + productId + ".");
        }
        Integer existing = cartDao.quantity(userId, productId);
        if (existing != null && existing + quantity > MAX_QUANTITY) {
            throw ShopException.badInput("You already have " + existing + " of \"" + product.name()
                    + "\" in your cart; at most " + MAX_QUANTITY + " per product.");
        }
        cartDao.add(userId, productId, quantity, Db.now());
        return product;
    }

    /** Sets the quantity of a line already in the cart. */
    public void setQuantity(long userId, long productId, int quantity) throws SQLException {
        checkQuantity(quantity);
        if (cartDao.quantity(userId, productId) == null) {
            throw notInCart(productId);
        }
        if (cartDao.setQuantity(userId, productId, quantity) == 0) {
            throw notInCart(productId);
        }
    }

    /** Removes a line from the cart. */
    public void remove(long userId, long productId) throws SQLException {
        if (cartDao.quantity(userId, productId) == null) {
            throw notInCart(productId);
        }
        cartDao.remove(userId, productId);
    }

    public static void checkQuantity(int quantity) {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw ShopException.badInput("Quantity must be between 1 and " + MAX_QUANTITY + " (got " + quantity + ").");
        }
    }

    private static ShopException notInCart(long productId) {
        return ShopException.notFound("Product " + productId + " is not in your cart.");
    }
}
