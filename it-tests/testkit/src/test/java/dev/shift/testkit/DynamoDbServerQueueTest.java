package dev.shift.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * No client, alive, dead or slow, holds the test server's queue beyond a bounded time. Clients here are raw sockets,
 * so they can stop in the middle of a request the way a SIGKILLed JVM does: body half sent, waiting in the queue
 * behind a write, or waiting for the answer. After each, the server must answer at once. The server is this class's
 * own, with a 2-s bound per task, so a regression shows as a failure here and not as a hang of later classes.
 */
class DynamoDbServerQueueTest {
    private static final String TABLE = "QueueTest";
    private static final Duration PROMPT = Duration.ofSeconds(2);
    private static DynamoDbServer server;
    private static DynamoDbClient ddb;

    @BeforeAll
    static void startServer() {
        server = DynamoDbServer.start(null, "--task-timeout-ms", "2000", "--body-timeout-ms", "3000");
        ddb = DynamoDbServerTest.client(server, RetryMode.STANDARD);
        DynamoDbServerTest.createTable(ddb, TABLE);
    }

    @AfterAll
    static void stopServer() {
        ddb.close();
        server.close();
    }

    @Test
    void aClientKilledWithItsBodyHalfSentHoldsNothing() throws Exception {
        for (String target : List.of("PutItem", "TransactWriteItems", "GetItem", "BatchWriteItem")) {
            Socket half = send(target, bodyOf(target, "half-" + target), 0.5);
            assertAnswersPromptly("while a " + target + " body is half sent by a live client");
            half.close();
            assertAnswersPromptly("after the client of a half-sent " + target + " was killed");
        }
        assertIdle();
    }

    @Test
    void clientsKilledWhileWaitingInTheQueueHoldNothing() throws Exception {
        CompletableFuture<Integer> hold = CompletableFuture.supplyAsync(() -> exchange("HoldWrites", "{\"ms\":1500}"));
        awaitStatus("\"operation\":\"HoldWrites\"");
        List<Socket> killed = new ArrayList<>();
        killed.add(send("TransactWriteItems", bodyOf("TransactWriteItems", "queued-tx"), 1));
        killed.add(send("PutItem", bodyOf("PutItem", "queued-put"), 1));
        killed.add(send("TransactGetItems", bodyOf("TransactGetItems", "queued-tx"), 1));
        killed.add(send("GetItem", bodyOf("GetItem", "queued-put"), 1));
        awaitStatus("\"writesQueued\":3");
        awaitStatus("\"readsWaiting\":1");
        for (Socket s : killed) {
            s.close();
        }
        assertEquals(200, hold.get(10, TimeUnit.SECONDS));
        assertAnswersPromptly("after clients waiting in the queue (own, forwarded, read) were killed");
        assertIdle();
        // A request the server received in full is carried out, as DynamoDB does when its caller goes away.
        assertNotNull(item("queued-tx"), "the killed client's TransactWriteItems");
        assertNotNull(item("queued-put"), "the killed client's PutItem");
    }

    @Test
    void clientsKilledWhileWaitingForTheAnswerHoldNothing() throws Exception {
        for (int round = 0; round < 20; round++) {
            for (String target : List.of("PutItem", "TransactWriteItems", "TransactGetItems", "GetItem", "Query")) {
                send(target, bodyOf(target, "answer-" + round), 1).close();
            }
        }
        assertAnswersPromptly("after 100 clients were killed while waiting for their answers");
        assertIdle();
    }

