package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.MediaStream;
import io.vidstore.ffmpeg.StreamType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what ffmpeg itself says about its first input, so that a render needs no ffprobe run to
 * check what it took for granted: the stream list ffmpeg prints at level {@code info} when it has
 * opened an input ({@code Input #0, mov,mp4,..., from '...':}, {@code Duration: ...}, one {@code
 * Stream #0:N...: Video: h264 ...} line per stream), with the {@code level} flag, as {@link
 * #LOG_LEVEL} sets it.
 *
 * <p>The result is a partial {@link MediaProbe}: the container, the container's duration, and each
 * stream's index, type and codec, which is what ffprobe calls them as well; nothing else. It is
 * complete at the first line that is not part of the input's description (the stream mapping, the
 * next input, an error); until then, and for an ffmpeg that fails before it has described its
 * input, {@link #result()} is not done. Lines come from one thread; the result may be read from
 * any.
 */
public final class InputDump implements Consumer<String> {

    /** The {@code -loglevel} that makes ffmpeg describe its inputs, each line tagged with its level. */
    public static final String LOG_LEVEL = "level+info";

    private static final String INFO = "[info] ";
    private static final String START = "Input #0, ";
    private static final Pattern DURATION = Pattern.compile("^\\s+Duration: (\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)[,\\s]");
    private static final Pattern STREAM = Pattern.compile(
            "^\\s+Stream #0:(\\d+)(?:\\[[^\\]]*\\])?(?:\\([^)]*\\))?: (Video|Audio|Subtitle|Data|Attachment): ([^\\s,]+)");

    private static final Pattern CHATTER = Pattern.compile(
            "(?:\\[[^\\]]* @ 0x[0-9a-fA-F]+\\] )?\\[(?:info|verbose|debug|trace)\\] ");

    private final CompletableFuture<MediaProbe> result = new CompletableFuture<>();
    private boolean started;
    private String container;
    private Optional<Duration> duration = Optional.empty();
    private final List<MediaStream> streams = new ArrayList<>();

    /**
     * Reads one line of ffmpeg's standard error.
     *
     * @param line the line, without its terminator
     */
    @Override
    public void accept(String line) {
        if (result.isDone()) {
            return;
        }
        if (!line.startsWith(INFO)) {
            if (started && (line.startsWith("[error] ") || line.startsWith("[fatal] "))) {
                finish();
            }
            return;
        }
        String text = line.substring(INFO.length());
        if (!started) {
            if (text.startsWith(START)) {
                int from = text.indexOf(", from '", START.length());
                container = from < 0 ? text.substring(START.length()) : text.substring(START.length(), from);
                started = true;
            }
            return;
        }
        if (text.isEmpty() || !Character.isWhitespace(text.charAt(0))) {
            finish();
            return;
        }
        Matcher d = DURATION.matcher(text);
        if (d.find()) {
            duration = Optional.of(Duration.ofHours(Long.parseLong(d.group(1)))
                    .plusMinutes(Long.parseLong(d.group(2)))
                    .plusNanos(Math.round(Double.parseDouble(d.group(3)) * 1_000_000_000d)));
            return;
        }
        Matcher s = STREAM.matcher(text);
        if (s.find()) {
            StreamType type = StreamType.fromCodecType(s.group(2).toLowerCase(Locale.ROOT));
            streams.add(new MediaStream(Integer.parseInt(s.group(1)), type, Optional.of(s.group(3)),
                    OptionalInt.empty(), OptionalInt.empty(), OptionalDouble.empty(), 0, OptionalInt.empty(),
                    OptionalInt.empty(), Optional.empty(), Optional.empty()));
        }
    }

    private void finish() {
        result.complete(new MediaProbe(container, duration, OptionalLong.empty(), OptionalLong.empty(), streams));
    }

    /** {@return the input as ffmpeg described it, once the description is complete} */
    public CompletableFuture<MediaProbe> result() {
        return result;
    }

    /**
     * Tells whether a line of standard error is only informational (level {@code info} or
     * chattier, as {@link #LOG_LEVEL} tags it), and so not worth keeping for an error report.
     *
     * @param line the line
     * @return whether it is tagged {@code info}, {@code verbose}, {@code debug} or {@code trace}
     */
    public static boolean isChatter(String line) {
        return CHATTER.matcher(line).lookingAt();
    }

}
