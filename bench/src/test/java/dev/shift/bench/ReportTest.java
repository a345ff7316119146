package dev.shift.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    @Test
    void numbersHaveThreeSignificantDigits() {
        assertEquals("1.23", Report.number(1.23456));
        assertEquals("0.0123", Report.number(0.0123456));
        assertEquals("123", Report.number(123.456));
        assertEquals("12346", Report.number(12345.6));
        assertEquals("0", Report.number(0));
        assertEquals("—", Report.number(Double.NaN));
        assertEquals("—", Report.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void targetsAreCheckedAgainstTheBaseline() {
        assertTrue(Target.ratioAtLeast(0.97).met(98, 100));
        assertFalse(Target.ratioAtLeast(0.97).met(96, 100));
        assertTrue(Target.ratioAtMost(1.05).met(105, 100));
        assertFalse(Target.ratioAtMost(1.0).met(10.5, 10));
        assertTrue(Target.extraAtMost(0.5, "s").met(2.4, 2.0));
        assertFalse(Target.extraAtMost(40, "MiB").met(141, 100));
        assertTrue(Target.atMost(2000, "ns").met(1999, Double.NaN));
        assertNull(Target.none().met(1, 1));
        assertNull(Target.ratioAtLeast(0.9).met(1, 0), "no verdict without a baseline");
    }

    @Test
    void tableIsAlignedAndMarksMissedTargets() {
        Report r = new Report();
        r.add("1 pass-through", "throughput", "req/s", 96, 100, "no agent", Target.ratioAtLeast(0.97));
        r.add("6 start-up", "agent jar size", "MiB", 30.25, Double.NaN, "—", Target.none());
        List<String> lines = r.table().lines().toList();
        assertEquals(4, lines.size(), r.table());
        assertTrue(lines.get(0).startsWith("#"));
        assertTrue(lines.get(1).matches("-+"));
        assertTrue(lines.get(2).contains("96 req/s") && lines.get(2).contains("100 req/s (no agent)")
                && lines.get(2).contains("0.96×") && lines.get(2).endsWith("MISSED"), lines.get(2));
        assertEquals(lines.get(2).indexOf("throughput"), lines.get(3).indexOf("agent jar size"), "columns aligned");
        assertTrue(lines.get(3).contains("30.3 MiB") && !lines.get(3).contains("×"), lines.get(3));
    }

    @Test
    void markdownAndJsonCarryTheSameRows() throws Exception {
        Report r = new Report();
        r.machine("cpu", "2 × test");
        r.add("2 statement cost", "hit", "ns", 15, 10, "HashMap hit", Target.atMost(2000, "ns"));
        r.note("2 statement cost", "Method: JMH.");
        String md = r.markdown("Results");
        assertTrue(md.contains("- cpu: 2 × test"), md);
        assertTrue(md.contains("| 2 statement cost | hit | 15 ns | 10 ns (HashMap hit) | 1.50× | ≤ 2000 ns | met |"), md);
        assertTrue(md.contains("### 2 statement cost\n\nMethod: JMH."), md);
        Map<String, Object> json = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(r.json());
        List<?> results = (List<?>) json.get("results");
        Map<?, ?> row = (Map<?, ?>) results.get(0);
        assertEquals(1.5, ((Number) row.get("ratio")).doubleValue(), 1e-9);
        assertEquals(Boolean.TRUE, row.get("met"));
    }
}
