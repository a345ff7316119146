package dev.shift.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Puts the Node launcher ({@code server.js} + package.json + package-lock.json, shipped as class path resources) in a
 * cache dir named after the hash of those files ({@code ~/.cache/shift/ddb-server/<hash>/}, see {@link Caches}), and
 * runs {@code npm ci} there once per machine. A file lock keeps two JVMs (e.g. parallel Maven modules) from installing
 * into the same dir at the same time.
 */
final class DynamoDbLauncher {
    private static final String RESOURCE_DIR = "/dev/shift/testkit/dynamodb/";
    private static final List<String> FILES = List.of("server.js", "package.json", "package-lock.json");
    private static final long NPM_TIMEOUT_MINUTES = 10;
    private static final int MIN_NODE_MAJOR = 20;

    private static Path installed;

    private DynamoDbLauncher() {}

    /** The dir holding server.js with its node_modules installed. */
    static synchronized Path installedDir() {
        if (installed != null && Files.isDirectory(installed.resolve("node_modules"))) {
            return installed;
        }
        checkNodeVersion();
        Map<String, byte[]> files = readResources();
        byte[][] parts = files.values().toArray(new byte[0][]);
        Caches.Filler install = dir -> {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path tmp = dir.resolve(file.getKey() + ".tmp");
                Files.write(tmp, file.getValue());
                Files.move(tmp, dir.resolve(file.getKey()), StandardCopyOption.REPLACE_EXISTING);
            }
            npmCi(dir);
        };
        String key = Caches.hash(parts);
        Path dir = Caches.get("ddb-server", key, install);
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("dynalite")) || !Files.exists(dir.resolve("server.js"))) {
            Caches.invalidate(dir); // cleaned by hand but the marker left: install again
            dir = Caches.get("ddb-server", key, install);
        }
        installed = dir;
        return installed;
    }

    /** dynalite 4 declares node >= 20; an older node fails later in obscure ways, so say it up front. */
    private static void checkNodeVersion() {
        Path node = Binaries.node();
        String version;
        try {
            Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + node + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)\\.").matcher(version);
        if (!m.find() || Integer.parseInt(m.group(1)) < MIN_NODE_MAJOR) {
            throw new IllegalStateException(node + " is " + version + "; dynalite 4 (the DynamoDB-compatible test "
                    + "server) needs Node.js " + MIN_NODE_MAJOR + " or newer (-Dshift.node.bindir=DIR picks another)");
        }
    }

    private static void npmCi(Path dir) {
        Path log = dir.resolve("npm-install.log");
        List<String> command = Workdirs.list(Binaries.npm().toString(), "ci", "--omit=dev", "--no-audit", "--no-fund",
                "--loglevel=warn");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // npm is a node script: make sure the node we found is the one it runs with.
        pb.environment().put("PATH", Binaries.node().getParent() + java.io.File.pathSeparator
                + pb.environment().getOrDefault("PATH", ""));
        pb.environment().put("npm_config_update_notifier", "false");
        long t0 = System.nanoTime();
        try {
            Process p = pb.start();
            if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                Processes.stop(p, java.time.Duration.ofSeconds(5));
                throw new IllegalStateException("npm ci for dynalite did not finish within " + NPM_TIMEOUT_MINUTES
                        + " min in " + dir + "\n" + Workdirs.tail(log, 30));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("npm ci for dynalite failed (exit " + p.exitValue() + ") in " + dir
                        + "; it needs the npm registry the first time.\n" + Workdirs.tail(log, 30));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run npm in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during npm ci", e);
        }
        System.err.println("[shift-testkit] installed dynalite in " + dir + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    }

    private static Map<String, byte[]> readResources() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in = DynamoDbLauncher.class.getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE_DIR + name + " is missing from the testkit jar");
                }
                files.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + name, e);
            }
        }
        return files;
    }
}
