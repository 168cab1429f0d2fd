package io.vidstore.cli;

import io.vidstore.api.ByteRange;
import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaId;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vidstore get ID}: streams a media, or a range of it, to a file or standard output. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Writes a media's content, or a range of it, to standard output or a file.")
final class GetCommand implements Callable<Integer> {

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

    @Override
    public Integer call() throws IOException {
        try (SqliteMediaStore s = store.open();
                MediaContent content = range == null ? s.open(id) : s.open(id, range)) {
            if (output.equals("-")) {
                // Not closed: standard output belongs to the process. Files go out by sendfile.
                FileChannel stdout = new FileOutputStream(FileDescriptor.out).getChannel();
                content.transferTo(stdout);
            } else {
                writeFile(content, Path.of(output).toAbsolutePath());
            }
        }
        return VidstoreCli.OK;
    }

    /** Writes next to the target and renames, so the target never holds a partial file. */
    private static void writeFile(MediaContent content, Path target) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".vidstore-get-", ".part");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.transferTo(out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
