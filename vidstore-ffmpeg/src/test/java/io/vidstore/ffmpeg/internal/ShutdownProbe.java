package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.Ffmpeg;
import java.util.List;

/**
 * The main class of the child JVM in {@code ShutdownTest}: starts an endless ffmpeg, prints its
 * pid once it runs, and exits the JVM without stopping it.
 */
public final class ShutdownProbe {

    private ShutdownProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param args ignored
     * @throws Exception if ffmpeg cannot be started
     */
    public static void main(String[] args) throws Exception {
        try (Ffmpeg ffmpeg = Ffmpeg.locate()) {
            Object started = new Object();
            boolean[] running = {false};
            ChildProcess p = ChildProcess.start(List.of(ffmpeg.ffmpegPath().toString(), "-hide_banner", "-nostats",
                    "-progress", "pipe:1", "-re", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10",
                    "-f", "null", "-"), line -> {
                        synchronized (started) {
                            running[0] = true;
                            started.notifyAll();
                        }
                    });
            synchronized (started) {
                while (!running[0]) {
                    started.wait();
                }
            }
            System.out.println("ffmpeg pid " + p.pid());
            System.out.flush();
            System.exit(0);
        }
    }
}
