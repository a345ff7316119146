package dev.shift.agent.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    @Test
    void aTimeIsRenderedAsTheIsoPatternWouldWithoutItsFormatter() {
        Random random = new Random(20261204);
        for (int i = 0; i < 20_000; i++) {
            LocalDateTime t = LocalDateTime.of(random.nextInt(10_000), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), random.nextInt(1_000_000_000));
            assertEquals(PATTERN.format(t), ColumnType.isoMillis(t), t.toString());
        }
        for (LocalDateTime edge : new LocalDateTime[] {LocalDateTime.of(0, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999),
                LocalDateTime.of(10_000, 1, 1, 0, 0), LocalDateTime.of(-1, 6, 1, 12, 0), LocalDateTime.of(2026, 11, 26, 17, 40, 0, 123_000_000)}) {
            assertEquals(PATTERN.format(edge), ColumnType.isoMillis(edge), edge.toString());
        }
        assertEquals("2026-11-26T17:40:00.123", ColumnType.TIMESTAMP.render(Timestamp.valueOf("2026-11-26 17:40:00.1239")));
    }

    @Test
    void aLocalDateTimeBecomesTheTimestampItNamesToTheMillisecond() {
        LocalDateTime t = LocalDateTime.of(2026, 3, 29, 1, 30, 15, 987_654_321);
        Object canonical = ColumnType.TIMESTAMP.coerce(t);
        assertEquals(Timestamp.valueOf(t.truncatedTo(ChronoUnit.MILLIS)), canonical);
        assertEquals(Timestamp.valueOf(Timestamp.valueOf(t).toLocalDateTime().truncatedTo(ChronoUnit.MILLIS)),
                ColumnType.TIMESTAMP.coerce(Timestamp.valueOf(t)));   // the same value from a Timestamp
        assertEquals("2026-03-29T01:30:15.987", ColumnType.TIMESTAMP.render(canonical));
    }
}
