package dev.shift.agent.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shift.agent.dynamo.ResultShape;
import dev.shift.agent.dynamo.RowSetResultSet;
import dev.shift.agent.merge.RowSet;
import dev.shift.agent.route.ResultShapes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptResultShapesTest {

    @Test
    void shapesAreKeptByDigestAndRestoredForTheSameStatementOnly(@TempDir Path dir) throws Exception {
        RowSet rows = new RowSet(List.of(new RowSet.Column("returned", "returned", "loans", Types.BOOLEAN, "BOOLEAN", 0)),
                List.of());
        ResultShape shape = ResultShape.of(new RowSetResultSet(rows).getMetaData());
        KeptResultShapes.save(dir.resolve(KeptResultShapes.FILE), Map.of("d1", shape));
        assertEquals(Map.of("d1", shape), KeptResultShapes.load(dir.resolve(KeptResultShapes.FILE)));

        String sql = "SELECT returned FROM loans WHERE member_no = 'M-001'";
        ResultShapes first = new ResultShapes();
        KeptResultShapes.attach(first, dir.resolve("run1"));
        assertEquals(shape, first.learn(sql, new RowSetResultSet(rows)));
        Path kept = dir.resolve("run1").resolve(KeptResultShapes.FILE);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(kept) && System.nanoTime() < deadline) {
            Thread.sleep(20);   // saved off the statement's thread
        }
        String text = Files.readString(kept);
        assertFalse(text.contains("M-001"), "no SQL text on disk: " + text);

        ResultShapes restarted = new ResultShapes();
        KeptResultShapes.attach(restarted, dir.resolve("run1"));
        assertEquals(shape, restarted.of(sql), "the same statement finds its shape after a restart");
        assertNull(restarted.of(sql.replace("M-001", "M-002")), "another statement does not");
    }
}
