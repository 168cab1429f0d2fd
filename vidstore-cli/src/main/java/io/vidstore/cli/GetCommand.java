package io.vidstore.cli;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vidstore get ID}: streams a media, or a range of it, to a file or standard output. The
 * whole content is checked against the SHA-256 recorded when it was saved unless {@code
 * --no-verify} is given: a file is renamed into place only once its content verified; on a
 * mismatch no file is left and the command exits with 1, naming the id and both digests.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Writes a media's content, or a range of it, to standard output or a file.",
        footer = {"", "The whole content is checked against the SHA-256 recorded when it was saved: a file"
                + " is renamed into place only if it matches; else no file is left and the exit code is 1."
                + " On standard output all but the last chunk is written before the check fails."
                + " Ranges, and media stored without a SHA-256 (by older applications; a note says so),"
                + " are written unchecked."})
final class GetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Parameters(index = "0", paramLabel = "ID", converter = OptionValues.Id.class, description = "The media's id.")
    private MediaId id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE|-", defaultValue = "-",
            description = "Where to write: a file (written whole or not at all), or - for standard output (default).")
    private String output;

    @Option(names = "--range", paramLabel = "RANGE", converter = OptionValues.Range.class,
            description = "Only these bytes, as in HTTP: 0-1023, 1024- (to the end) or -500 (the last 500).")
    private ByteRange range;

    @Option(names = "--no-verify",
            description = "Do not check the content's SHA-256 (faster: files are copied by the system).")
    private boolean noVerify;

    @Override
    public Integer call() throws IOException {
        try (SqliteMediaStore s = store.open();
                MediaContent content = range == null ? s.open(id) : s.open(id, range)) {
            boolean verify = !noVerify && content.verifiable();
            if (!noVerify && range == null && !verify) {
                spec.commandLine().getErr().println("vidstore get: note: media '" + id + "' has no recorded"
                        + " SHA-256 (stored by an older application), so it was written without verification");
            }
            if (output.equals("-")) {
                // Not closed: standard output belongs to the process. Files go out by sendfile.
                FileChannel stdout = new FileOutputStream(FileDescriptor.out).getChannel();
                if (verify) {
                    OutputStream out = Channels.newOutputStream(stdout);
                    content.transferVerifiedTo(out);
                    out.flush();
                } else {
                    content.transferTo(stdout);
                }
            } else {
                writeFile(content, Path.of(output).toAbsolutePath(), verify);
            }
        }
        return VidstoreCli.OK;
    }

    /**
     * Writes next to the target and renames, so the target never holds a partial file, nor one
     * that failed its verification.
     */
    private static void writeFile(MediaContent content, Path target, boolean verify) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".vidstore-get-", ".part");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                if (verify) {
                    content.transferVerifiedTo(Channels.newOutputStream(out));
                } else {
                    content.transferTo(out);
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