    @Test
    void aTaskThatRunsLateIsAnsweredAndLeftBehind() throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<Integer> late = CompletableFuture.supplyAsync(() -> exchange("HoldWrites", "{\"ms\":20000}"));
        awaitStatus("\"operation\":\"HoldWrites\"");
        assertEquals(500, late.get(10, TimeUnit.SECONDS), "a task over the server's 2-s bound is answered 500");
        assertAnswersPromptly("after a task ran past its bound");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "the queue moved on long before the hold's 20 s");
        assertTrue(server.status().contains("\"abandoned\":"), server.status());
        assertIdle();
    }

    @Test
    void aSickServerIsNamedWithItsQueue() throws Exception {
        assertNull(server.problem(Duration.ofSeconds(1)), "a healthy server has no problem");
        CompletableFuture<Integer> hold = CompletableFuture.supplyAsync(() -> exchange("HoldWrites", "{\"ms\":1800}"));
        awaitStatus("\"operation\":\"HoldWrites\"");
        send("GetItem", bodyOf("GetItem", "x"), 1); // a read behind the write keeps ListTables company
        String problem = server.problem(Duration.ofMillis(500));
        assertNotNull(problem, "ListTables waits behind the held write");
        assertTrue(problem.startsWith("the DynamoDB test server at :" + server.port()
                + " has not answered ListTables for 500 ms; queue: {"), problem);
        assertTrue(problem.contains("\"operation\":\"HoldWrites\""), problem);
        assertTrue(problem.contains("dynalite.log"), "the log's last lines: " + problem);
        assertEquals(200, hold.get(10, TimeUnit.SECONDS));
        assertIdle();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static void assertAnswersPromptly(String when) {
        long t0 = System.nanoTime();
        String problem = server.problem(PROMPT);
        assertNull(problem, when + ": " + problem);
        String key = "probe-" + System.nanoTime();
        ddb.putItem(b -> b.tableName(TABLE).item(Map.of("PK", s("USER#1"), "SK", s(key))));
        assertNotNull(item(key), when + ": a write and a read right after");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 2 * PROMPT.toMillis(), when + ": took " + ms + " ms");
    }

    /** Nothing running or queued, within a moment (the answers above may still be on their way out). */
    private static void assertIdle() throws InterruptedException {
        awaitStatus("\"writing\":null,\"writesQueued\":0");
        awaitStatus("\"readsRunning\":0");
    }

    private static void awaitStatus(String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String status = server.status();
        while (!status.contains(fragment)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server's status never showed " + fragment + "; last: " + status);
            }
            Thread.sleep(20);
            status = server.status();
        }
    }

    private static Map<String, AttributeValue> item(String sk) {
        var got = ddb.getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("PK", s("USER#1"), "SK", s(sk))));
        return got.hasItem() ? got.item() : null;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static String bodyOf(String target, String sk) {
        String key = "{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"" + sk + "\"}}";
        return switch (target) {
            case "PutItem" -> "{\"TableName\":\"" + TABLE + "\",\"Item\":" + key + "}";
            case "GetItem" -> "{\"TableName\":\"" + TABLE + "\",\"Key\":" + key + "}";
            case "Query" -> "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"PK = :p\","
                    + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"USER#1\"}}}";
            case "BatchWriteItem" -> "{\"RequestItems\":{\"" + TABLE + "\":[{\"PutRequest\":{\"Item\":" + key + "}}]}}";
            case "TransactWriteItems" -> "{\"TransactItems\":[{\"Put\":{\"TableName\":\"" + TABLE + "\",\"Item\":" + key
                    + "}}]}";
            case "TransactGetItems" -> "{\"TransactItems\":[{\"Get\":{\"TableName\":\"" + TABLE + "\",\"Key\":" + key
                    + "}}]}";
            default -> throw new IllegalArgumentException(target);
        };
    }

    /** Opens a connection and sends the request with {@code fraction} of its body; the caller closes it (or not). */
    private static Socket send(String target, String body, double fraction) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(15_000);
        OutputStream out = socket.getOutputStream();
        String api = target.equals("HoldWrites") ? "ShiftTest" : "DynamoDB_20120810";
        out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: " + api + "." + target + "\r\n"
                + "X-Amz-Date: 20250101T000000Z\r\nAuthorization: AWS4-HMAC-SHA256 Credential=local/20250101/"
                + "us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, 0, (int) (bytes.length * fraction));
        out.flush();
        return socket;
    }

    /** A whole request and its answer's status code. */
    private static int exchange(String target, String body) {
        try (Socket socket = send(target, body, 1)) {
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                statusLine.append((char) c);
            }
            return Integer.parseInt(statusLine.toString().split(" ")[1]);
        } catch (IOException e) {
            throw new IllegalStateException(target + ": " + e, e);
        }
    }
}
