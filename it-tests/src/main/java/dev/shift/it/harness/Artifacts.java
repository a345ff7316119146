package dev.shift.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built jars are: the tests start the real artifacts, not classes from the classpath. */
public final class Artifacts {

    private Artifacts() {
    }

    /** The repository's top folder, found from the working directory upwards. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("agent")) && Files.isDirectory(p.resolve("legacy-shop"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find Shift's repository root above " + dir);
    }

    public static Path agentJar() {
        return existing(repoRoot().resolve("agent/target/shift-agent.jar"));
    }

    public static Path shopJar() {
        return existing(repoRoot().resolve("legacy-shop/target/legacy-shop.jar"));
    }

    /**
     * The ORM shop's classpath ({@code orm-shop}: Hibernate, HikariCP, MariaDB's driver), as its build wrote it:
     * the shop's jar and its dependencies in the local Maven repository.
     */
    public static String ormShopClasspath() {
        Path target = repoRoot().resolve("orm-shop/target");
        Path dependencies = existing(target.resolve("runtime.classpath"));
        try {
            return existing(target.resolve("orm-shop.jar")) + File.pathSeparator + Files.readString(dependencies).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder for logs, screenshots and other things a person may want to look at after a run. */
    public static Path outputDir(String name) {
        return repoRoot().resolve("it-tests/target/it-output").resolve(name);
    }

    private static Path existing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -DskipTests install)");
        }
        return jar;
    }
}
