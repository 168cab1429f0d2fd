package io.vidstore.http;

import com.sun.net.httpserver.HttpServer;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A server for {@link LargeFileHeapTest}, run in its own JVM with a small heap: serves the store
 * in {@code args[0]} with {@link MediaHttpHandler}, prints {@code port <n>}, and when its standard
 * input ends prints {@code peak-heap <bytes>} and exits.
 */
public final class HeapBoundServer {

    private HeapBoundServer() {
    }

    /**
     * Runs the server.
     *
     * @param args the store directory
     * @throws IOException if the store or the server cannot start
     */
    public static void main(String[] args) throws IOException {
        try (SqliteMediaStore store = SqliteMediaStore.open(Path.of(args[0]))) {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/media", new MediaHttpHandler(store));
            server.start();
            System.out.println("port " + server.getAddress().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait until the test closes our standard input
            }
            server.stop(0);
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("peak-heap " + peak);
        }
    }
}
