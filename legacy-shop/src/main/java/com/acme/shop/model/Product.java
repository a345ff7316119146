package com.acme.shop.model;

import java.math.BigDecimal;

/** A product of the catalogue, with its category name for display. */
public record Product(long id, long categoryId, String categoryName, long sellerId, String name,
                      String description, BigDecimal price, int inventory) {
}
