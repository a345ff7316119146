package dev.shift.it;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.shift.it.harness.Artifacts;
import dev.shift.it.harness.Browser;
import dev.shift.it.harness.ShopLaunch;
import dev.shift.it.harness.ShopWithShift;
import dev.shift.testkit.TestServers;
import dev.shift.it.harness.Stores;
import dev.shift.it.harness.StoresPage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The workshop's "Data Movement" chapter (issue 7), done the way a person does it: one headless
 * Chromium with two tabs — Shift's control panel and the shop logged in as {@code admin} — switching
 * to phase 2, adding to the cart, switching straight to phase 5 and checking out; after each step the
 * test looks into MySQL (the user views) and DynamoDB directly, and saves a screenshot.
 *
 * <p>The same journey runs with the shop's JVM on JDK 17 and on JDK 25 (agent compatibility); each run
 * has its own database, DynamoDB table and state folder. Screenshots and the store pages:
 * {@code it-tests/target/it-output/journey-jdk17/} and {@code journey-jdk25/}.
 */
class WorkshopJourneyIT {

    private static final String USER_PK = "USER#1"; // admin
    private static final long PRODUCT = 3;          // "Effective Java", 42.00
    private static final int QUANTITY = 2;

    static Stream<Arguments> jdks() {
        return Stream.of(
                Arguments.of("jdk17", ShopLaunch.JDK17, "17"),
                Arguments.of("jdk25", Path.of(System.getProperty("shift.it.jdk25", ShopLaunch.JDK25.toString())), "25"));
    }

    @ParameterizedTest(name = "workshop journey, shop on {0}")
    @MethodSource("jdks")
    void workshopJourney(String jdk, Path javaHome, String expectedMajor) throws Exception {
        assertJdk(javaHome, expectedMajor);
        Path out = Artifacts.outputDir("journey-" + jdk);
        clean(out);
        long started = System.nanoTime();
        long journeyStarted;
        // One shadow comparison per read shape is the evidence this short journey gives before phase 4.
        try (ShopWithShift system = ShopWithShift.start("journey_" + jdk, 1, javaHome, TestServers.dynamoDb(),
                Map.of("validation.min-compared", "1"));
             Browser browser = Browser.start(out)) {
            journeyStarted = System.nanoTime();
            try {
                new Journey(system, browser, out).run();
                checkShopLog(system.process().logFile(), jdk, out);
            } catch (Throwable t) {
                browser.screenshot("99-failure-" + browser.currentTab() + ".png");
                String tail = system.process().logTail(30);
                throw new AssertionError(t.getMessage() + "\n(browser at " + browser.url() + ", showing: "
                        + browser.visibleText(By.tagName("main")) + ")\n(screenshots in " + out + "; shop log "
                        + system.process().logFile() + ", last lines:\n" + tail + ")\n(threads in Shift's or the shop's "
                        + "code:\n" + system.process().threadsInShiftOrShop() + ")", t);
            } finally {
                copyQuietly(system.process().logFile(), out.resolve("shop.log"));
            }
        }
        long now = System.nanoTime();
        String line = "workshop journey with the shop on " + jdk + ": " + Duration.ofNanos(now - started).toMillis()
                + " ms in all, of which start-up (servers, shop with Shift, Chromium) "
                + Duration.ofNanos(journeyStarted - started).toMillis() + " ms and the journey in the browser "
                + Duration.ofNanos(now - journeyStarted).toMillis() + " ms";
        System.out.println(line);
        Files.writeString(out.resolve("timing.txt"), line + System.lineSeparator());
    }

    /** The steps, in order; each one asserts what a person would check and saves a screenshot. */
    private static final class Journey {

        private final ShopWithShift system;
        private final Stores stores;
        private final Browser browser;
        private final Path out;
        private final String panelUrl;
        private final String shopUrl;
        private final Instant begin = Instant.now();

        Journey(ShopWithShift system, Browser browser, Path out) {
            this.system = system;
            this.stores = system.stores();
            this.browser = browser;
            this.out = out;
            this.panelUrl = system.process().adminUrl() + "/";
            this.shopUrl = system.process().shopUrl();
        }

        private final List<String> steps = new ArrayList<>();
        private long mark = System.nanoTime();

