package dev.shift.it.harness;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shoppers using the shop's JSON API the way people do: browse, add, change a quantity, remove, check
 * out, read their history, now and then cancel. Bounded in sessions and time, loopback only, and
 * deterministic per seed. Every answer that is not a success counts as an error, with its text kept.
 */
public final class LoadMix {

    /** What a run did. */
    public record Result(long requests, long checkouts, List<String> errors) {
    }

    private final String shopUrl;
    private final List<String> users;
    private final String password;

    /** @param users the shoppers' user names; all share {@code password} */
    public LoadMix(String shopUrl, List<String> users, String password) {
        this.shopUrl = shopUrl;
        this.users = List.copyOf(users);
        this.password = password;
    }

    /** {@code threads} shoppers at a time, {@code sessionsPerUser} sessions each, from {@code seed}. */
    public Result run(int threads, int sessionsPerUser, long seed) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong requests = new AtomicLong();
        AtomicLong checkouts = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        for (int u = 0; u < users.size(); u++) {
            String user = users.get(u);
            Random random = new Random(seed * 31 + u);
            futures.add(pool.submit(() -> {
                for (int s = 0; s < sessionsPerUser; s++) {
                    session(user, random, requests, checkouts, errors);
                }
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            errors.add("the load did not finish within 5 minutes");
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                errors.add("a shopper failed: " + e.getCause());
            }
        }
        return new Result(requests.get(), checkouts.get(), List.copyOf(errors));
    }

    private void session(String user, Random random, AtomicLong requests, AtomicLong checkouts, List<String> errors) {
        ShopClient shop = new ShopClient(shopUrl);
        Step step = new Step(requests, errors, user);
        step.ok(shop.login(user, password), "login");
        step.ok(shop.get("/api/products?q=" + (random.nextBoolean() ? "java" : "")), "browse");
        int lines = 1 + random.nextInt(3);
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            long product = 1 + random.nextInt(20);
            step.ok(shop.addToCart(product, 1 + random.nextInt(3)), "add " + product);
            added.add(product);
        }
        if (random.nextInt(3) == 0) {
            step.ok(shop.changeQuantity(added.get(0), 1 + random.nextInt(5)), "change quantity");
        }
        if (added.size() > 1 && random.nextInt(3) == 0) {
            step.ok(shop.removeFromCart(added.get(added.size() - 1)), "remove");
        }
        ShopClient.Response cart = step.ok(shop.cart(), "cart");
        if (random.nextInt(2) == 0 && cart != null && hasLines(cart)) {
            ShopClient.Response placed = shop.checkout();
            requests.incrementAndGet();
            if (placed.status() == 201) {
                checkouts.incrementAndGet();
                long orderId = number(placed, "orderId");
                step.ok(shop.order(orderId), "order detail");
                if (random.nextInt(4) == 0) {
                    step.ok(shop.cancel(orderId), "cancel");
                }
            } else {
                errors.add(user + " checkout: HTTP " + placed.status() + " " + placed.body());
            }
        }
        step.ok(shop.orders(), "history");
    }

    private static boolean hasLines(ShopClient.Response cart) {
        try {
            return !((List<?>) JSON.std.mapFrom(cart.body()).get("lines")).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static long number(ShopClient.Response r, String field) {
        try {
            Map<String, Object> m = JSON.std.mapFrom(r.body());
            return ((Number) m.get(field)).longValue();
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
        }
    }

    /** Counts a request and records it as an error unless it succeeded. */
    private record Step(AtomicLong requests, List<String> errors, String user) {
        ShopClient.Response ok(ShopClient.Response r, String what) {
            requests.incrementAndGet();
            if (r.status() / 100 != 2) {
                errors.add(user + " " + what + ": HTTP " + r.status() + " " + r.body());
                return null;
            }
            return r;
        }
    }
}
