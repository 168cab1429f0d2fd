package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test, to meet a full disk or a read-only file system for real.
 * Mounting needs root; where it is impossible the test is skipped with a message, except in CI
 * ({@code CI=true}), where the test must run.
 */
final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static SmallDisk mount(Path mountPoint, String size) throws IOException, InterruptedException {
        String error = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
        if (error != null) {
            String message = "cannot mount a tmpfs at " + mountPoint + " (" + error.strip()
                    + "); this test needs root to meet a full or read-only disk for real";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            abort(message);
        }
        return new SmallDisk(mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    void remountReadOnly() throws IOException, InterruptedException {
        String error = run("mount", "-o", "remount,ro", mountPoint.toString());
        if (error != null) {
            fail("cannot remount " + mountPoint + " read-only: " + error);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            String error = run("umount", "-l", mountPoint.toString());
            if (error != null) {
                fail("cannot unmount " + mountPoint + ": " + error);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting " + mountPoint, e);
        }
    }

    /** Runs a command; returns null on success, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return command[0] + " did not finish";
        }
        return p.exitValue() == 0 ? null : output + " (exit " + p.exitValue() + ")";
    }
}
