package com.acme.shop.web;

import com.acme.shop.ShopException;
import com.acme.shop.dao.CartService;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Parsing of user input (form fields, JSON values, path segments) with clear messages. */
final class Params {

    private Params() {
    }

    /** A quantity between 1 and 99. */
    static int quantity(Object value) {
        Long n = wholeNumber(value);
        if (n == null) {
            throw ShopException.badInput("Quantity must be a whole number between 1 and "
                    + CartService.MAX_QUANTITY + (value == null ? "." : " (got '" + value + "')."));
        }
        if (n < 1 || n > CartService.MAX_QUANTITY) {
            throw ShopException.badInput("Quantity must be between 1 and " + CartService.MAX_QUANTITY
                    + " (got " + n + ").");
        }
        return n.intValue();
    }

    /** A product id (positive whole number). */
    static long productId(Object value) {
        Long n = wholeNumber(value);
        if (n == null || n < 1) {
            throw ShopException.badInput("Product id must be a positive whole number"
                    + (value == null ? "." : " (got '" + value + "')."));
        }
        return n;
    }

    /** A positive id from a path segment; null when it is not one. */
    static Long pathId(String segment) {
        Long n = wholeNumber(segment);
        return n == null || n < 1 ? null : n;
    }

    /** A whole number from a String or JSON number; null when it is not one. */
    static Long wholeNumber(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 63 ? b.longValue() : null;
        }
        if (value instanceof Number num) {
            try {
                return new BigDecimal(num.toString()).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
        if (value instanceof String s) {
            s = s.trim();
            if (s.isEmpty() || s.length() > 18) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-')) {
                    return null;
                }
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static int limit(String value, int dflt, int max) {
        Long n = wholeNumber(value);
        if (n == null || n < 1) {
            return dflt;
        }
        return (int) Math.min(n, max);
    }
}
