package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real {@code target/vidstore.jar} as a process, in a 64 MiB heap, as a user would. */
final class Vidstore {

    /**
     * What a run printed and returned.
     *
     * @param exit the exit code
     * @param out standard output
     * @param err standard error
     */
    record Result(int exit, String out, String err) {
        String id() {
            return out.strip();
        }
    }

    private Vidstore() {
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("vidstore.jar", "target/vidstore.jar"));
        assertTrue(Files.isRegularFile(jar), "no " + jar + ": run the tests with mvn verify, after package");
        return jar;
    }

    /** The command line that starts the jar with {@code args}, stdin empty. */
    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("vidstore.it.heap", "-Xmx64m"), "-XX:+UseSerialGC",
                "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("VIDSTORE_HOME");
        return pb;
    }

    /** Runs the jar to its end, with nothing on stdin. */
    static Result run(String... args) {
        try {
            Process p = command(args).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("vidstore " + String.join(" ", args) + " did not end in 5 minutes");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        });
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    /**
     * Skips the calling test when ffmpeg is missing, or fails it on CI ({@code CI=true}), where a
     * missing ffmpeg must not pass unnoticed.
     */
    static void requireFfmpeg() {
        boolean present;
        try {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String message = "ffmpeg is not installed; install it with: apt-get install ffmpeg";
        if (!present && "true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.assumeTrue(present, message);
    }
}