        void run() throws IOException {
            openBothTabs();
            step("open both tabs, log in");
            switchPhaseOnPanel(2, "Dual write, MySQL read", true, false, true, true, "01-panel-phase2.png");
            step("panel: phase 2");
            BigDecimal price = addToCartInPhase2();
            step("shop: add to cart, check both stores");
            straightToPhase5IsRefused();
            step("panel: phase 5 at once is not offered, with the checks");
            backfillOnPanel();
            step("panel: backfill");
            switchPhaseOnPanel(3, "Dual write, dual read (validation)", true, true, true, true, "04-panel-phase3.png");
            readCartInPhase3();
            step("panel: phase 3, shop: cart read in the shadow");
            verifyOnPanel();
            step("panel: verify, 0 differences");
            switchPhaseOnPanel(4, "Dual write, DynamoDB read", false, true, true, true, "04-panel-phase4.png");
            switchPhaseOnPanel(5, "DynamoDB only", false, true, false, true, "04-panel-phase5.png");
            step("panel: phases 4 and 5");
            long ordersBefore = stores.mysqlCount("SELECT COUNT(*) FROM orders");
            long orderId = checkOutInPhase5(price);
            step("shop: cart from DynamoDB, check out");
            assertStoresAfterCheckout(orderId, price, ordersBefore);
            step("check both stores after checkout");
            assertAuditTrail();
            step("audit trail: panel and API");
            Files.write(out.resolve("steps.txt"), steps, StandardCharsets.UTF_8);
        }

        private void step(String name) {
            long now = System.nanoTime();
            steps.add(String.format("%6d ms  %s", Duration.ofNanos(now - mark).toMillis(), name));
            mark = now;
        }

        /** Tab 1: the control panel (open on loopback, operator "local"); tab 2: the shop, logged in as admin. */
        private void openBothTabs() {
            browser.open("panel", panelUrl);
            browser.text(By.id("phase-number"), "1");
            // The header names the state file, whose path depends on where the tests run: it must stay one line,
            // or the buttons below shift with the path.
            long headerHeight = browser.visible(By.cssSelector("header.top")).getRect().getHeight();
            assertTrue(headerHeight < 60, "panel header is one line whatever the state file's path; height " + headerHeight + " px");

            browser.open("shop", shopUrl + "/login");
            browser.type(By.id("username"), "admin");
            browser.type(By.id("password"), "admin");
            browser.click(By.id("login"));
            browser.text(By.id("current-user"), "admin");
            assertEquals("0", browser.textOf(By.id("cart-count")), "admin's cart is empty before the journey");
        }

        private void switchPhaseOnPanel(int phase, String name, boolean readMysql, boolean readDdb, boolean writeMysql,
                boolean writeDdb, String screenshot) throws IOException {
            browser.tab("panel");
            // The button is enabled once the move's checks pass (the evidence may land a moment after the job ends).
            browser.waitUntil("phase " + phase + " can be chosen on the panel", d -> {
                WebElement b = d.findElement(By.id("phase-" + phase));
                if (b.isEnabled()) {
                    return b;
                }
                d.navigate().refresh();
                return null;
            });
            browser.click(By.id("phase-" + phase));
            browser.text(By.id("phase-number"), String.valueOf(phase));
            assertEquals(name, browser.textOf(By.id("phase-name")), "panel: phase name after switching to phase " + phase);
            // The previous switch's flash may still be on screen until the redirect lands: wait for this one.
            WebElement flash = browser.textContaining(By.id("flash"), "→ phase " + phase + " (" + name + ")");
            assertTrue(flash.getDomAttribute("class").contains("ok"), "panel: the switch is confirmed, got: " + flash.getText());
            assertFlagOnPanel("READ_MYSQL", readMysql);
            assertFlagOnPanel("READ_DDB", readDdb);
            assertFlagOnPanel("WRITE_MYSQL", writeMysql);
            assertFlagOnPanel("WRITE_DDB", writeDdb);
            assertEquals("local", browser.textOf(By.id("changed-by")), "panel: changed by the open panel's operator");
            browser.screenshot(screenshot);

            Map<String, Object> status = json(system.admin().status().expect(200).body());
            assertEquals(phase, ((Number) status.get("phase")).intValue(), "GET /api/migration/status after the panel's switch");
        }

        private void assertFlagOnPanel(String flag, boolean on) {
            assertEquals(on ? "on" : "off", browser.textOf(By.id("flag-" + flag)), "panel: flag " + flag);
        }

