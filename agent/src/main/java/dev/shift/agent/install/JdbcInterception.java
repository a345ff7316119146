package dev.shift.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.failSafe;

import java.lang.instrument.Instrumentation;
import java.sql.Driver;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Makes every JDBC connection an application obtains a Shift connection, by intercepting the implementations of
 * {@link Driver#connect} (what DriverManager, Connector/J's and HikariCP's DataSources and most pools end up calling)
 * and of {@link DataSource#getConnection} (DataSources that open connections without a Driver, e.g. MariaDB's). In
 * {@code premain} that is {@link ConnectionWeaver}'s work; Byte Buddy's {@link AgentBuilder} here advises classes
 * already loaded (Shift attached to a running JVM, or a driver another agent loaded first) and is what the fail-closed
 * start and the tests use.
 *
 * <p>Only methods returning exactly {@code java.sql.Connection} are advised: a driver that declares a covariant
 * return type (MariaDB's {@code Connection connect(…)}) also has a compiler-made bridge method with the interface's
 * signature, and that bridge is what DriverManager and pools call through the interface; wrapping inside the
 * covariant method would not even type-check.
 */
public final class JdbcInterception {

    private static final System.Logger LOG = System.getLogger(JdbcInterception.class.getName());

    private JdbcInterception() {
    }

    /** Installs the transformation; returns its handle (tests reset it). */
    public static ResettableClassFileTransformer install(Instrumentation instrumentation) {
        return agentBuilder(driversLoaded(instrumentation)).installOn(instrumentation);
    }

    /**
     * As {@link #install}, for {@code premain}: with no driver loaded yet, the classes the application loads are woven
     * by {@link ConnectionWeaver} (plain ASM, nothing of Byte Buddy's agent machinery to load before the application
     * starts); otherwise loaded classes must be retransformed, which only Byte Buddy's advice does.
     */
    public static void installForApplication(Instrumentation instrumentation) {
        if (driversLoaded(instrumentation)) {
            install(instrumentation);
        } else {
            instrumentation.addTransformer(new ConnectionWeaver());
        }
    }

    /**
     * Whether a JDBC driver or DataSource class is already loaded outside the JDK, so the transformation must
     * also retransform loaded classes. In {@code premain} none is (the application's main has not run yet), and
     * skipping the retransformation pass over every loaded class halves the agent's set-up time; attached to a
     * running JVM, or after another agent loaded a driver, it is needed.
     */
    static boolean driversLoaded(Instrumentation instrumentation) {
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (c.getClassLoader() != null && (Driver.class.isAssignableFrom(c) || DataSource.class.isAssignableFrom(c))
                    && !c.getName().startsWith("dev.shift.")) {
                return true;
            }
        }
        return false;
    }

    static AgentBuilder agentBuilder(boolean retransformLoaded) {
        Advice advice = Advice.to(ConnectionAdvice.class);
        Advice capture = Advice.to(DriverConnectCapture.class);
        // Type validation checks what Byte Buddy generates; advice inlined into existing methods generates no
        // types, and skipping it saves start-up time in the application's premain.
        return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(retransformLoaded ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                // Matching "implements java.sql.Driver" resolves each loaded class's super types; caching the
                // parsed types per class loader keeps java.lang.Object & co. from being parsed again for every class.
                .with(new AgentBuilder.PoolStrategy.WithTypePoolCache.Simple(new ConcurrentHashMap<>()))
                .with(new ErrorListener())
                .with(ConnectionMethodPrefilter.DECORATOR)   // most classes skip Byte Buddy's parsing altogether
                // One ignore chain (a second ignore() call would replace the first).
                .ignore(any(), isBootstrapClassLoader())   // the JDK, including DriverManager
                .or(notInterceptedPackages())
                .or(isSynthetic())
                .type(implementationOf(Driver.class, driverConnect()))
                .transform((builder, type, classLoader, module, protectionDomain) -> !seesShift(classLoader)
                        ? builder
                        : builder.visit(advice.on(driverConnect())).visit(BridgeReturnWrapper.driverConnect())
                                .visit(capture.on(anyDriverConnect())))
                .type(implementationOf(DataSource.class, dataSourceGetConnection()))
                .transform((builder, type, classLoader, module, protectionDomain) -> !seesShift(classLoader)
                        ? builder
                        : builder.visit(advice.on(dataSourceGetConnection()))
                                .visit(BridgeReturnWrapper.dataSourceGetConnection()));
    }

    /** {@link ConnectionDescriptors#NOT_INTERCEPTED}, as a Byte Buddy matcher. */
    private static ElementMatcher.Junction<TypeDescription> notInterceptedPackages() {
        ElementMatcher.Junction<TypeDescription> packages = none();
        for (String prefix : ConnectionDescriptors.NOT_INTERCEPTED) {
            packages = packages.or(nameStartsWith(prefix.replace('/', '.')));
        }
        return packages;
    }

    /**
     * The woven code calls Shift's classes by name from the driver's class; a class loader that cannot see the
     * agent jar (an isolated plugin loader) would fail at that call, so such drivers are left alone.
     */
    static boolean seesShift(ClassLoader classLoader) {
        try {
            if (Class.forName(BridgeExit.class.getName(), false, classLoader) == BridgeExit.class) {
                return true;
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // falls through
        }
        LOG.log(System.Logger.Level.WARNING, "Shift cannot intercept JDBC connections made in class loader "
                + classLoader + ": it does not see the agent's classes");
        return false;
    }

    /**
     * Classes (abstract ones included: a concrete driver may inherit {@code connect} from one) implementing
     * {@code type} that declare one of the advised methods. The declared-method check comes first because it
     * needs only the class itself; the super-type walk runs for the few classes that pass it.
     */
    static ElementMatcher.Junction<TypeDescription> implementationOf(Class<?> type,
            ElementMatcher<? super MethodDescription> advised) {
        // failSafe: a class whose hierarchy cannot be resolved (an optional dependency missing) is simply not a
        // match, instead of a transformation error logged for every such class of the application.
        return not(isInterface()).and(declaresMethod(advised)).and(failSafe(isSubTypeOf(type)));
    }

    /** Also matches bridge methods, which {@link BridgeReturnWrapper} weaves (Advice skips them). */
    static ElementMatcher.Junction<MethodDescription> driverConnect() {
        return named("connect")
                .and(takesArguments(String.class, Properties.class))
                .and(returns(named("java.sql.Connection")))
                .and(not(isAbstract()));
    }

    /** Every {@code connect(String, Properties)} implementation, whatever connection type it declares. */
    static ElementMatcher.Junction<MethodDescription> anyDriverConnect() {
        return named("connect").and(takesArguments(String.class, Properties.class)).and(not(isAbstract()));
    }

    static ElementMatcher.Junction<MethodDescription> dataSourceGetConnection() {
        return named("getConnection")
                .and(takesArguments(0).or(takesArguments(String.class, String.class)))
                .and(returns(named("java.sql.Connection")))
                .and(not(isAbstract()));
    }

    /** Transformation errors are reported, never silently dropped; the class then stays as it was. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {

        @Override
        public void onError(String typeName, ClassLoader classLoader, net.bytebuddy.utility.JavaModule module,
                boolean loaded, Throwable throwable) {
            LOG.log(System.Logger.Level.WARNING, "Shift could not instrument " + typeName
                    + "; connections it creates are not intercepted (they run on MySQL untouched)", throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader,
                net.bytebuddy.utility.JavaModule module, boolean loaded,
                net.bytebuddy.dynamic.DynamicType dynamicType) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Shift intercepts connections of " + typeDescription.getName());
        }
    }
}
