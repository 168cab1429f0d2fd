package io.vidstore.cli;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vidstore put FILE|-}: streams a file or standard input into the store. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Stores a file, or standard input (-), streaming it, and prints the new media's id.")
final class PutCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The file to store, or - for standard input.")
    private String source;

    @Option(names = "--project", paramLabel = "P", description = "The project the media belongs to.")
    private String project;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "The content type, such as video/mp4 (default: decided from the name and the bytes).")
    private String type;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The filename to record (default: the file's name; 'stdin' for -).")
    private String name;

    @Option(names = "--json", description = "Print the stored media as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        boolean stdin = source.equals("-");
        Path file = stdin ? null : Path.of(source);
        if (file != null && !Files.isRegularFile(file)) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(source);
            }
            throw new IOException(source + " is not a regular file");
        }
        String filename = name != null ? name : stdin ? "stdin" : String.valueOf(file.getFileName());
        MediaUpload.Builder upload = MediaUpload.builder(filename).projectId(project).contentType(type);
        if (file != null) {
            upload.expectedSize(Files.size(file));
        }
        ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr(), "put");
        if (progress.enabled()) {
            upload.progressListener(progress::bytes);
        }
        StoredMedia media;
        try (SqliteMediaStore s = store.openOrCreate();
                InputStream in = stdin ? new FileInputStream(FileDescriptor.in) : Files.newInputStream(file)) {
            media = s.save(upload.build(), in);
        } finally {
            progress.done();
        }
        if (json) {
            Json j = new Json();
            Descriptions.json(j, media, null);
            spec.commandLine().getOut().println(j);
        } else {
            spec.commandLine().getOut().println(media.id().value());
        }
        return VidstoreCli.OK;
    }
}