        /**
         * Phase 2 → 5 at once is not offered: the panel's button says which evidence is missing, its readiness list
         * shows each check with what was found, and the API refuses the move with the same checks (409).
         */
        private void straightToPhase5IsRefused() throws IOException {
            browser.tab("panel");
            browser.driver().navigate().refresh();
            WebElement button = browser.visible(By.id("phase-5"));
            assertTrue(!button.isEnabled(), "panel: phase 5 cannot be chosen yet");
            String why = browser.textOf(By.id("blocked-5"));
            assertTrue(why.startsWith("Not ready: backfill"), "panel: the button says what is missing first: " + why);
            assertTrue(browser.textOf(By.id("check-next-backfill")).startsWith("✗ backfill"),
                    "panel: readiness shows the failing backfill check");
            browser.scrollTo(By.id("readiness"));
            browser.screenshot("04-panel-phase5-not-ready.png");
            Map<String, Object> refused = json(system.admin().switchToPhase(5).expect(409).body());
            assertEquals("not_ready", refused.get("error"), "API: " + refused);
            String message = (String) refused.get("message");
            assertTrue(message.contains("FAILED backfill") && message.contains("FAILED verify"),
                    "API: every step the skip crosses is checked: " + message);
            assertEquals(2, ((Number) json(system.admin().status().expect(200).body()).get("phase")).intValue(),
                    "nothing changed");
        }

        /** The panel's Start backfill; waits until the run is complete. */
        private void backfillOnPanel() throws IOException {
            browser.tab("panel");
            browser.submit(By.id("start-backfill"));
            browser.waitUntil("backfill complete on the panel", d -> {
                d.navigate().refresh();
                List<WebElement> state = d.findElements(By.id("backfill-state"));
                return !state.isEmpty() && state.get(0).getText().equals("complete") ? state : null;
            });
            browser.screenshot("04-panel-backfill.png");
        }

        /** Phase 3: the cart page, answered by MySQL and compared with DynamoDB's answer in the shadow. */
        private void readCartInPhase3() {
            browser.tab("shop");
            browser.driver().navigate().to(shopUrl + "/cart");
            browser.text(By.id("cart-item-count"), String.valueOf(QUANTITY));
        }

        /** The panel's Start verify; waits for the verdict "0 differences". */
        private void verifyOnPanel() throws IOException {
            browser.tab("panel");
            browser.submit(By.id("start-verify"));
            browser.waitUntil("verify verdict on the panel", d -> {
                d.navigate().refresh();
                List<WebElement> verdict = d.findElements(By.id("verify-result"));
                return !verdict.isEmpty() && verdict.get(0).getText().startsWith("0 differences") ? verdict : null;
            });
            browser.screenshot("04-panel-verify.png");
        }

        /** Phase 2: the product page, quantity 2, Add to cart; the row lands in MySQL and in DynamoDB. */
        private BigDecimal addToCartInPhase2() throws IOException {
            browser.tab("shop");
            browser.driver().get(shopUrl + "/products/" + PRODUCT);
            String productName = browser.textOf(By.id("product-name"));
            BigDecimal price = money(browser.textOf(By.id("product-price")));
            browser.type(By.id("quantity"), String.valueOf(QUANTITY));
            browser.click(By.id("add-to-cart"));

            browser.text(By.id("cart-count"), String.valueOf(QUANTITY));
            browser.textContaining(By.id("flash"), "Added " + QUANTITY);
            WebElement line = browser.visible(By.cssSelector("tr.cart-line[data-product-id='" + PRODUCT + "']"));
            assertTrue(line.findElement(By.cssSelector(".line-name")).getText().contains(productName),
                    "cart line shows the product: " + line.getText());
            assertEquals(String.valueOf(QUANTITY),
                    browser.driver().findElement(By.id("quantity-" + PRODUCT)).getDomProperty("value"), "cart line quantity");
            assertEquals(0, price.multiply(BigDecimal.valueOf(QUANTITY)).compareTo(money(browser.textOf(By.id("cart-total")))),
                    "cart total = price × quantity");
            browser.screenshot("02-cart-added.png");

            // MySQL, through the user view the workshop created.
            List<Map<String, Object>> rows = stores.mysql(
                    "SELECT PK, SK, quantity, product_id FROM user_cart_items_view WHERE PK = ?", USER_PK);
            assertEquals(1, rows.size(), "MySQL user_cart_items_view for " + USER_PK + ": " + rows);
            assertEquals("CART#" + PRODUCT, rows.get(0).get("SK"), "MySQL cart row's SK");
            assertEquals(QUANTITY, ((Number) rows.get(0).get("quantity")).intValue(), "MySQL cart row's quantity");

            // DynamoDB, the same item under the single-table key.
            Map<String, AttributeValue> item = stores.item(USER_PK, "CART#" + PRODUCT).orElseThrow(() -> new AssertionError(
                    "phase 2 writes DynamoDB too, but table " + stores.table() + " has no PK=" + USER_PK + ", SK=CART#" + PRODUCT
                            + "; the partition holds " + stores.items(USER_PK, "")));
            assertEquals(String.valueOf(QUANTITY), item.get("quantity").n(), "DynamoDB CART# item's quantity = MySQL's");
            assertEquals(String.valueOf(PRODUCT), item.get("product_id").n(), "DynamoDB CART# item's product_id");

            showStores("after adding to the cart in phase 2", "03-stores-after-add");
            return price;
        }

