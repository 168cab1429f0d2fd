package io.vidstore.cli;

import io.vidstore.sqlite.NoSuchStoreException;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that say which store a command works on: {@code --store}, {@code --database}, {@code
 * --legacy-root} and {@code --recreate-database}. Only commands that write new media ({@code put})
 * {@linkplain #openOrCreate() may create a store}; the others {@linkplain #open() open an
 * existing one} and fail with one line naming the path when there is none.
 */
final class StoreOptions {

    /** The environment variable naming the store's directory when {@code --store} is absent. */
    static final String HOME_VARIABLE = "VIDSTORE_HOME";

    @Option(names = "--store", paramLabel = "DIR",
            description = "The store's directory (default: $VIDSTORE_HOME, else ./vidstore-data).")
    private Path store;

    @Option(names = "--database", paramLabel = "FILE",
            description = "An existing database of the original application to use instead of DIR/vidstore.db.")
    private Path database;

    @Option(names = "--legacy-root", paramLabel = "DIR",
            description = "A directory, besides DIR, under which storage paths of older applications"
                    + " (absolute or with ../) are followed; repeatable. Others are refused.")
    private List<Path> legacyRoots = new ArrayList<>();

    @Option(names = "--recreate-database",
            description = "Open even though the database is missing, empty or not vidstore's while"
                    + " DIR/media holds files: a new database is made, and the files show as orphans"
                    + " (check --repair moves them into DIR/lost+found).")
    private boolean recreateDatabase;

    /** {@return the store's directory: --store, else $VIDSTORE_HOME, else ./vidstore-data} */
    Path directory() {
        if (store != null) {
            return store;
        }
        String home = System.getenv(HOME_VARIABLE);
        return home == null || home.isBlank() ? Path.of("vidstore-data") : Path.of(home);
    }

    /**
     * Opens an existing store; creates nothing. The caller closes it.
     *
     * @throws NoSuchStoreException if there is no store at the directory (or no database)
     * @throws NoSuchFileException if {@code --database} names a file that does not exist
     */
    SqliteMediaStore open() throws IOException {
        return builder().createIfMissing(false).build();
    }

    /**
     * Opens the store, creating its directory and database on first use; only for commands that
     * write new media. The caller closes it.
     *
     * @throws NoSuchFileException if {@code --database} names a file that does not exist
     */
    SqliteMediaStore openOrCreate() throws IOException {
        return builder().createIfMissing(true).build();
    }

    private SqliteMediaStore.Builder builder() throws IOException {
        SqliteMediaStore.Builder builder = SqliteMediaStore.builder(directory())
                .legacyRoots(legacyRoots)
                .recreateDatabase(recreateDatabase);
        if (database != null) {
            // An existing database was asked for; creating an empty one would hide a typo.
            if (!Files.isRegularFile(database)) {
                throw new NoSuchFileException(database.toString(), null, "--database must name an existing file");
            }
            builder.database(database);
        }
        return builder;
    }
}
