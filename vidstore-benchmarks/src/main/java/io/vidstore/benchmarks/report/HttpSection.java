package io.vidstore.benchmarks.report;

import io.vidstore.benchmarks.ByteSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serving over HTTP against nginx with {@code sendfile on} ({@code HttpServeBenchmark}): each
 * vidstore server's throughput and its ratio to nginx's, measured interleaved (request by request,
 * under the same load) and one server after the other. The target is at least 0.8× nginx.
 */
final class HttpSection implements Section {

    private static final String CLASS = "HttpServeBenchmark.";
    private static final double RANGE_MIB = 1;

    @Override
    public void write(Results results, Markdown md, Path dir) {
        List<BenchmarkResult> interleaved = results.select(CLASS + "interleaved", null, Map.of());
        List<BenchmarkResult> nginx = results.select(CLASS + "nginx", null, Map.of());
        if (interleaved.isEmpty() && nginx.isEmpty()) {
            return;
        }
        md.heading(2, "Serving over HTTP against nginx");
        md.paragraph("vidstore-http in the JDK's `HttpServer` (`jdk`) and in Jetty 12 (`jetty`) against"
                + " nginx with `sendfile on` serving the same file, on the loopback interface, with the"
                + " same client (and, when the run asks for it, `jdkBare`: the least handler the JDK's"
                + " server can run, no store and no checks). `whole` gets the whole file per"
                + " request, `range` 1 MiB at a random"
                + " offset. *Interleaved* sends every request to all servers in turn, so that all"
                + " are measured under the same load: its ratios are the ones to read on a shared"
                + " machine. *Separately* measures one server after the other. The target is at least"
                + " 0.80× nginx.");
        List<List<String>> rows = new ArrayList<>();
        for (String mode : List.of("whole", "range")) {
            for (String size : results.sizes(CLASS + "nginx", "fileSize").isEmpty()
                    ? results.sizes(CLASS + "interleaved", "fileSize")
                    : results.sizes(CLASS + "nginx", "fileSize")) {
                Map<String, String> params = Map.of("mode", mode, "fileSize", size);
                Optional<BenchmarkResult> both = results.one(CLASS + "interleaved", params);
                Optional<Double> nginxMillis = both.flatMap(r -> r.metric("nginxMillis"));
                Optional<Double> mib = both.flatMap(r -> r.metric("mebibytes"));
                double perRequest = mode.equals("whole")
                        ? ByteSize.parse(size) / (double) (1 << 20) : RANGE_MIB;
                Optional<Double> nginxAlone = results.one(CLASS + "nginx", params)
                        .map(r -> r.opsPerSecond() * perRequest);
                for (String server : List.of("jdk", "jetty", "nginx", "jdkBare")) {
                    Optional<Double> millis = both.flatMap(r -> r.metric(server + "Millis"));
                    Optional<Double> alone = results.one(CLASS + server, params)
                            .map(r -> r.opsPerSecond() * perRequest);
                    // A counter of zero: the server was not among those of the run.
                    millis = millis.filter(v -> v > 0);
                    if (millis.isEmpty() && alone.isEmpty()) {
                        continue;
                    }
                    rows.add(List.of(mode, size, server,
                            millis.isPresent() && mib.isPresent()
                                    ? Units.significant(mib.get() * 1000 / millis.get()) + " MiB/s" : "n/a",
                            millis.isPresent() && nginxMillis.isPresent()
                                    ? Units.ratio(nginxMillis.get() / millis.get()) : "n/a",
                            alone.map(v -> Units.significant(v) + " MiB/s").orElse("n/a"),
                            alone.isPresent() && nginxAlone.isPresent()
                                    ? Units.ratio(alone.get() / nginxAlone.get()) : "n/a"));
                }
            }
        }
        md.table(List.of("mode", "fileSize", "server", "interleaved", "to nginx", "separately",
                "to nginx"), rows);
    }
}
