package dev.shift.agent.route;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.ormshop.Workload;
import dev.shift.agent.ShopSchema;
import dev.shift.agent.mapping.Mapping;
import dev.shift.core.flags.Phase;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * A drop-in application Shift was not written for: a Hibernate ORM 6 shop (composite keys, IDENTITY ids, a
 * one-to-many with orphan removal, dirty checking, merge, JPQL, Criteria, fetch joins, batch fetching, bulk
 * statements) whose connections are Shift's. Its SQL is Hibernate's, not hand-written for Shift. The same workload
 * runs from empty stores in each phase, so in phases 4-5 everything read was written through DynamoDB; what the
 * application sees must be what it sees on MySQL alone (phase 1), and no step may fail. Real MariaDB (Connector/J)
 * and a private DynamoDB-compatible server.
 */
class OrmShopIT {

    @RegisterExtension
    static final RouteServers servers = new RouteServers();

    /** A phase's steps; {@code untranslatable}: Hibernate's statements Shift's planner cannot answer from DynamoDB. */
    record Run(Phase phase, List<Workload.Step> steps, Map<String, String> untranslatable) {
        List<Workload.Step> failed() {
            return steps.stream().filter(s -> s.error() != null).toList();
        }
    }

    @Test
    void aHibernateShopSeesInEveryPhaseWhatItSeesOnMysql() throws Exception {
        Map<Phase, Run> runs = new LinkedHashMap<>();
        for (Phase phase : Phase.values()) {
            runs.put(phase, run(phase));
        }
        report(runs);

        List<Workload.Step> reference = runs.get(Phase.MYSQL_ONLY).steps();
        List<Executable> checks = new ArrayList<>();
        for (Run run : runs.values()) {
            checks.add(() -> assertEquals(List.of(), run.failed().stream().map(s -> s.name() + ": " + s.error()).toList(),
                    "phase " + run.phase().number() + ": steps that threw"));
            List<Workload.Step> steps = run.steps();
            for (int i = 0; i < steps.size(); i++) {
                Workload.Step step = steps.get(i);
                // Phases 2-3 end with one more step: the final state read again in phase 4, i.e. from DynamoDB.
                Workload.Step expected = i < reference.size() ? reference.get(i) : reference.get(reference.size() - 1);
                checks.add(() -> assertEquals(expected.result(), step.result(),
                        "phase " + run.phase().number() + ", step " + step.name() + " (phase 1: " + expected.name() + ")"));
            }
        }
        assertAll(checks);
    }

    /** The workload from empty stores with Shift's router starting in {@code phase}. */
    private Run run(Phase phase) throws Exception {
        try (RouterFixture fx = new RouterFixture(servers.mysql(), servers.client(), Mapping.defaultMapping(), phase, false, st -> {
            ShopSchema.createProducts(st);
            ShopSchema.createMigratedTables(st);
        })) {
            Workload shop = new Workload(7);
            Map<String, String> untranslatable = new LinkedHashMap<>();
            try (SessionFactory sf = HibernateOnShift.sessionFactory(fx,
                    HibernateOnShift.namingUntranslatable(fx.planner, untranslatable, shop.recorder()))) {
                shop.run(sf);
                if (phase == Phase.DUAL_WRITE || phase == Phase.DUAL_READ) {
                    // Reads came from MySQL so far: does DynamoDB hold what the application wrote?
                    fx.drainAll();
                    fx.control.change(Phase.DYNAMODB_READ.flags(), "test");
                    shop.step("final state, read from DynamoDB (phase 4)", () -> shop.state(sf));
                }
            }
            return new Run(phase, shop.steps(), untranslatable);
        }
    }

    private static void report(Map<Phase, Run> runs) {
        PrintWriter out = new PrintWriter(System.out, true);
        List<Workload.Step> reference = runs.get(Phase.MYSQL_ONLY).steps();
        for (Run run : runs.values()) {
            out.println("=== OrmShopIT phase " + run.phase().number() + " (" + run.phase().title() + "): "
                    + run.failed().size() + " of " + run.steps().size() + " steps threw");
            for (int i = 0; i < run.steps().size(); i++) {
                Workload.Step step = run.steps().get(i);
                Workload.Step expected = i < reference.size() ? reference.get(i) : reference.get(reference.size() - 1);
                if (step.error() != null) {
                    out.println("  FAILED  " + step.name() + "\n    error: " + step.error());
                    step.sql().forEach(sql -> out.println("    sql: " + sql));
                } else if (!step.result().equals(expected.result())) {
                    out.println("  DIFFERS " + step.name() + "\n    got:      " + step.result()
                            + "\n    expected: " + expected.result());
                    step.sql().forEach(sql -> out.println("    sql: " + sql));
                }
            }
        }
        // The same in every phase; phases 2-3 send them to MySQL and copy their rows, phases 4-5 refuse them.
        Map<String, String> untranslatable = new LinkedHashMap<>();
        runs.values().forEach(run -> run.untranslatable().forEach(untranslatable::putIfAbsent));
        out.println("=== OrmShopIT: Hibernate's statements Shift cannot answer from DynamoDB: " + untranslatable.size());
        untranslatable.forEach((sql, reason) -> out.println("  " + sql + "\n    " + reason));
        out.println("=== OrmShopIT phase 1 results");
        reference.forEach(s -> out.println("  " + s.name() + " -> " + s.result()));
    }
}
