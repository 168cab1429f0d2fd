package io.vidstore.cli;

import io.vidstore.api.NoSuchMediaException;
import io.vidstore.sqlite.NoSuchStoreException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The {@code vidstore} command: {@code java -jar vidstore.jar COMMAND [OPTIONS]}.
 *
 * <p>Exit codes: {@value #OK} when the command succeeded, {@value #FAILURE} when it failed (or
 * {@code check} found problems it did not repair), {@value #USAGE} for a usage error, {@value
 * #NOT_FOUND} when a media id is not in the store. Errors are one line on stderr; {@code
 * --verbose} adds the stack trace and the libraries' log lines, which also go to stderr only.
 * Standard output carries nothing but results, so that {@code vidstore get ID} can write a
 * media's bytes there.
 */
public final class VidstoreCli {

    /** The exit code of a command that succeeded. */
    public static final int OK = 0;
    /** The exit code of a command that failed. */
    public static final int FAILURE = 1;
    /** The exit code of a command line that is not valid. */
    public static final int USAGE = 2;
    /** The exit code when a media id is not in the store. */
    public static final int NOT_FOUND = 3;

    private VidstoreCli() {
    }

    /**
     * Runs a command and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Builds the command line with vidstore's error handling, printing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(VidstoreCli::exitCode);
        cli.setExecutionStrategy(parseResult -> {
            if (verbose(parseResult)) {
                // Read by slf4j-simple when the first logger is created, which is after parsing.
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println(prefix(c) + oneLine(e.getMessage())
                    + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, c, parseResult) -> {
            c.getErr().println(prefix(c) + message(e));
            if (verbose(parseResult)) {
                e.printStackTrace(c.getErr());
            }
            return exitCode(e);
        });
        return cli;
    }

    private static String prefix(CommandLine c) {
        return c.getCommandSpec().qualifiedName() + ": ";
    }

    static int exitCode(Throwable e) {
        if (e instanceof NoSuchMediaException) {
            return NOT_FOUND;
        }
        if (e instanceof IllegalArgumentException || e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return FAILURE;
    }

    private static boolean verbose(ParseResult parseResult) {
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** One line saying what went wrong, in words, for the exceptions whose message alone is terse. */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return message(u.getCause());
        }
        if (e instanceof NoSuchStoreException) {
            return oneLine(e.getMessage()) + " ('vidstore put' creates a store)";
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile() + reason(f);
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile() + reason(f);
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "file already exists: " + f.getFile() + reason(f);
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return e instanceof RuntimeException && !(e instanceof IllegalArgumentException)
                ? e.getClass().getSimpleName() + ": " + oneLine(message) : oneLine(message);
    }

    private static String reason(FileSystemException e) {
        return e.getReason() == null ? "" : " (" + e.getReason() + ")";
    }

    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
