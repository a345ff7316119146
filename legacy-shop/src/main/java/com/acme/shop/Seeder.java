package com.acme.shop;

import com.acme.shop.dao.Db;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo data: four accounts (password = user name), five categories, twenty products with plenty of stock.
 * Idempotent: rows that already exist (same id) are left as they are.
 */
public final class Seeder {

    private static final Logger log = LoggerFactory.getLogger(Seeder.class);

    /** id, username (also the password), e-mail. */
    static final String[][] USERS = {
        {"1", "admin", "admin@acme.example"},
        {"2", "seller1", "seller1@acme.example"},
        {"3", "customer1", "customer1@acme.example"},
        {"4", "customer2", "customer2@acme.example"},
    };

    static final String[][] CATEGORIES = {
        {"1", "Books", "Paperbacks, hardcovers and technical reading"},
        {"2", "Electronics", "Gadgets, cables and things that beep"},
        {"3", "Home & Kitchen", "Everything for the kitchen and the living room"},
        {"4", "Toys & Games", "For the young and the young at heart"},
        {"5", "Sports & Outdoors", "Gear for the trail, the court and the gym"},
    };

    /** id, category id, name, price, description. */
    static final String[][] PRODUCTS = {
        {"1", "1", "The Pragmatic Programmer", "39.99", "From journeyman to master, 20th anniversary edition."},
        {"2", "1", "Designing Data-Intensive Applications", "44.50", "The big ideas behind reliable, scalable systems."},
        {"3", "1", "Effective Java", "42.00", "Best practices for the Java platform, third edition."},
        {"4", "1", "Java Concurrency in Practice", "49.95", "Threads, locks and the Java memory model explained."},
        {"5", "2", "Wireless Mouse", "19.99", "Quiet clicks, two-year battery life."},
        {"6", "2", "Mechanical Keyboard", "89.00", "Tenkeyless, brown switches, USB-C."},
        {"7", "2", "USB-C Hub 7-in-1", "34.99", "HDMI, SD card, three USB-A ports and power pass-through."},
        {"8", "2", "Noise-Cancelling Headphones", "199.00", "Thirty hours of quiet."},
        {"9", "3", "Chef's Knife 20cm", "59.90", "Forged stainless steel, full tang."},
        {"10", "3", "French Press 1L", "24.95", "Borosilicate glass, double filter."},
        {"11", "3", "Cast Iron Skillet", "32.50", "Pre-seasoned, 26 cm."},
        {"12", "3", "Bamboo Cutting Board", "18.75", "Large, with a juice groove."},
        {"13", "4", "Wooden Train Set", "45.00", "Fifty pieces of track, bridges and trains."},
        {"14", "4", "1000-Piece Puzzle", "14.99", "A lighthouse at dusk."},
        {"15", "4", "Strategy Board Game", "39.00", "Two to four players, ninety minutes."},
        {"16", "4", "Building Bricks Box", "29.99", "Five hundred classic bricks."},
        {"17", "5", "Yoga Mat", "25.00", "Non-slip, 6 mm."},
        {"18", "5", "Trail Running Shoes", "119.95", "Grippy, light, waterproof."},
        {"19", "5", "Water Bottle 750ml", "12.50", "Insulated stainless steel."},
        {"20", "5", "Camping Tent 2P", "149.00", "Two people, three seasons, 2.1 kg."},
    };

    static final int INVENTORY = 10_000;
    static final long SELLER_ID = 2;

    private Seeder() {
    }

    public static void seed(DataSource dataSource) throws SQLException {
        Timestamp now = Db.now();
        int users = 0;
        int categories = 0;
        int products = 0;
        try (Connection con = dataSource.getConnection()) {
            try (PreparedStatement ps = con.prepareStatement(
                    "INSERT IGNORE INTO users (id, username, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (String[] u : USERS) {
                    ps.setLong(1, Long.parseLong(u[0]));
                    ps.setString(2, u[1]);
                    ps.setString(3, u[2]);
                    ps.setString(4, PasswordHasher.hash(u[1]));
                    ps.setTimestamp(5, now);
                    users += ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = con.prepareStatement(
                    "INSERT IGNORE INTO categories (id, name, description) VALUES (?, ?, ?)")) {
                for (String[] c : CATEGORIES) {
                    ps.setLong(1, Long.parseLong(c[0]));
                    ps.setString(2, c[1]);
                    ps.setString(3, c[2]);
                    categories += ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = con.prepareStatement(
                    "INSERT IGNORE INTO products (id, category_id, seller_id, name, description, price, inventory) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (String[] p : PRODUCTS) {
                    ps.setLong(1, Long.parseLong(p[0]));
                    ps.setLong(2, Long.parseLong(p[1]));
                    ps.setLong(3, SELLER_ID);
                    ps.setString(4, p[2]);
                    ps.setString(5, p[4]);
                    ps.setBigDecimal(6, new BigDecimal(p[3]));
                    ps.setInt(7, INVENTORY);
                    products += ps.executeUpdate();
                }
            }
        }
        log.info("Seed data: {} users, {} categories, {} products added (existing rows kept)",
                users, categories, products);
    }
}
