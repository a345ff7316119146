package dev.shift.agent.install;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Registered in {@code premain} at once, while the real transformer (Byte Buddy's, about a thousand classes to load
 * and link: 0.4 s of a small machine) is built on a thread of its own, beside the application's start instead of
 * before it. Classes that cannot declare an advised method ({@link ConnectionMethodPrefilter}) pass untouched as
 * ever; the first one that can (the application loading its JDBC driver, usually well after its start) waits until
 * the real transformer is ready, so no driver is ever loaded unwoven.
 */
final class LateBoundTransformer implements ClassFileTransformer {

    static final String THREAD = "shift-interception";
    private static final System.Logger LOG = System.getLogger("dev.shift.agent");

    private final CountDownLatch built = new CountDownLatch(1);
    private volatile ClassFileTransformer real;
    private volatile Thread builder;

    /** Starts building {@code real} on a daemon thread; a build that fails leaves every class untouched, logged. */
    static LateBoundTransformer building(Supplier<? extends ClassFileTransformer> real, Consumer<Throwable> onFailure) {
        LateBoundTransformer late = new LateBoundTransformer();
        Thread thread = new Thread(() -> {
            try {
                late.real = real.get();
            } catch (Throwable t) {
                onFailure.accept(t);
            } finally {
                late.built.countDown();
            }
        }, THREAD);
        thread.setDaemon(true);
        late.builder = thread;
        thread.start();
        return late;
    }

    private LateBoundTransformer() {
    }

    /** Waits for the build; true when the real transformer is in place. */
    boolean awaitReal() {
        try {
            built.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return real != null;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) throws IllegalClassFormatException {
        ClassFileTransformer ready = readyFor(name, classFile);
        return ready == null ? null : ready.transform(module, loader, name, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) throws IllegalClassFormatException {
        ClassFileTransformer ready = readyFor(name, classFile);
        return ready == null ? null : ready.transform(loader, name, redefined, domain, classFile);
    }

    /** The real transformer when this class may need it, waiting for it if need be; null to leave the class alone. */
    private ClassFileTransformer readyFor(String name, byte[] classFile) {
        if ((name != null && name.startsWith("dev/shift/")) || Thread.currentThread() == builder
                || !ConnectionMethodPrefilter.mayDeclareConnectionMethod(classFile)) {
            return null;   // Shift's own classes (the builder's included) are never woven
        }
        if (real == null) {
            try {
                built.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.log(System.Logger.Level.WARNING, "Shift: interrupted waiting for its JDBC interception; " + name
                        + " is loaded without it (its connections run on MySQL untouched)");
                return null;
            }
        }
        return real;
    }
}
