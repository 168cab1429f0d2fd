package io.vidstore.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Describes the machine a run happened on (processor, cores, memory, JDK, operating system and
 * the disk under the benchmarks' scratch directory), because benchmark numbers mean nothing
 * without it. Reads Linux's {@code /proc} and {@code /sys}; elsewhere it says "unknown".
 */
final class Machine {

    private Machine() {
    }

    /**
     * Returns Markdown list items describing this machine.
     *
     * @param dataDir the directory the benchmarks wrote their files to
     */
    static List<String> describe(Path dataDir) {
        List<String> lines = new ArrayList<>();
        lines.add("- CPU: " + firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
        lines.add("- Memory: " + firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(Machine::kibToGib).orElse("unknown"));
        lines.add("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + " (" + System.getProperty("java.vendor") + ")");
        lines.add("- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch"));
        lines.add("- Disk under the scratch directory `" + dataDir + "`: " + disk(dataDir));
        // Other work on the machine skews a run; the load when the report is written hints at it.
        firstLine(Path.of("/proc/loadavg")).ifPresent(l -> lines.add("- Load average (1, 5, 15 min)"
                + " when this report was written: " + String.join(", ", List.of(l.split(" ")).subList(0, 3))
                + " on " + Runtime.getRuntime().availableProcessors() + " cores"));
        return lines;
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String kibToGib(String memTotal) {
        long kib = Long.parseLong(memTotal.replace("kB", "").strip());
        return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
    }

    /** The mount that holds the directory: device, file system type, and rotational or not. */
    private static String disk(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        String best = null;
        String[] bestFields = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length >= 3 && absolute.startsWith(f[1])
                        && (best == null || f[1].length() > best.length())) {
                    best = f[1];
                    bestFields = f;
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        if (bestFields == null) {
            return "unknown";
        }
        String device = bestFields[0];
        String kind = "";
        if (device.startsWith("/dev/")) {
            String name = device.substring("/dev/".length()).replaceAll("p?\\d+$", "");
            kind = firstLine(Path.of("/sys/block", name, "queue", "rotational"))
                    .map(r -> r.equals("0") ? ", solid state" : ", rotational (or a virtual disk that says so)")
                    .orElse("");
        }
        return device + " mounted on " + best + " (" + bestFields[2] + kind + ")";
    }

    private static Optional<String> firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().map(String::strip);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