        /** Phase 5: the cart page is read from DynamoDB; Check out; the confirmation shows the new order. */
        private long checkOutInPhase5(BigDecimal price) throws IOException {
            long ddbReadsBefore = dynamoReads();
            browser.tab("shop");
            browser.driver().get(shopUrl + "/cart");
            WebElement line = browser.visible(By.cssSelector("tr.cart-line[data-product-id='" + PRODUCT + "']"));
            assertEquals(String.valueOf(QUANTITY), line.findElement(By.id("quantity-" + PRODUCT)).getDomProperty("value"),
                    "phase 5: the cart page (from DynamoDB) shows the line added in phase 2");
            assertEquals(String.valueOf(QUANTITY), browser.textOf(By.id("cart-item-count")), "phase 5: cart item count");
            assertTrue(dynamoReads() > ddbReadsBefore, "phase 5: the cart page was read from DynamoDB (status counters: "
                    + system.admin().status().body() + ")");
            browser.screenshot("05-cart-from-dynamodb.png");

            browser.click(By.id("checkout"));
            String id = browser.textOf(By.id("order-id"));
            long orderId = Long.parseLong(id);
            browser.textContaining(By.id("flash"), "Your order #" + orderId + " has been placed");
            assertEquals("0", browser.textOf(By.id("cart-count")), "the cart badge is empty after checkout");
            BigDecimal total = price.multiply(BigDecimal.valueOf(QUANTITY));
            assertEquals(0, total.compareTo(money(browser.textOf(By.id("order-total")))), "order page total");
            WebElement orderLine = browser.visible(By.cssSelector("#order-lines tr.order-line[data-product-id='" + PRODUCT + "']"));
            assertEquals(String.valueOf(QUANTITY), orderLine.findElement(By.cssSelector(".line-quantity")).getText().trim(),
                    "order page line quantity");
            assertEquals("pending", browser.content(By.id("order-status")), "order page status");
            browser.screenshot("06-order-placed.png");
            return orderId;
        }

        private void assertStoresAfterCheckout(long orderId, BigDecimal price, long ordersBefore) throws IOException {
            // DynamoDB: the cart item is gone, the order is there with its embedded lines.
            assertTrue(stores.item(USER_PK, "CART#" + PRODUCT).isEmpty(),
                    "DynamoDB: the CART#" + PRODUCT + " item must be gone after checkout, partition: " + stores.items(USER_PK, ""));
            List<Map<String, AttributeValue>> orders = stores.items(USER_PK, "ORDER#").stream()
                    .filter(i -> i.get("SK").s().endsWith("#" + orderId)).toList();
            assertEquals(1, orders.size(), "DynamoDB: exactly one ORDER#…#" + orderId + " item for " + USER_PK
                    + ", partition: " + stores.items(USER_PK, ""));
            Map<String, AttributeValue> order = orders.get(0);
            assertTrue(Pattern.matches("ORDER#\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}#" + orderId, order.get("SK").s()),
                    "DynamoDB: order SK is ORDER#{created_at}#{id}: " + order.get("SK").s());
            assertEquals("ORDER#" + orderId, attr(order, "GSI1PK").s(), "DynamoDB: order's GSI1PK");
            assertEquals("pending", attr(order, "status").s(), "DynamoDB: order status");
            BigDecimal total = price.multiply(BigDecimal.valueOf(QUANTITY));
            assertEquals(0, total.compareTo(new BigDecimal(attr(order, "total_amount").n())),
                    "DynamoDB: order total_amount = " + total + ", item: " + order);
            List<AttributeValue> lines = attr(order, "items").l();
            assertEquals(1, lines.size(), "DynamoDB: the order embeds one line: " + lines);
            Map<String, AttributeValue> l = lines.get(0).m();
            assertEquals(String.valueOf(PRODUCT), attr(l, "product_id").n(), "DynamoDB: line product_id");
            assertEquals(String.valueOf(QUANTITY), attr(l, "quantity").n(), "DynamoDB: line quantity");
            assertEquals(0, price.compareTo(new BigDecimal(attr(l, "price_at_time").n())), "DynamoDB: line price_at_time");

            // MySQL: the shop's statements no longer reach it; the reverse sync copies DynamoDB's writes into it (the way
            // back to phase 4 needs them): the order with its line appears, the checked-out cart row goes.
            Duration catchUp = Duration.ofSeconds(30);
            stores.awaitMysqlCount(1, catchUp, "MySQL: the reverse sync copies order " + orderId,
                    "SELECT COUNT(*) FROM user_orders_view WHERE id = ?", orderId);
            assertEquals(ordersBefore + 1, stores.mysqlCount("SELECT COUNT(*) FROM orders"), "MySQL: one order more, same id");
            stores.awaitMysqlCount(1, catchUp, "MySQL: the order's line", "SELECT COUNT(*) FROM order_items WHERE "
                    + "order_id = ? AND product_id = ? AND quantity = ?", orderId, PRODUCT, QUANTITY);
            stores.awaitMysqlCount(0, catchUp, "MySQL: the checked-out cart row is gone",
                    "SELECT COUNT(*) FROM user_cart_items_view WHERE PK = ?", USER_PK);

            showStores("after checking out in phase 5 (order " + orderId + ")", "07-stores-after-checkout");
        }

