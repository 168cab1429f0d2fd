package io.vidstore.cli;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vidstore.http.MediaEndpoint;
import io.vidstore.http.MediaHttpHandler;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code vidstore serve}: serves the store over HTTP with the JDK's server until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {
            "Serves the store over HTTP until the process is stopped (Ctrl-C or SIGTERM):",
            "GET/HEAD /media/ID with ranges and caching headers; with --allow-uploads also",
            "POST/PUT /media?filename=NAME&project=P with the raw body as the upload.",
            "Read-only and bound to 127.0.0.1 unless told otherwise. Prints the base URL on",
            "stdout once it listens, and one access log line per request on stderr.",
            "Slow clients are cut off: a request (with its body) must arrive within 60 s, a",
            "response be written within 10 min, an idle connection is closed after 30 s;",
            "change them with java -Dsun.net.httpserver.maxReqTime=SECONDS (maxRspTime,",
            "idleInterval) -jar vidstore.jar serve ... An upload that takes longer than",
            "maxReqTime is cut off, so raise it for large uploads over slow links."})
final class ServeCommand implements Callable<Integer> {

    /** The logger of the access log; at info level unless configured otherwise. */
    static final String ACCESS_LOG = "io.vidstore.cli.access";

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--port", defaultValue = "8080",
            description = "The TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    private String bind;

    @Option(names = "--threads", defaultValue = "16",
            description = "How many requests are served at once (default: ${DEFAULT-VALUE}); a"
                    + " slow client holds one until its time limit.")
    private int threads;

    @Option(names = "--allow-uploads",
            description = "Accept uploads (POST/PUT /media); without it uploads get 405.")
    private boolean allowUploads;

    @Option(names = "--max-upload", paramLabel = "SIZE", converter = Size.class,
            description = "The largest upload accepted with --allow-uploads, in bytes or with a"
                    + " binary unit: 500K, 200M, 4G (default: 8G).")
    private Long maxUpload;

    @Option(names = "--cors", paramLabel = "ORIGIN",
            description = "Let pages of this origin (such as https://app.example.com, or * for"
                    + " any) read media, and upload with --allow-uploads; repeatable.")
    private List<String> corsOrigins;

    /** The upload limit of {@code --allow-uploads} without {@code --max-upload}: 8 GiB. */
    static final long DEFAULT_MAX_UPLOAD = 8L << 30;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535 but was " + port);
        }
        if (threads < 1 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and 1024 but was " + threads);
        }
        if (maxUpload != null && !allowUploads) {
            throw new ParameterException(spec.commandLine(), "--max-upload needs --allow-uploads");
        }
        MediaEndpoint endpoint;
        // This process owns the JVM's HttpServer, so it sets the JDK's limits on slow clients and
        // TCP_NODELAY (see MediaHttpHandler); read when the first server is created, and values
        // given with -D are kept.
        Map<String, String> limits = MediaHttpHandler.applyServerTimeouts();
        SqliteMediaStore s = allowUploads ? store.openOrCreate() : store.open();
        try {
            MediaEndpoint.Builder b = MediaEndpoint.builder(s).readOnly(!allowUploads);
            if (allowUploads) {
                b.maxUploadSize(maxUpload != null ? maxUpload : DEFAULT_MAX_UPLOAD);
            }
            if (corsOrigins != null && !corsOrigins.isEmpty()) {
                b.cors(corsOrigins);
            }
            endpoint = b.build();
        } catch (IllegalArgumentException e) {
            s.close();
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        } catch (IOException e) {
            pool.shutdown();
            s.close();
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        HttpContext context = server.createContext("/media", new MediaHttpHandler(endpoint));
        context.getFilters().add(new AccessLog());
        server.setExecutor(pool);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Requests in flight get a moment to finish; then the store closes.
            server.stop(2);
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s.close();
            stopped.countDown();
        }, "vidstore-serve-stop"));
        server.start();
        PrintWriter out = spec.commandLine().getOut();
        out.println("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort()
                + "/media");
        out.flush();
        LoggerFactory.getLogger(ServeCommand.class).info("serving with {} workers, {}, limits {}",
                threads, allowUploads ? "uploads up to " + Units.bytes(endpoint.maxUploadSize()
                        .orElseThrow()) : "read-only", limits);
        stopped.await();
        return VidstoreCli.OK;
    }

    /**
     * Writes one line per request through SLF4J: client address, method, path, status, body bytes
     * written and milliseconds.
     */
    static final class AccessLog extends Filter {
        private final Logger log;

        AccessLog() {
            // slf4j-simple logs warnings only by default (simplelogger.properties); the access log
            // is what serve is watched by, so its logger speaks at info unless told otherwise.
            String level = "org.slf4j.simpleLogger.log." + ACCESS_LOG;
            if (System.getProperty(level) == null) {
                System.setProperty(level, "info");
            }
            this.log = LoggerFactory.getLogger(ACCESS_LOG);
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            long start = System.nanoTime();
            CountingStream body = new CountingStream(exchange.getResponseBody());
            exchange.setStreams(null, body);
            try {
                chain.doFilter(exchange);
            } finally {
                if (log.isInfoEnabled()) {
                    log.info("{} {} {} {} {} {} ms", exchange.getRemoteAddress().getAddress()
                            .getHostAddress(), printable(exchange.getRequestMethod()),
                            printable(exchange.getRequestURI().getRawPath()),
                            exchange.getResponseCode(), body.count,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
            }
        }

        @Override
        public String description() {
            return "access log";
        }

        private static String printable(String s) {
            if (s == null) {
                return "-";
            }
            StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
            for (int i = 0; i < s.length() && i < 300; i++) {
                char c = s.charAt(i);
                b.append(c < 0x21 || c == 0x7f ? '?' : c);
            }
            return b.toString();
        }
    }

    /** Counts the bytes written through it. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** A size in bytes: {@code 1000}, or a number with a binary unit: {@code 500K}, {@code 1.5GiB}. */
    static final class Size implements ITypeConverter<Long> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,15}(?:\\.\\d{1,6})?)\\s*([kmgt]?)(?:i?b)?");

        @Override
        public Long convert(String value) {
            Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                int shift = switch (m.group(2)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    case "g" -> 30;
                    case "t" -> 40;
                    default -> 0;
                };
                BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift));
                if (bytes.signum() > 0 && bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                    return bytes.setScale(0, RoundingMode.CEILING).longValueExact();
                }
            }
            throw new TypeConversionException("'" + value
                    + "' is not a size such as 1000, 500K, 200M or 4G (binary units, at least 1 byte)");
        }
    }
}
