package dev.shift.agent.cli;

import dev.shift.agent.backfill.Backfill;
import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The backfill's progress on the terminal (stderr): rows done / total, rows per second, ETA. */
final class TerminalProgress implements Backfill.Progress {
    private final PrintStream err;
    private final String task;
    private ProgressBar bar;

    TerminalProgress(PrintStream err, String task) {
        this.err = err;
        this.task = task;
    }

    @Override
    public synchronized void start(long totalRows, long alreadyDone) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalRows)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" rows", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(500).startsFrom(alreadyDone, Duration.ZERO)
                .setConsumer(new ConsoleProgressBarConsumer(err, 110)).build();
    }

    @Override
    public synchronized void advance(long rows) {
        if (bar != null) {
            bar.stepBy(rows);
            if (bar.getCurrent() > bar.getMax()) {
                bar.maxHint(bar.getCurrent());   // rows inserted live while it runs
            }
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
