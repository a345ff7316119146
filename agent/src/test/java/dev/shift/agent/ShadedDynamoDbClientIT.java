package dev.shift.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relocated AWS SDK inside the agent jar works on its own: a DynamoDbClient built from the jar alone (no
 * unrelocated SDK anywhere) with the relocated Apache client, and with the HTTP client the SDK finds itself
 * through its relocated service file, makes a real call (to a stub DynamoDB endpoint on loopback).
 */
class ShadedDynamoDbClientIT {

    private static final String S = "dev.shift.agent.shaded.";

    private HttpServer server;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private URLClassLoader jar;

    @BeforeEach
    void start() throws Exception {
        jar = new URLClassLoader(new URL[] {AgentJar.path().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"TableNames\":[\"Users\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        if (jar != null) {
            jar.close();
        }
    }

    @Test
    void listsTablesWithTheRelocatedApacheClient() throws Exception {
        Object httpClientBuilder = call(load("software.amazon.awssdk.http.apache.ApacheHttpClient"), "builder");
        Object client = clientBuilder();
        call(client, "httpClientBuilder", httpClientBuilder);
        assertListsUsers(call(client, "build"));
    }

    @Test
    void listsTablesWithTheHttpClientTheSdkDiscovers() throws Exception {
        assertListsUsers(call(clientBuilder(), "build"));
    }

    private void assertListsUsers(Object dynamoDb) throws Exception {
        try {
            Object response = call(dynamoDb, "listTables");
            assertEquals(List.of("Users"), call(response, "tableNames"));
            assertEquals(List.of("DynamoDB_20120810.ListTables"), targets);
            assertTrue(dynamoDb.getClass().getName().startsWith(S), dynamoDb.getClass().getName());
        } finally {
            call(dynamoDb, "close");
        }
    }

    private Object clientBuilder() throws Exception {
        Object builder = call(load("software.amazon.awssdk.services.dynamodb.DynamoDbClient"), "builder");
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        call(builder, "endpointOverride", endpoint);
        call(builder, "region", call(load("software.amazon.awssdk.regions.Region"), "of", "us-east-1"));
        Object credentials = call(load("software.amazon.awssdk.auth.credentials.AwsBasicCredentials"), "create",
                "test", "test");
        call(builder, "credentialsProvider",
                call(load("software.amazon.awssdk.auth.credentials.StaticCredentialsProvider"), "create", credentials));
        return builder;
    }

    private Class<?> load(String unrelocatedName) throws ClassNotFoundException {
        return Class.forName(S + unrelocatedName, true, jar);
    }

    /** Calls a public method by name on an object, or a static one on a class, choosing by argument types. */
    private static Object call(Object target, String name, Object... args) throws Exception {
        boolean isStatic = target instanceof Class<?>;
        Class<?> type = isStatic ? (Class<?>) target : target.getClass();
        for (Method method : type.getMethods()) {
            if (!method.getName().equals(name) || method.getParameterCount() != args.length
                    || Modifier.isStatic(method.getModifiers()) != isStatic) {
                continue;
            }
            boolean fits = true;
            for (int i = 0; i < args.length; i++) {
                fits &= method.getParameterTypes()[i].isInstance(args[i]);
            }
            if (fits) {
                method.setAccessible(true);
                return method.invoke(isStatic ? null : target, args);
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + " for " + List.of(args));
    }
}
