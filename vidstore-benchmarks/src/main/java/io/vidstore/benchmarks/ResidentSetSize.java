package io.vidstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident set size of this process, as Linux reports it ({@code VmHWM}). */
final class ResidentSetSize {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ResidentSetSize() {
    }

    /**
     * Returns the peak RSS since the process started.
     *
     * @return bytes, or NaN where {@code /proc/self/status} does not exist (not Linux)
     */
    static double peakBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    // The line reads "VmHWM:    123456 kB".
                    String kib = line.substring("VmHWM:".length()).replace("kB", "").strip();
                    return Long.parseLong(kib) * 1024.0;
                }
            }
            return Double.NaN;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }
}
