package com.acme.shop.model;

/** A product category of the catalogue. */
public record Category(long id, String name, String description) {
}
