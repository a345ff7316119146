package dev.shift.admin.http;

import dev.shift.core.backlog.Backlog;
import dev.shift.core.backlog.BacklogException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A backlog in memory; ids in {@link #refusing} fail their retry like DynamoDB refusing again. */
final class FakeBacklog implements Backlog {

    final List<Entry> entries = new CopyOnWriteArrayList<>();
    final Set<Long> refusing = ConcurrentHashMap.newKeySet();
    final List<String> done = new CopyOnWriteArrayList<>();
    volatile boolean broken;

    FakeBacklog add(long id, Duration age, String... scope) {
        entries.add(new Entry(id, Instant.now().minus(age), List.of(scope), 2, "DynamoDB unreachable"));
        return this;
    }

    @Override
    public Summary summary() {
        check();
        return new Summary(entries.size(), entries.stream().map(Entry::recordedAt).min(Comparator.naturalOrder())
                .map(t -> Duration.between(t, Instant.now())));
    }

    @Override
    public List<Entry> list(int limit) {
        check();
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::recordedAt));
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    @Override
    public boolean retry(long id) throws BacklogException {
        Optional<Entry> e = find(id);
        if (e.isEmpty()) {
            return false;
        }
        if (refusing.contains(id)) {
            throw new BacklogException("DynamoDB refused: ProvisionedThroughputExceededException", null);
        }
        entries.remove(e.get());
        done.add("retry " + id);
        return true;
    }

    @Override
    public boolean discard(long id) {
        Optional<Entry> e = find(id);
        e.ifPresent(x -> {
            entries.remove(x);
            done.add("discard " + id);
        });
        return e.isPresent();
    }

    private Optional<Entry> find(long id) {
        return entries.stream().filter(x -> x.id() == id).findFirst();
    }

    private void check() {
        if (broken) {
            throw new IllegalStateException("outbox table unreachable");
        }
    }
}
