package io.vidstore.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A progress line on stderr, redrawn in place, only when the command runs in a terminal ({@link
 * System#console()} is not null, which on Java 17 means both stdin and stdout are terminals):
 * piped or redirected runs, and scripts, get no progress noise. Redrawn at most five times a
 * second. Its methods may be called from any one thread at a time.
 */
final class ProgressLine {

    private static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int drawnWidth;

    private ProgressLine(PrintWriter err, String label, boolean enabled) {
        this.err = err;
        this.label = label;
        this.enabled = enabled;
    }

    /** A line that is drawn only when the command runs in a terminal. */
    static ProgressLine forTerminal(PrintWriter err, String label) {
        return new ProgressLine(err, label, System.console() != null);
    }

    boolean enabled() {
        return enabled;
    }

    /** Reports bytes transferred so far, out of {@code total} when known. */
    void bytes(long done, OptionalLong total) {
        if (!due()) {
            return;
        }
        long elapsed = System.nanoTime() - start;
        StringBuilder s = new StringBuilder(label).append(' ').append(Units.bytes(done));
        if (total.isPresent() && total.getAsLong() > 0) {
            s.append(" of ").append(Units.bytes(total.getAsLong())).append(String.format(Locale.ROOT,
                    " (%.0f%%)", 100.0 * done / total.getAsLong()));
        }
        draw(s.append(", ").append(Units.rate(done, elapsed)).toString());
    }

    /** Reports a percentage and a detail. */
    void percent(double percent, String detail) {
        if (due()) {
            draw(String.format(Locale.ROOT, "%s %.0f%% %s", label, percent, detail));
        }
    }

    /** Clears the line. */
    void done() {
        if (enabled && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    private boolean due() {
        if (!enabled) {
            return false;
        }
        long now = System.nanoTime();
        if (drawnWidth > 0 && now - lastDraw < INTERVAL_NANOS) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(String text) {
        String padded = text.length() < drawnWidth ? text + " ".repeat(drawnWidth - text.length()) : text;
        err.print("\r" + padded);
        err.flush();
        drawnWidth = Math.max(drawnWidth, text.length());
    }
}
