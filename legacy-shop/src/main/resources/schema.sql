-- Acme shop schema. Safe to apply again: every statement is idempotent.
-- Statements are separated by a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS users (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username      VARCHAR(64)  NOT NULL,
  email         VARCHAR(255) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  created_at    DATETIME(3)  NOT NULL,
  UNIQUE KEY uk_users_username (username)
);

CREATE TABLE IF NOT EXISTS categories (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(100) NOT NULL,
  description VARCHAR(500) NOT NULL DEFAULT '',
  UNIQUE KEY uk_categories_name (name)
);

CREATE TABLE IF NOT EXISTS products (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  category_id BIGINT        NOT NULL,
  seller_id   BIGINT        NOT NULL,
  name        VARCHAR(200)  NOT NULL,
  description TEXT          NOT NULL,
  price       DECIMAL(10,2) NOT NULL,
  inventory   INT           NOT NULL,
  KEY idx_products_name (name),
  KEY idx_products_category (category_id),
  CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES categories (id),
  CONSTRAINT fk_products_seller FOREIGN KEY (seller_id) REFERENCES users (id)
);

-- Cart and order tables.
CREATE TABLE IF NOT EXISTS shopping_carts (
  user_id    BIGINT      NOT NULL,
  product_id BIGINT      NOT NULL,
  quantity   INT         NOT NULL,
  added_at   DATETIME(3) NOT NULL,
  PRIMARY KEY (user_id, product_id)
);

CREATE TABLE IF NOT EXISTS orders (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id      BIGINT        NOT NULL,
  total_amount DECIMAL(12,2) NOT NULL,
  status       VARCHAR(16)   NOT NULL,   -- pending | completed | cancelled
  created_at   DATETIME(3)   NOT NULL,
  updated_at   DATETIME(3)   NOT NULL,
  KEY idx_orders_user_created (user_id, created_at)
);

CREATE TABLE IF NOT EXISTS order_items (
  order_id      BIGINT        NOT NULL,
  product_id    BIGINT        NOT NULL,
  quantity      INT           NOT NULL,
  price_at_time DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (order_id, product_id)
);

-- Key/value views of each user's data: one row per cart line or order, keyed by
-- PK (the user) and SK (what the row is), so an operator can browse a user's data by key.
-- Timestamps in SK are ISO-8601 with milliseconds, e.g. 2026-11-26T17:40:00.123.

CREATE OR REPLACE VIEW user_cart_items_view AS
SELECT CONCAT('USER#', c.user_id)    AS PK,
       CONCAT('CART#', c.product_id) AS SK,
       c.quantity,
       c.added_at,
       c.user_id,
       c.product_id
  FROM shopping_carts c;

CREATE OR REPLACE VIEW user_orders_view AS
SELECT CONCAT('USER#', o.user_id) AS PK,
       CONCAT('ORDER#', LEFT(DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%s.%f'), 23), '#', o.id) AS SK,
       o.id,
       o.total_amount,
       o.status,
       o.created_at,
       o.updated_at,
       (SELECT COALESCE(SUM(oi.quantity), 0) FROM order_items oi WHERE oi.order_id = o.id) AS item_count,
       (SELECT COUNT(*) FROM order_items oi WHERE oi.order_id = o.id) AS line_count,
       o.user_id
  FROM orders o;

CREATE OR REPLACE VIEW user_order_items_view AS
SELECT CONCAT('USER#', o.user_id) AS PK,
       CONCAT('ORDER#', LEFT(DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%s.%f'), 23), '#', o.id) AS SK,
       oi.order_id,
       oi.product_id,
       oi.quantity,
       oi.price_at_time,
       o.user_id
  FROM order_items oi
  JOIN orders o ON o.id = oi.order_id;

CREATE OR REPLACE VIEW user_items_view AS
SELECT PK, SK, 'CART' AS item_type, user_id, product_id AS ref_id, quantity, NULL AS total_amount,
       NULL AS status, added_at AS created_at
  FROM user_cart_items_view
UNION ALL
SELECT PK, SK, 'ORDER' AS item_type, user_id, id AS ref_id, item_count AS quantity, total_amount,
       status, created_at
  FROM user_orders_view;
