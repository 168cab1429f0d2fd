package io.vidstore.cli;

import io.vidstore.api.MediaId;
import io.vidstore.api.NoSuchMediaException;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code vidstore rm ID}: deletes a media. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Deletes a media: its row, then its file. Exits with 3 if there is no such media.")
final class RemoveCommand implements Callable<Integer> {

    @Mixin
    private StoreOptions store;

    @Parameters(index = "0", paramLabel = "ID", converter = OptionValues.Id.class, description = "The media's id.")
    private MediaId id;

    @Override
    public Integer call() throws IOException {
        try (SqliteMediaStore s = store.open()) {
            if (!s.delete(id)) {
                throw new NoSuchMediaException(id);
            }
        }
        return VidstoreCli.OK;
    }
}
