package dev.shift.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when the agent jar could clash with the application: a class outside Shift's package, an
 * unrelocated service registration, a library the application's class loader could load from it.
 */
class AgentJarIT {

    private static final String SHADED = "dev.shift.agent.shaded.";

    /** One class of each library the agent carries, under its original name. */
    private static final List<String> LIBRARY_CLASSES = List.of(
            "net.bytebuddy.ByteBuddy",
            "net.bytebuddy.agent.builder.AgentBuilder",
            "net.sf.jsqlparser.parser.CCJSqlParserUtil",
            "software.amazon.awssdk.services.dynamodb.DynamoDbClient",
            "software.amazon.awssdk.http.apache.ApacheHttpClient",
            "software.amazon.awssdk.thirdparty.jackson.core.JsonFactory",
            "org.apache.http.impl.client.HttpClients",
            "org.apache.hc.client5.http.classic.HttpClient",
            "org.apache.commons.logging.LogFactory",
            "org.apache.commons.codec.binary.Base64",
            "io.undertow.Undertow",
            "org.xnio.Xnio",
            "org.jboss.logging.Logger",
            "org.wildfly.common.Assert",
            "io.smallrye.common.constraint.Assert",
            "com.fasterxml.jackson.jr.ob.JSON",
            "com.fasterxml.jackson.core.JsonFactory",
            "io.prometheus.metrics.core.metrics.Counter",
            "picocli.CommandLine",
            "me.tongfei.progressbar.ProgressBar",
            "org.jline.terminal.Terminal",
            "com.mysql.cj.jdbc.Driver",
            "com.mysql.cj.jdbc.NonRegisteringDriver",
            "com.google.protobuf.Message",
            "org.slf4j.LoggerFactory",
            "org.reactivestreams.Publisher");

    @Test
    void holdsNoClassOutsideShiftsPackage() throws IOException {
        List<String> outside = new ArrayList<>();
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("dev/shift/")) {
                    outside.add(name); // includes META-INF/versions/** (never relocated by maven-shade)
                }
            }
        }
        if (!outside.isEmpty()) {
            fail(outside.size() + " classes outside dev/shift/ in " + AgentJar.path() + " (relocate or exclude them "
                    + "in agent/pom.xml), e.g.:\n" + outside.stream().limit(25).collect(Collectors.joining("\n")));
        }
    }

    @Test
    void relocatesEveryLibrary() throws IOException {
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            for (String library : LIBRARY_CLASSES) {
                String relocated = (SHADED + library).replace('.', '/') + ".class";
                assertNotNull(jar.getEntry(relocated), "missing relocated " + relocated);
            }
        }
    }

    @Test
    void manifestMakesItAnAgentAndACommand() throws IOException {
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.shift.agent.ShiftAgent", main.getValue("Premain-Class"));
            assertEquals("dev.shift.agent.ShiftAgent", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("dev.shift.agent.Main", main.getValue("Main-Class"));
            assertTrue(main.getValue("Multi-Release") == null || main.getValue("Multi-Release").equals("false"),
                    "no multi-release entries are kept, so the jar must not claim to be multi-release");
        }
    }

    @Test
    void serviceFilesNameRelocatedTypesAndNeverRegisterADriver() throws IOException {
        try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
            assertEquals(null, jar.getEntry("META-INF/services/java.sql.Driver"),
                    "Shift's Connector/J must not register itself in the application's DriverManager");
            String http = read(jar, "META-INF/services/" + SHADED + "software.amazon.awssdk.http.SdkHttpService");
            assertTrue(http.contains(SHADED + "software.amazon.awssdk.http.apache.ApacheSdkHttpService"), http);
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                String name = entry.getName();
                if (!name.startsWith("META-INF/services/") || entry.isDirectory()
                        || name.substring("META-INF/services/".length()).contains("/")) {
                    continue;
                }
                String service = name.substring("META-INF/services/".length());
                assertTrue(service.startsWith("dev.shift."), "service of an unrelocated type: " + name);
                for (String line : read(jar, name).lines().map(String::trim).collect(Collectors.toList())) {
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        assertTrue(line.startsWith("dev.shift."), name + " names unrelocated " + line);
                    }
                }
            }
        }
    }

    @Test
    void theApplicationsClassLoaderSeesOnlyShiftInIt() throws Exception {
        // The agent jar is appended to the system class path: an application loader sees what this loader sees.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {AgentJar.path().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            assertEquals(loader, loader.loadClass("dev.shift.agent.ShiftAgent").getClassLoader());
            for (String library : LIBRARY_CLASSES) {
                try {
                    loader.loadClass(library);
                    fail("the agent jar lets the application load " + library);
                } catch (ClassNotFoundException expected) {
                    // as it should be
                }
            }
            for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                assertFalse(driver.getClass().getClassLoader() == loader,
                        "the agent jar registers a JDBC driver: " + driver.getClass());
            }
        }
    }

    @Test
    void theCommandLineAnswersUnknownCommandsWithUsage() {
        AgentJar.Result result = AgentJar.exec(List.of(AgentJar.currentJava().toString(), "-jar",
                AgentJar.path().toString(), "frobnicate"));
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("unknown command 'frobnicate'"), result::toString);
    }

    private static String read(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertNotNull(entry, "missing " + name);
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
