package io.vidstore.ffmpeg.internal;

import io.vidstore.ffmpeg.ToolUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@code ffmpeg} or {@code ffprobe} and checks its version.
 *
 * <p>Where it looks, first match wins: the explicit path; the system property {@code
 * vidstore.<tool>.path}; the environment variable {@code VIDSTORE_<TOOL>} (such as {@code
 * VIDSTORE_FFPROBE}); the directories of {@code PATH}.
 */
public final class ToolLocator {

    private static final Logger LOG = LoggerFactory.getLogger(ToolLocator.class);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);
    private static final String INSTALL_HINT = "install it (Debian/Ubuntu: apt-get install ffmpeg;"
            + " macOS: brew install ffmpeg) or set its path";

    private ToolLocator() {
    }

    /** A located, runnable tool. @param path the executable @param version its version */
    public record Located(Path path, ToolVersion version) {
    }

    /**
     * Finds a tool and checks that it runs and is recent enough.
     *
     * @param tool {@code ffmpeg} or {@code ffprobe}
     * @param explicit the path given by the caller, or null
     * @param systemProperties where to read {@code vidstore.<tool>.path}
     * @param environment where to read {@code VIDSTORE_<TOOL>} and {@code PATH}
     * @param minMajor the minimum major version
     * @param minMinor the minimum minor version
     * @return the tool
     * @throws ToolUnavailableException if the tool is missing, does not run or is too old
     */
    public static Located locate(String tool, Path explicit, Function<String, String> systemProperties,
            Map<String, String> environment, int minMajor, int minMinor) throws ToolUnavailableException {
        String property = "vidstore." + tool + ".path";
        String variable = "VIDSTORE_" + tool.toUpperCase(Locale.ROOT);
        Path path;
        String source;
        if (explicit != null) {
            path = explicit;
            source = "the path given to Ffmpeg.Builder";
        } else if (nonBlank(systemProperties.apply(property))) {
            path = toPath(tool, systemProperties.apply(property), "system property " + property);
            source = "system property " + property;
        } else if (nonBlank(environment.get(variable))) {
            path = toPath(tool, environment.get(variable), "environment variable " + variable);
            source = "environment variable " + variable;
        } else {
            String pathVariable = environment.getOrDefault("PATH", "");
            path = searchPath(tool, pathVariable);
            if (path == null) {
                throw new ToolUnavailableException(tool, null, tool + " was not found: it is not on PATH ("
                        + pathVariable + ") and neither system property " + property
                        + " nor environment variable " + variable + " is set; " + INSTALL_HINT, null);
            }
            source = "PATH";
        }
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new ToolUnavailableException(tool, null, tool + " at " + path + " (from " + source + ") "
                    + (Files.exists(path) ? "is not an executable file" : "does not exist") + "; "
                    + INSTALL_HINT, null);
        }
        ToolVersion version = version(tool, path, source);
        String minimum = minMajor + "." + minMinor;
        if (!version.isAtLeast(minMajor, minMinor)) {
            throw new ToolUnavailableException(tool, version.text(), tool + " at " + path + " is version "
                    + version.text() + ", but vidstore-ffmpeg needs " + minimum + " or newer; " + INSTALL_HINT,
                    null);
        }
        if (!version.isKnown()) {
            LOG.warn("{} at {} reports version '{}'; cannot tell whether it is {} or newer, assuming it is",
                    tool, path, version.text(), minimum);
        }
        LOG.debug("Using {} {} at {} (from {})", tool, version.text(), path, source);
        return new Located(path, version);
    }

    private static ToolVersion version(String tool, Path path, String source) throws ToolUnavailableException {
        List<String> lines = new ArrayList<>();
        int exit;
        List<String> command = List.of(path.toString(), "-hide_banner", "-version");
        try (ChildProcess process = ChildProcess.start(command, line -> {
            synchronized (lines) {
                lines.add(line);
            }
        })) {
            try {
                exit = process.await(VERSION_TIMEOUT);
            } catch (TimeoutException e) {
                throw new ToolUnavailableException(tool, null, tool + " at " + path + " (from " + source
                        + ") did not answer '-version' within " + VERSION_TIMEOUT.toSeconds() + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ToolUnavailableException(tool, null, "interrupted while checking " + tool + " at "
                        + path, e);
            }
        } catch (IOException e) {
            throw new ToolUnavailableException(tool, null, tool + " at " + path + " (from " + source
                    + ") cannot be started: " + e.getMessage() + "; " + INSTALL_HINT, e);
        }
        String first;
        synchronized (lines) {
            first = lines.isEmpty() ? "" : lines.get(0);
        }
        return ToolVersion.parse(first).filter(v -> exit == 0).orElseThrow(() -> new ToolUnavailableException(
                tool, null, tool + " at " + path + " (from " + source + ") is not " + tool + ": '-version' exited with "
                        + exit + " and printed '" + first + "'", null));
    }

    private static Path searchPath(String tool, String pathVariable) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : windows ? List.of(tool + ".exe", tool) : List.of(tool)) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                } catch (InvalidPathException e) {
                    // A malformed PATH entry is skipped, as shells do.
                }
            }
        }
        return null;
    }

    private static Path toPath(String tool, String value, String source) throws ToolUnavailableException {
        try {
            return Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw new ToolUnavailableException(tool, null, source + " = '" + value + "' is not a valid path", e);
        }
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
