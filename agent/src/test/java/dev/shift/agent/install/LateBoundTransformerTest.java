package dev.shift.agent.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The interception registered at once in premain, its real transformer built beside the application. */
class LateBoundTransformerTest {

    private static final byte[] DRIVER_LIKE = "..(Ljava/lang/String;Ljava/util/Properties;)Ljava/sql/Connection;.."
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAIN = "..(Ljava/lang/String;)V..".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WOVEN = {1, 2, 3};

    /** Marks what it transforms. */
    private static final ClassFileTransformer REAL = new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                byte[] classFile) {
            return WOVEN;
        }
    };

    @Test
    void aDriverLoadedBeforeTheBuildEndsWaitsForItAndIsWoven() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LateBoundTransformer late = LateBoundTransformer.building(() -> {
            await(release);
            return REAL;
        }, t -> { });
        // Other classes pass at once, untouched, while the build is still running.
        assertNull(late.transform(null, "com/acme/Plain", null, null, PLAIN));
        CompletableFuture<byte[]> driver = CompletableFuture.supplyAsync(() -> transform(late, "com/acme/Driver"));
        Thread.sleep(200);
        assertFalse(driver.isDone(), "a driver must not load unwoven while the interception is being built");
        release.countDown();
        assertArrayEquals(WOVEN, driver.get(10, TimeUnit.SECONDS));
        assertTrue(late.awaitReal());
    }

    @Test
    void shiftsOwnClassesAreNeverWovenNorHeldBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LateBoundTransformer late = LateBoundTransformer.building(() -> {
            await(release);
            return REAL;
        }, t -> { });
        try {
            assertNull(late.transform(null, "dev/shift/agent/shaded/SomeDriver", null, null, DRIVER_LIKE));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailedBuildLeavesEveryClassAloneAndSaysSo() throws Exception {
        RuntimeException broken = new IllegalStateException("no Byte Buddy today");
        AtomicReference<Throwable> reported = new AtomicReference<>();
        LateBoundTransformer late = LateBoundTransformer.building(() -> {
            throw broken;
        }, reported::set);
        assertFalse(late.awaitReal());
        assertSame(broken, reported.get());
        assertNull(late.transform(null, "com/acme/Driver", null, null, DRIVER_LIKE));
    }

    private static byte[] transform(LateBoundTransformer late, String name) {
        try {
            return late.transform(null, name, null, null, DRIVER_LIKE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
