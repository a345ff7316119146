package dev.shift.agent.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.agent.config.AgentOptions;
import dev.shift.agent.jdbc.BatchCall;
import dev.shift.agent.jdbc.ConnectionContext;
import dev.shift.agent.jdbc.Interception;
import dev.shift.agent.jdbc.PassThroughInterceptor;
import dev.shift.agent.jdbc.StatementCall;
import dev.shift.agent.jdbc.StatementInterceptor;
import dev.shift.agent.route.RefuseMigrated;
import dev.shift.core.flags.MigrationState;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up sequence and its failure paths, with a stand-in Instrumentation (nothing is really transformed). */
class AgentInstallerTest {

    private final List<String> log = new ArrayList<>();
    private final List<ClassFileTransformer> transformers = new ArrayList<>();
    private final Logger logger = Logger.getLogger("dev.shift.agent");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
        Interception.reset();
    }

    @Test
    void wrongOptionsInstallNothingAndSaySoInOneParagraph(@TempDir Path state) {
        AgentInstaller.install("phase=2,dynamodb.timeout-ms=soon,state.dir=" + state, instrumentation(), () -> {
            throw new AssertionError("no start-up part may run with wrong options");
        });
        assertEquals(List.of(), transformers);
        assertEquals(1, log.size(), log::toString);
        String line = log.get(0);
        assertTrue(line.startsWith("SEVERE SHIFT AGENT NOT ACTIVE. Its options are wrong: dynamodb.timeout-ms=soon is not "
                + "valid"), line);
        assertTrue(line.contains("phase 1 pass-through"), line);
    }

    @Test
    void withNothingStoredThePhaseOptionDecidesAndAnUnreadableOneIsNotTakenForPhase1(@TempDir Path state) {
        AgentInstaller.install("phase=5,dynamodb.timeout-ms=soon,state.dir=" + state, instrumentation(), () -> {
            throw new AssertionError("no start-up part may run with wrong options");
        });
        assertTrue(Interception.current() instanceof RefuseMigrated, String.valueOf(Interception.current()));
        assertTrue(log.get(0).contains("FAILING CLOSED") && log.get(0).contains("runs in phase 5 (the option phase=5"),
                log::toString);

        log.clear();
        Interception.reset();
        AgentInstaller.install("phase=9,state.dir=" + state, instrumentation(), () -> {
            throw new AssertionError("no start-up part may run with wrong options");
        });
        assertTrue(Interception.current() instanceof RefuseMigrated, String.valueOf(Interception.current()));
        assertTrue(log.get(0).contains("the option phase=9 cannot be read"), log::toString);
    }

    @Test
    void switchedOffInstallsNothing() {
        AgentInstaller.install("enabled=false", instrumentation(), List::of);
        assertEquals(List.of(), transformers);
        assertTrue(log.get(0).contains("switched off"), log::toString);
    }

    @Test
    void startupPartsRunBeforeTheApplicationThenInTheBackground() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<String> seen = new ArrayList<>();
        ShiftStartup part = new ShiftStartup() {
            @Override
            public void beforeApplication(AgentOptions options) {
                seen.add("before " + Thread.currentThread().getName() + " phase " + options.phase().number());
            }

            @Override
            public void start(AgentOptions options) {
                seen.add("start " + Thread.currentThread().getName());
                started.countDown();
            }
        };
        AgentInstaller.install("phase=2", instrumentation(), () -> List.of(part));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("before " + Thread.currentThread().getName() + " phase 2", "start shift-startup"), seen);
        assertEquals(1, transformers.size());
        assertTrue(log.get(0).startsWith("INFO Shift agent intercepting JDBC connections"), log::toString);
    }

    @Test
    void aFailingBackgroundStartFallsBackToPassThrough() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        ShiftStartup part = new ShiftStartup() {
            @Override
            public void beforeApplication(AgentOptions options) {
                Interception.install(new NoOpInterceptor());
            }

            @Override
            public void start(AgentOptions options) {
                failed.countDown();
                throw new IllegalStateException("DynamoDB unreachable");
            }
        };
        AgentInstaller.install(null, instrumentation(), () -> List.of(part));
        assertTrue(failed.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 100 && Interception.current() != PassThroughInterceptor.INSTANCE; i++) {
            Thread.sleep(20);
        }
        assertSame(PassThroughInterceptor.INSTANCE, Interception.current());
        for (int i = 0; i < 100 && log.size() < 2; i++) {
            Thread.sleep(20);
        }
        assertTrue(log.get(1).contains("DynamoDB unreachable") && log.get(1).contains("phase 1 pass-through"),
                log::toString);
    }

    @Test
    void aFailingPreparationFallsBackToPassThroughBeforeTheApplicationStarts() {
        ShiftStartup part = new ShiftStartup() {
            @Override
            public void beforeApplication(AgentOptions options) {
                Interception.install(new NoOpInterceptor());
                throw new IllegalStateException("mapping file broken");
            }
        };
        AgentInstaller.install(null, instrumentation(), () -> List.of(part));
        assertSame(PassThroughInterceptor.INSTANCE, Interception.current());
        assertTrue(log.get(0).contains("mapping file broken"), log::toString);
    }

    @Test
    void wrongOptionsInAPhaseThatDoesNotKeepMysqlCompleteFailClosed(@TempDir Path state) {
        new FileFlagStore(state, "t").save(0, MigrationState.initial(Phase.DYNAMODB_ONLY.flags(), "test"));
        AgentInstaller.install("phase=9,state.dir=" + state, instrumentation(), () -> {
            throw new AssertionError("no start-up part may run with wrong options");
        });
        assertTrue(Interception.current() instanceof RefuseMigrated, String.valueOf(Interception.current()));
        String line = log.get(0);
        assertTrue(line.startsWith("SEVERE SHIFT AGENT NOT ACTIVE, FAILING CLOSED. Its options are wrong: phase=9"), line);
        assertTrue(line.contains("is 5, where MySQL is no longer written") && line.contains("statements on other tables work"),
                line);
    }

    @Test
    void wrongOptionsWhileMysqlIsCompleteStillPassThrough(@TempDir Path state) {
        new FileFlagStore(state, "t").save(0, MigrationState.initial(Phase.DUAL_READ.flags(), "test"));
        AgentInstaller.install("phase=9,state.dir=" + state, instrumentation(), List::of);
        assertSame(PassThroughInterceptor.INSTANCE, Interception.current());
        assertTrue(log.get(0).contains("phase 1 pass-through"), log::toString);
    }

    @Test
    void aFailingBackgroundStartInPhase4FailsClosed(@TempDir Path state) throws Exception {
        new FileFlagStore(state, "t").save(0, MigrationState.initial(Phase.DYNAMODB_READ.flags(), "test"));
        ShiftStartup part = new ShiftStartup() {
            @Override
            public void start(AgentOptions options) {
                throw new IllegalStateException("DynamoDB unreachable");
            }
        };
        AgentInstaller.install("state.dir=" + state, instrumentation(), () -> List.of(part));
        for (int i = 0; i < 100 && !(Interception.current() instanceof RefuseMigrated); i++) {
            Thread.sleep(20);
        }
        assertTrue(Interception.current() instanceof RefuseMigrated, String.valueOf(Interception.current()));
        for (int i = 0; i < 100 && log.size() < 2; i++) {
            Thread.sleep(20);
        }
        assertTrue(log.get(1).contains("FAILING CLOSED") && log.get(1).contains("DynamoDB unreachable"), log::toString);
    }

    /** Records transformers; reports no loaded classes, so installing transforms nothing. */
    private Instrumentation instrumentation() {
        return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "addTransformer":
                            transformers.add((ClassFileTransformer) args[0]);
                            return null;
                        case "isRetransformClassesSupported":
                            return true;
                        case "getAllLoadedClasses":
                        case "getInitiatedClasses":
                            return new Class<?>[0];
                        case "isModifiableClass":
                            return false;
                        default:
                            return method.getReturnType() == boolean.class ? false : null;
                    }
                });
    }

    private static final class NoOpInterceptor implements StatementInterceptor {
        @Override
        public ResultSet executeQuery(StatementCall call) {
            return null;
        }

        @Override
        public long executeUpdate(StatementCall call) {
            return 0;
        }

        @Override
        public boolean execute(StatementCall call) {
            return false;
        }

        @Override
        public long[] executeBatch(BatchCall batch) {
            return new long[0];
        }

        @Override
        public void commit(ConnectionContext cx) {
        }

        @Override
        public void rollback(ConnectionContext cx) {
        }

        @Override
        public void close(ConnectionContext cx) {
        }
    }
}