        /** Both changes in the panel's #audit table and in GET /api/migration/audit: when, who, resulting flags. */
        private void assertAuditTrail() throws IOException {
            Instant end = Instant.now();
            Map<String, Object> page = json(system.admin().audit().expect(200).body());
            List<?> entries = (List<?>) page.get("entries");
            List<String> actions = entries.stream().map(e -> (String) asMap(e).get("action")).toList();
            assertEquals(List.of("phase", "phase", "verify_done", "verify", "phase", "backfill_done", "backfill", "phase"),
                    actions, "audit, newest first: the switches, the refused one absent, and the evidence: " + page);
            checkAuditEntry(asMap(entries.get(0)), 1, 5, Map.of("READ_MYSQL", false, "READ_DDB", true, "WRITE_MYSQL", false, "WRITE_DDB", true), end);
            checkAuditEntry(asMap(entries.get(1)), 2, 4, Map.of("READ_MYSQL", false, "READ_DDB", true, "WRITE_MYSQL", true, "WRITE_DDB", true), end);
            checkAuditEntry(asMap(entries.get(7)), 8, 2, Map.of("READ_MYSQL", true, "READ_DDB", false, "WRITE_MYSQL", true, "WRITE_DDB", true), end);
            for (int i = 1; i < entries.size(); i++) {
                Instant newer = Instant.parse((String) asMap(entries.get(i - 1)).get("at"));
                Instant older = Instant.parse((String) asMap(entries.get(i)).get("at"));
                assertTrue(!newer.isBefore(older), "audit is newest first: " + page);
            }

            browser.tab("panel");
            browser.driver().navigate().refresh();
            List<WebElement> rows = browser.waitUntil("eight rows in #audit", d -> {
                List<WebElement> r = d.findElements(By.cssSelector("#audit tbody tr"));
                return r.size() == 8 ? r : null;
            });
            assertAuditRow(rows.get(0), "phase 4 (Dual write, DynamoDB read) → phase 5 (DynamoDB only)");
            assertAuditRow(rows.get(1), "phase 3 (Dual write, dual read (validation)) → phase 4 (Dual write, DynamoDB read)");
            assertAuditRow(rows.get(7), "phase 1 (MySQL only) → phase 2 (Dual write, MySQL read)");
            browser.scrollTo(By.id("audit-section"));
            browser.screenshot("08-audit-trail.png");
        }

        private void checkAuditEntry(Map<String, Object> e, int index, int phase, Map<String, Boolean> flags, Instant end) {
            String what = "audit entry " + index + " " + e;
            assertEquals("local", e.get("operator"), what + ": operator");
            assertEquals("phase", e.get("action"), what + ": action");
            Instant at = Instant.parse((String) e.get("at"));
            assertTrue(!at.isBefore(begin.minusSeconds(1)) && !at.isAfter(end.plusSeconds(1)),
                    what + ": time " + at + " within the journey " + begin + " … " + end);
            Map<String, Object> after = asMap(e.get("after"));
            assertEquals(phase, ((Number) after.get("phase")).intValue(), what + ": resulting phase");
            assertEquals(flags, asMap(after.get("flags")), what + ": resulting flags");
        }

