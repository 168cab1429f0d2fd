package io.vidstore.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test's main class in a JVM of its own with a 64 MiB heap, on the test class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Builds the command; the caller decides where its output goes.
     *
     * @param main the class whose {@code main} to run
     * @param args its arguments
     */
    static ProcessBuilder of(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** Starts the class with its output (and errors) written to {@code log}. */
    static Process start(Path log, Class<?> main, String... args) throws IOException {
        return of(main, args).redirectOutput(log.toFile()).start();
    }
}
