package io.vidstore.cli;

import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that say which store a command works on: {@code --store} and {@code --database}. */
final class StoreOptions {

    /** The environment variable naming the store's directory when {@code --store} is absent. */
    static final String HOME_VARIABLE = "VIDSTORE_HOME";

    @Option(names = "--store", paramLabel = "DIR",
            description = "The store's directory (default: $VIDSTORE_HOME, else ./vidstore-data).")
    private Path store;

    @Option(names = "--database", paramLabel = "FILE",
            description = "An existing database of the original application to use instead of DIR/vidstore.db.")
    private Path database;

    /** {@return the store's directory: --store, else $VIDSTORE_HOME, else ./vidstore-data} */
    Path directory() {
        if (store != null) {
            return store;
        }
        String home = System.getenv(HOME_VARIABLE);
        return home == null || home.isBlank() ? Path.of("vidstore-data") : Path.of(home);
    }

    /**
     * Opens the store, creating its directory on first use. The caller closes it.
     *
     * @throws NoSuchFileException if {@code --database} names a file that does not exist
     */
    SqliteMediaStore open() throws IOException {
        SqliteMediaStore.Builder builder = SqliteMediaStore.builder(directory());
        if (database != null) {
            // An existing database was asked for; creating an empty one would hide a typo.
            if (!Files.isRegularFile(database)) {
                throw new NoSuchFileException(database.toString(), null, "--database must name an existing file");
            }
            builder.database(database);
        }
        return builder.build();
    }
}
