package dev.shift.agent.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which Connector/J versions answer a DATETIME with a LocalDateTime (8.0.23 and later). */
class DriverDialectTest {
    @Test
    void connectorJFrom8023AnswersLocalDateTime() {
        assertEquals(true, DriverDialect.connectorJReturnsLocalDateTime("mysql-connector-j-9.1.0 (Revision: abc)"));
        assertEquals(true, DriverDialect.connectorJReturnsLocalDateTime("mysql-connector-java-8.0.23 (Revision: abc)"));
        assertEquals(false, DriverDialect.connectorJReturnsLocalDateTime("mysql-connector-java-8.0.22 (Revision: abc)"));
        assertEquals(false, DriverDialect.connectorJReturnsLocalDateTime("mysql-connector-java-5.1.49 ( Revision: x )"));
        assertEquals("INTEGER", new DriverDialect(false, "INTEGER").typeName("INT"));
        assertEquals("BIGINT", new DriverDialect(false, "INTEGER").typeName("BIGINT"));
    }
}
