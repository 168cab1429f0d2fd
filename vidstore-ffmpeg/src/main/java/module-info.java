/**
 * Probing and rendering of stored media with the {@code ffmpeg} and {@code ffprobe} programs.
 *
 * <p>The entry point is {@link io.vidstore.ffmpeg.Ffmpeg}. The package {@code
 * io.vidstore.ffmpeg.internal} is not exported and is not part of the API.
 */
module io.vidstore.ffmpeg {
    requires transitive io.vidstore.api;
    requires org.slf4j;

    exports io.vidstore.ffmpeg;
}
