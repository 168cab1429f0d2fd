package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.AudioMode;
import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.MediaStream;
import io.vidstore.ffmpeg.OutputFormat;
import io.vidstore.ffmpeg.RenderRequest;
import io.vidstore.ffmpeg.StreamType;
import io.vidstore.ffmpeg.SubtitleMode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The ffmpeg argument list for a {@link RenderRequest}, and what it will do
 * (copy or re-encode each stream, how long the output will be).
 *
 * @param arguments the program and its arguments
 * @param videoCopied whether the video stream is copied unchanged
 * @param audioCopied whether the audio stream is copied unchanged (false when there is no audio)
 * @param expectedDuration the output's expected length, when known
 */
public record RenderCommand(List<String> arguments, boolean videoCopied, boolean audioCopied,
        Optional<Duration> expectedDuration) {

    /**
     * The options before every input of ffmpeg and ffprobe: which protocols and demuxers may open
     * it. The demuxers are those of the containers, subtitle and image formats the stores recognise;
     * playlists (HLS, DASH, concat) are not among them, so that an uploaded file cannot make ffmpeg
     * open other files, or URLs inside the network, that it names. Subtitles get stricter options
     * of their own ({@link SubtitleFormat#inputOptions}).
     */
    public static final List<String> INPUT_OPTIONS = List.of(
            "-protocol_whitelist", "file,http,tcp",
            "-format_whitelist", "mov,matroska,avi,flv,mpeg,mpegts,mp3,aac,wav,flac,ogg,srt,webvtt,ass,"
                    + "image2,jpeg_pipe,png_pipe,webp_pipe,gif");

    /** The options every ffmpeg run of this library starts with. */
    public static final List<String> GLOBAL_OPTIONS = List.of(
            "-hide_banner", "-nostats", "-loglevel", "level+warning", "-progress", "pipe:1", "-y");

    /**
     * Inputs of a render.
     *
     * @param video the video as ffmpeg's input argument: a {@link #fileUrl file URL}, or an HTTP URL
     * @param videoProbe what the video holds
     * @param audio the audio input in the same form, or null
     * @param audioProbe what the audio holds, or null
     * @param subtitles the subtitles, or null; to burn in, an ASS file made by {@link #assConversion}
     */
    public record Inputs(String video, MediaProbe videoProbe, String audio, MediaProbe audioProbe,
            Subtitles subtitles) {
    }

    /**
     * A subtitles file and its format, {@linkplain SubtitleFormat#recognise recognised} from its
     * content; ffmpeg reads it with that demuxer only.
     *
     * @param file the file
     * @param format its format
     */
    public record Subtitles(Path file, SubtitleFormat format) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if one is null
         */
        public Subtitles {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * The ffmpeg argument list that converts subtitles into an ASS file for the {@code ass} filter,
     * which burns them in. The source is read with its demuxer forced and the {@code file}
     * protocol only ({@link SubtitleFormat#inputOptions}). The {@code ass} filter then reads the
     * result with libass alone, without libavformat (ffmpeg-filters, "ass"), so no demuxer ever
     * probes what it reads; the {@code subtitles} filter would probe its file, with no whitelist,
     * and follow what a playlist names.
     *
     * @param ffmpeg the ffmpeg executable
     * @param source the subtitles
     * @param target the ASS file to write
     * @return the program and its arguments
     */
    public static List<String> assConversion(Path ffmpeg, Subtitles source, Path target) {
        List<String> a = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostats",
                "-loglevel", "level+warning", "-y"));
        a.addAll(source.format().inputOptions());
        a.addAll(List.of("-i", fileUrl(source.file()), "-map", "0:s:0", "-c:s", "ass", "-f", "ass",
                fileUrl(target)));
        return List.copyOf(a);
    }

    /**
     * Builds the command.
     *
     * @param ffmpeg the ffmpeg executable
     * @param request what to render
     * @param in the inputs; audio and subtitles may be null when the request has none
     * @param output the file to write
     * @return the command
     * @throws IllegalArgumentException if the video has no video stream, or subtitles to burn in are
     *     not ASS
     */
    public static RenderCommand build(Path ffmpeg, RenderRequest request, Inputs in, Path output) {
        OutputFormat format = request.format();
        MediaStream video = in.videoProbe().firstVideo().orElseThrow(() -> new IllegalArgumentException(
                "media " + request.video() + " has no video stream"));
        Optional<MediaStream> ownAudio = in.videoProbe().firstAudio();
        Duration start = request.start();
        boolean trimmedStart = !start.isZero();

        boolean burnIn = in.subtitles() != null && request.subtitleMode() == SubtitleMode.BURN_IN;
        boolean softTrack = in.subtitles() != null && !burnIn;
        if (burnIn && in.subtitles().format() != SubtitleFormat.ASS) {
            throw new IllegalArgumentException("subtitles to burn in must be converted to ASS first, not "
                    + in.subtitles().format());
        }
        // Seeking a subtitle input shifts its cues wrongly (the muxer moves the cue in progress to
        // zero and everything with it), so with a subtitle track ffmpeg seeks in the output
        // instead: it decodes from the beginning and drops what comes before the start, cues that
        // began earlier included. Otherwise inputs are seeked, which is fast.
        boolean outputSeek = trimmedStart && softTrack;
        Duration inputSeek = outputSeek ? Duration.ZERO : start;

        List<String> a = new ArrayList<>();
        a.add(ffmpeg.toString());
        a.addAll(GLOBAL_OPTIONS);
        int next = 0;
        addInput(a, inputSeek, in.video());
        next++;
        int audioInput = -1;
        if (in.audio() != null) {
            addInput(a, inputSeek, in.audio());
            audioInput = next++;
        }
        int subtitleInput = -1;
        if (softTrack) {
            a.addAll(in.subtitles().format().inputOptions());
            addSeekAndInput(a, inputSeek, fileUrl(in.subtitles().file()));
            subtitleInput = next++;
        }

        // Output length: the trim if any, but never past the end of the (trimmed) video, which an
        // extra audio track or subtitles could otherwise extend. A plain remux keeps every packet.
        Optional<Duration> videoLeft = in.videoProbe().duration().map(d -> d.minus(start))
                .filter(d -> !d.isNegative() && !d.isZero());
        Optional<Duration> length = request.trimmedLength();
        boolean otherInputs = in.audio() != null || softTrack;
        if (videoLeft.isPresent() && (length.isPresent() || otherInputs)
                && (length.isEmpty() || length.get().compareTo(videoLeft.get()) > 0)) {
            length = videoLeft;
        }

        List<String> filters = new ArrayList<>();
        String videoMap = "0:v:0";
        boolean videoCopied = !request.requiresVideoEncoding()
                && format.canCopyVideo(video.codec().orElse(null));
        if (burnIn || request.scaleToHeight().isPresent()) {
            StringBuilder chain = new StringBuilder("[0:v:0]");
            if (burnIn) {
                // Input seeking restarts time at zero; subtitles need the original time line.
                if (trimmedStart) {
                    chain.append("setpts=PTS+").append(seconds(start)).append("/TB,");
                }
                // The ass filter, unlike subtitles, reads its file with libass alone. Simple
                // shaping is what the subtitles filter uses: the same text gives the same pixels.
                chain.append(FilterEscaping.filterWithOption("ass", "filename",
                        in.subtitles().file().toAbsolutePath().toString()))
                        .append(":shaping=simple,");
                if (trimmedStart) {
                    chain.append("setpts=PTS-STARTPTS,");
                }
            }
            request.scaleToHeight().ifPresent(h -> chain.append("scale=-2:").append(h).append(','));
            chain.setLength(chain.length() - 1);
            chain.append("[v]");
            filters.add(chain.toString());
            videoMap = "[v]";
        }

        String audioMap = null;
        boolean audioCopied = false;
        if (in.audio() != null) {
            boolean mix = request.audioMode() == AudioMode.MIX && ownAudio.isPresent();
            if (mix) {
                filters.add("[0:a:0][" + audioInput + ":a:0]amix=inputs=2:duration=first:dropout_transition=0[a]");
                audioMap = "[a]";
            } else {
                audioMap = audioInput + ":a:0";
                audioCopied = !trimmedStart && in.audioProbe() != null && in.audioProbe().firstAudio()
                        .flatMap(MediaStream::codec).map(format::canCopyAudio).orElse(false);
            }
        } else if (ownAudio.isPresent()) {
            audioMap = "0:a:0";
            audioCopied = !trimmedStart && format.canCopyAudio(ownAudio.get().codec().orElse(null));
        }

        if (!filters.isEmpty()) {
            a.add("-filter_complex");
            a.add(String.join(";", filters));
        }
        a.add("-map");
        a.add(videoMap);
        if (audioMap != null) {
            a.add("-map");
            a.add(audioMap);
        }
        if (subtitleInput >= 0) {
            a.add("-map");
            a.add(subtitleInput + ":s:0");
        }
        if (outputSeek) {
            a.add("-ss");
            a.add(seconds(start));
        }
        length.ifPresent(l -> {
            a.add("-t");
            a.add(seconds(l));
        });

        if (videoCopied) {
            a.add("-c:v");
            a.add("copy");
        } else if (format == OutputFormat.MP4) {
            a.addAll(List.of("-c:v", "libx264", "-preset", request.encodingSpeed().x264Preset(), "-crf", "23",
                    "-pix_fmt", "yuv420p"));
        } else {
            a.addAll(List.of("-c:v", "libvpx-vp9", "-crf", "32", "-b:v", "0", "-row-mt", "1",
                    "-deadline", request.encodingSpeed().vp9Deadline(),
                    "-cpu-used", Integer.toString(request.encodingSpeed().vp9CpuUsed()), "-pix_fmt", "yuv420p"));
        }
        if (audioMap != null) {
            if (audioCopied) {
                a.add("-c:a");
                a.add("copy");
            } else if (format == OutputFormat.MP4) {
                a.addAll(List.of("-c:a", "aac", "-b:a", "160k"));
            } else {
                a.addAll(List.of("-c:a", "libopus", "-b:a", "128k"));
            }
        }
        if (subtitleInput >= 0) {
            a.add("-c:s");
            a.add(format.subtitleCodec());
        }
        if (format == OutputFormat.MP4) {
            a.add("-movflags");
            a.add("+faststart");
        }
        a.add("-f");
        a.add(format.muxer());
        a.add(fileUrl(output));

        return new RenderCommand(List.copyOf(a), videoCopied, audioCopied, length.isPresent() ? length : videoLeft);
    }

    /**
     * Guesses what ffprobe will report for a request's video, so that ffmpeg can start while the
     * probe runs: one video and one audio stream with the codecs a file of its kind usually holds
     * (H.264 and AAC for {@code .mp4}, {@code .m4v} and {@code .mov}; VP9 and Opus for {@code
     * .webm}), and no duration. A command built from the guess is only as good as its check, with
     * {@link #sameWork}, against the command built from what the video really holds.
     *
     * @param request what to render
     * @param extension the video's file name extension, such as {@code .mp4}
     * @return the guess; empty for other extensions, and when the command depends on what a guess
     *     cannot know: the video's duration (a trim to a length, or a soft subtitle track, which
     *     the output is cut to the video's length for) or a second input's streams (an audio input)
     */
    public static Optional<MediaProbe> presumedProbe(RenderRequest request, String extension) {
        boolean softTrack = request.subtitles().isPresent() && request.subtitleMode() == SubtitleMode.SOFT_TRACK;
        if (request.audio().isPresent() || softTrack || request.trimmedLength().isPresent()) {
            return Optional.empty();
        }
        String video;
        String audio;
        String container;
        switch (extension.toLowerCase(Locale.ROOT)) {
            case ".mp4", ".m4v", ".mov" -> {
                video = "h264";
                audio = "aac";
                container = "mov,mp4,m4a,3gp,3g2,mj2";
            }
            case ".webm" -> {
                video = "vp9";
                audio = "opus";
                container = "matroska,webm";
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new MediaProbe(container, Optional.empty(), OptionalLong.empty(), OptionalLong.empty(),
                List.of(presumedStream(0, StreamType.VIDEO, video), presumedStream(1, StreamType.AUDIO, audio))));
    }

    private static MediaStream presumedStream(int index, StreamType type, String codec) {
        return new MediaStream(index, type, Optional.of(codec), OptionalInt.empty(), OptionalInt.empty(),
                OptionalDouble.empty(), 0, OptionalInt.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty());
    }

    /**
     * {@return this command at the log level at which ffmpeg describes its inputs} ({@link
     * InputDump#LOG_LEVEL}); it does the same work.
     */
    public RenderCommand describingInputs() {
        List<String> a = new ArrayList<>(arguments);
        int level = a.indexOf("-loglevel");
        a.set(level + 1, InputDump.LOG_LEVEL);
        return new RenderCommand(List.copyOf(a), videoCopied, audioCopied, expectedDuration);
    }

    /**
     * Tells whether another command does the same work as this one: the same arguments, and the
     * same streams copied. The expected durations may differ.
     *
     * @param other the other command
     * @return whether running either gives the same output
     */
    public boolean sameWork(RenderCommand other) {
        return arguments.equals(other.arguments) && videoCopied == other.videoCopied
                && audioCopied == other.audioCopied;
    }

    private static void addInput(List<String> a, Duration start, String input) {
        a.addAll(INPUT_OPTIONS);
        addSeekAndInput(a, start, input);
    }

    private static void addSeekAndInput(List<String> a, Duration start, String input) {
        if (!start.isZero()) {
            a.add("-ss");
            a.add(seconds(start));
        }
        a.add("-i");
        a.add(input);
    }

    /**
     * Returns the argument that names a file for ffmpeg: {@code file:} and the absolute path, so
     * that names starting with {@code -} are not taken for options and names containing {@code :}
     * are not taken for protocols.
     *
     * @param file the file
     * @return {@code file:/absolute/path}
     */
    public static String fileUrl(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    /**
     * Formats a duration as decimal seconds, as ffmpeg's time options accept.
     *
     * @param d the duration
     * @return the seconds, such as {@code 2.5}
     */
    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }
}
