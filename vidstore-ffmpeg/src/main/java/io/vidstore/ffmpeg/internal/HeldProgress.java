package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.RenderProgress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Progress lines of an ffmpeg that started before its command was confirmed: they are held back
 * until {@link #release} (the command is the right one, and the output's duration is now known),
 * then parsed and reported in order, and every later line is parsed and reported as it comes. A
 * command that is never confirmed reports nothing.
 *
 * <p>At most {@value #MAX_HELD} lines are held; older ones are dropped first, which the tolerant
 * {@link ProgressParser} reads as a snapshot with some values unknown. Thread-safe: lines come on
 * ffmpeg's stdout thread, the release on the job's.
 */
public final class HeldProgress implements Consumer<String> {

    /** Lines kept until the release: a few minutes of ffmpeg's twice-a-second blocks. */
    public static final int MAX_HELD = 4096;

    private final Consumer<RenderProgress> reports;
    private final Deque<String> held = new ArrayDeque<>();
    private ProgressParser parser;

    /**
     * Creates a holder that reports nothing yet.
     *
     * @param reports receives the snapshots after the release
     */
    public HeldProgress(Consumer<RenderProgress> reports) {
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    /**
     * Takes one line of ffmpeg's progress output: holds it before the release, parses and reports
     * it after.
     *
     * @param line the line, without its terminator
     */
    @Override
    public synchronized void accept(String line) {
        if (parser != null) {
            parser.accept(line).ifPresent(reports);
        } else {
            if (held.size() == MAX_HELD) {
                held.removeFirst();
            }
            held.addLast(line);
        }
    }

    /**
     * Starts reporting: parses the held lines, reporting their snapshots, then reports each later
     * line's. Calling it again has no effect.
     *
     * @param expectedDuration the duration of the output, when known, for percentages and ETAs
     */
    public synchronized void release(Optional<Duration> expectedDuration) {
        if (parser != null) {
            return;
        }
        parser = new ProgressParser(expectedDuration);
        for (String line : held) {
            parser.accept(line).ifPresent(reports);
        }
        held.clear();
    }
}
