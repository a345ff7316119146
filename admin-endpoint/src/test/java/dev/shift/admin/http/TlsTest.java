package dev.shift.admin.http;

import static dev.shift.admin.http.Fixture.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.store.FileFlagStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port over TLS, and the secrets around it: keystore, Secure cookies, token files. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void withAKeystoreTheAdminPortSpeaksHttpsAndCookiesAreSecure() throws Exception {
        Path keystore = keystore("changeit");
        AdminConfig config = AdminConfig.from(Map.of("admin.bind", "0.0.0.0", "admin.port", "0",
                "admin.tokens", ALICE + "=alice:operator", "admin.tls.keystore", keystore.toString(),
                "admin.tls.password", "changeit"));
        try (AdminServer s = AdminServer.builder().config(config).control(MigrationControl.startingIn(Phase.MYSQL_ONLY))
                .store(new FileFlagStore(dir.resolve("state"), "i")).build().start()) {
            assertTrue(s.url().startsWith("https://"), s.url());
            HttpsURLConnection health = open(s.port(), "/health");
            assertEquals(200, health.getResponseCode());
            health.disconnect();

            HttpsURLConnection panel = open(s.port(), "/");
            panel.getInputStream().readAllBytes();
            String cookie = String.join("; ", panel.getHeaderFields().getOrDefault("Set-Cookie", List.of()));
            assertTrue(cookie.toLowerCase().contains("secure") && cookie.toLowerCase().contains("httponly"), cookie);

            HttpURLConnection plain = (HttpURLConnection) URI.create("http://127.0.0.1:" + s.port() + "/health").toURL()
                    .openConnection();
            plain.setReadTimeout(3000);
            assertThrows(IOException.class, plain::getResponseCode, "plain HTTP gets no answer from a TLS port");
        }
    }

    @Test
    void aWrongKeystorePasswordIsAClearError() throws Exception {
        Path keystore = keystore("changeit");
        AdminConfig config = AdminConfig.from(Map.of("admin.tls.keystore", keystore.toString(),
                "admin.tls.password", "wrong"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AdminServer.builder().config(config)
                .control(MigrationControl.startingIn(Phase.MYSQL_ONLY)).store(new FileFlagStore(dir, "i")).build());
        assertTrue(e.getMessage().contains("cannot use the admin port's TLS keystore"), e.getMessage());
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), ALICE + "=alice:operator\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdminConfig.from(Map.of("admin.tokens", tokens.toString())));
        assertTrue(e.getMessage().contains("readable by its group or by others") && e.getMessage().contains("chmod 600"),
                e.getMessage());
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        assertEquals(1, AdminConfig.from(Map.of("admin.tokens", tokens.toString())).tokens().size());
    }

    private Path keystore(String password) throws Exception {
        Path file = dir.resolve("admin.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "shift-admin", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return file;
    }

    /** A client that trusts the test's self-signed certificate. */
    private static HttpsURLConnection open(int port, String path) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://127.0.0.1:" + port + path).toURL().openConnection();
        c.setSSLSocketFactory(trustAll.getSocketFactory());
        c.setHostnameVerifier((h, s) -> true);
        c.setReadTimeout(5000);
        return c;
    }
}
