package dev.shift.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The proxy asks for the capacity of data calls only, and sums what the answers report. */
class CountingProxyTest {

    @Test
    void aDataCallAsksForItsCapacityUnlessItDoesAlready() {
        assertEquals("{\"ReturnConsumedCapacity\":\"TOTAL\",\"TableName\":\"T\"}",
                asked("GetItem", "{\"TableName\":\"T\"}"));
        assertEquals("{\"ReturnConsumedCapacity\":\"TOTAL\"}", asked("Scan", "{}"));
        assertEquals("{\"TableName\":\"T\",\"ReturnConsumedCapacity\":\"INDEXES\"}",
                asked("Query", "{\"TableName\":\"T\",\"ReturnConsumedCapacity\":\"INDEXES\"}"));
        assertEquals("{\"TableName\":\"T\"}", asked("DescribeTable", "{\"TableName\":\"T\"}"));
    }

    @Test
    void theUnitsOfEveryTableInAnAnswerAreSummed() {
        assertEquals(1500, CountingProxy.milliUnits(bytes("{\"Item\":{},\"ConsumedCapacity\":{\"TableName\":\"T\","
                + "\"CapacityUnits\":1.5}}")));
        assertEquals(6000, CountingProxy.milliUnits(bytes("{\"ConsumedCapacity\":[{\"TableName\":\"A\",\"CapacityUnits\":"
                + "2},{\"TableName\":\"B\",\"CapacityUnits\": 4}]}")));
        assertEquals(0, CountingProxy.milliUnits(bytes("{\"Item\":{}}")));
    }

    private static String asked(String api, String body) {
        return new String(CountingProxy.askingForCapacity(api, bytes(body)), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
