package io.vidstore.ffmpeg;

/**
 * The trade-off between encoding speed and output size, when a render re-encodes. It does not
 * change the visual quality target, only how hard the encoder works to reach it.
 */
public enum EncodingSpeed {
    /** As fast as possible, larger files: x264 {@code ultrafast}, VP9 {@code realtime}. */
    FASTEST("ultrafast", "realtime", 8),
    /** The encoders' usual balance: x264 {@code medium}, VP9 {@code good} with {@code cpu-used 4}. */
    BALANCED("medium", "good", 4),
    /** Slower, smaller files: x264 {@code slow}, VP9 {@code good} with {@code cpu-used 1}. */
    SMALLEST("slow", "good", 1);

    private final String x264Preset;
    private final String vp9Deadline;
    private final int vp9CpuUsed;

    EncodingSpeed(String x264Preset, String vp9Deadline, int vp9CpuUsed) {
        this.x264Preset = x264Preset;
        this.vp9Deadline = vp9Deadline;
        this.vp9CpuUsed = vp9CpuUsed;
    }

    /** {@return the libx264 {@code -preset}} */
    public String x264Preset() {
        return x264Preset;
    }

    /** {@return the libvpx-vp9 {@code -deadline}} */
    public String vp9Deadline() {
        return vp9Deadline;
    }

    /** {@return the libvpx-vp9 {@code -cpu-used}} */
    public int vp9CpuUsed() {
        return vp9CpuUsed;
    }
}
