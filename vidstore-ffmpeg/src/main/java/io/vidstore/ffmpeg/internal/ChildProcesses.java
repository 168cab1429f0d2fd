package io.vidstore.ffmpeg.internal;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps track of the child processes this library started, so that an orderly JVM shutdown
 * (normal exit, {@code System.exit}, SIGTERM, Ctrl-C) stops them instead of leaving them running.
 * The shutdown hook is installed with the first process.
 */
final class ChildProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcesses.class);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean hookInstalled;
    private static boolean shuttingDown;

    private ChildProcesses() {
    }

    /**
     * Starts a process and registers it, atomically with respect to the shutdown hook, so that no
     * process can start unnoticed while the hook runs.
     *
     * @param builder the process to start
     * @return the started process
     * @throws IOException if it cannot be started, or the JVM is shutting down
     */
    static synchronized Process start(ProcessBuilder builder) throws IOException {
        if (shuttingDown) {
            throw new IOException("the JVM is shutting down; not starting " + builder.command().get(0));
        }
        installHook();
        Process process = builder.start();
        LIVE.add(process);
        return process;
    }

    static void unregister(Process process) {
        LIVE.remove(process);
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "vidstore-ffmpeg-shutdown"));
            hookInstalled = true;
        }
    }

    private static void stopAll() {
        synchronized (ChildProcesses.class) {
            shuttingDown = true;
        }
        for (Process p : LIVE) {
            p.destroy();
        }
        for (Process p : LIVE) {
            try {
                if (!p.waitFor(1, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            LOG.warn("Stopped child process {} at JVM shutdown", p.pid());
        }
    }
}
