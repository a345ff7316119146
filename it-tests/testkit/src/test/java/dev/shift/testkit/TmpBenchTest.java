package dev.shift.testkit;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class TmpBenchTest {
    @Test
    void bench() {
        DynamoDbServer s = TestServers.dynamoDb();
        DynamoDbClient c = DynamoDbServerTest.client(s, RetryMode.STANDARD);
        DynamoDbServerTest.createTable(c, "Bench");
        StringBuilder sb = new StringBuilder();
        for (int batch = 0; batch < 20; batch++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                int k = batch * 200 + i;
                c.putItem(b -> b.tableName("Bench").item(Map.of("PK", DynamoDbServerTest.s("U#" + (k % 80)), "SK", DynamoDbServerTest.s("C#" + k), "q", DynamoDbServerTest.n("1"))));
            }
            sb.append(String.format("%.0f ", 200 / ((System.nanoTime() - t0) / 1e9)));
        }
        System.out.println("rates " + sb);
    }
}
