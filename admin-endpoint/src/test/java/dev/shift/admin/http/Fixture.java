package dev.shift.admin.http;

import dev.shift.core.flags.MigrationControl;
import dev.shift.core.flags.Phase;
import dev.shift.core.metrics.ShiftMetrics;
import dev.shift.core.store.FileFlagStore;

import java.nio.file.Path;
import java.util.Map;

/** A real admin server on a free port over a file store in a temp dir, with two tokens. */
final class Fixture implements AutoCloseable {

    static final String ALICE = "alice-token-0123456789abcdef";
    static final String VIEWER = "viewer-token-0123456789abcdef";

    final Path dir;
    final MigrationControl control;
    final ShiftMetrics metrics = new ShiftMetrics();
    final AdminServer server;
    final Http http;

    Fixture(Path dir) {
        this(dir, Map.of(ALICE, Operator.operator("alice"), VIEWER, Operator.readOnly("viewer")));
    }

    Fixture(Path dir, Map<String, Operator> tokens) {
        this(dir, tokens, b -> { });
    }

    /** With extra builder settings, e.g. {@code b -> b.jobs(fake).backlog(fake)}. */
    Fixture(Path dir, java.util.function.Consumer<AdminServer.Builder> extra) {
        this(dir, Map.of(ALICE, Operator.operator("alice"), VIEWER, Operator.readOnly("viewer")), extra);
    }

    Fixture(Path dir, Map<String, Operator> tokens, java.util.function.Consumer<AdminServer.Builder> extra) {
        this.dir = dir;
        this.control = MigrationControl.startingIn(Phase.MYSQL_ONLY);
        AdminServer.Builder b = AdminServer.builder().control(control).metrics(metrics).store(new FileFlagStore(dir, "test-instance"))
                .tokens(tokens).port(0);
        extra.accept(b);
        this.server = b.build().start();
        this.http = new Http(server.port());
    }

    @Override
    public void close() {
        server.close();
    }
}