        private void assertAuditRow(WebElement row, String summary) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            String text = row.getText();
            assertTrue(cells.size() >= 4, "panel #audit row has when/who/action/summary: " + text);
            assertTrue(Pattern.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC", cells.get(0).getDomProperty("textContent").trim()),
                    "panel #audit row shows the time: " + text);
            assertEquals("local", cells.get(1).getDomProperty("textContent").trim(), "panel #audit row shows the operator: " + text);
            assertEquals("phase", cells.get(2).getDomProperty("textContent").trim(), "panel #audit row shows the action: " + text);
            assertEquals(summary, cells.get(3).getDomProperty("textContent").trim(), "panel #audit row shows before → after: " + text);
        }

        private long dynamoReads() throws IOException {
            Map<String, Object> status = json(system.admin().status().expect(200).body());
            return ((Number) asMap(asMap(status.get("counters")).get("dynamodb")).get("reads")).longValue();
        }

        /** Renders both stores' view of admin's data as a page in a third tab and screenshots it. */
        private void showStores(String when, String name) throws IOException {
            Path html = StoresPage.write(stores, USER_PK, "Stores " + when, out, name + ".html");
            browser.open("stores", html.toUri().toString());
            browser.visible(By.id("title"));
            browser.screenshot(name + ".png");
        }
    }

    /** JDK 25 (and 17): no Shift stack trace or SEVERE message in the shop's log; its warnings are saved (shop-warnings.txt). */
    private static void checkShopLog(Path log, String jdk, Path out) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<String> shiftFrames = new ArrayList<>();
        List<String> severe = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.matches("\\s+at dev\\.shift\\..*") || l.matches("\\s*Caused by: dev\\.shift\\..*")) {
                shiftFrames.add((i + 1) + ": " + l.trim());
            }
            if (l.startsWith("SEVERE:") && i > 0 && lines.get(i - 1).contains(" dev.shift.")) {
                severe.add((i + 1) + ": " + lines.get(i - 1).trim() + " / " + l.trim());
            }
            if (l.startsWith("WARNING:") || l.contains(" WARN ") || l.contains("WARNING ") || l.startsWith("SLF4J(W)")) {
                warnings.add(l.trim());
            }
        }
        Files.write(out.resolve("shop-warnings.txt"), warnings, StandardCharsets.UTF_8);
        System.out.println("shop on " + jdk + ": " + warnings.size() + " distinct warning line(s):");
        warnings.forEach(w -> System.out.println("  " + w));
        if (!shiftFrames.isEmpty()) {
            fail("the shop's log on " + jdk + " holds Shift stack traces (" + log + "):\n"
                    + String.join("\n", shiftFrames.subList(0, Math.min(20, shiftFrames.size()))));
        }
        if (!severe.isEmpty()) {
            fail("the shop's log on " + jdk + " holds SEVERE messages from Shift (" + log + "):\n" + String.join("\n", severe));
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("Shift admin listening on")),
                "Shift started its admin port on " + jdk);
    }

    private static void assertJdk(Path javaHome, String expectedMajor) throws IOException {
        Path release = javaHome.resolve("release");
        assertTrue(Files.isExecutable(javaHome.resolve("bin/java")) && Files.isRegularFile(release),
                "JDK " + expectedMajor + " is not installed at " + javaHome
                        + " (install it, or point -Dshift.it.jdk25=… at one)");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(release)) {
            p.load(in);
        }
        String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
        assertTrue(version.equals(expectedMajor) || version.startsWith(expectedMajor + "."),
                "the JDK at " + javaHome + " is " + version + ", expected " + expectedMajor);
    }

    private static AttributeValue attr(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        assertNotNull(v, "DynamoDB item has no attribute " + name + ": " + item);
        return v;
    }

    private static BigDecimal money(String display) {
        String digits = display.replace("$", "").replace(",", "").trim();
        assertFalse(digits.isEmpty(), "a money amount, got '" + display + "'");
        return new BigDecimal(digits);
    }

    private static Map<String, Object> json(String body) throws IOException {
        return JSON.std.mapFrom(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static void copyQuietly(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the original log is still where ShopWithShift put it
        }
    }
}
