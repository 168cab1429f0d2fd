package io.vidstore.s3;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test's main class in a JVM of its own with a small heap, on the test class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Builds the command; the caller decides where its output goes.
     *
     * @param heap the maximum heap, such as {@code 128m}
     * @param main the class whose {@code main} to run
     * @param args its arguments
     */
    static ProcessBuilder of(String heap, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
