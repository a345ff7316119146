package com.acme.shop.model;

import java.sql.Timestamp;

/** A registered customer, seller or administrator. */
public record User(long id, String username, String email, String passwordHash, Timestamp createdAt) {
}
