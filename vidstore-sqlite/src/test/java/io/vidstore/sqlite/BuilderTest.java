package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuilderTest {

    @TempDir
    Path dir;

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad("chunkSize", "4095", b -> b.chunkSize(4095)),
                bad("chunkSize", "268435457", b -> b.chunkSize((256 << 20) + 1)),
                bad("inlineLimit", "-1", b -> b.inlineLimit(-1)),
                bad("inlineLimit", "16777217", b -> b.inlineLimit((16 << 20) + 1)),
                bad("maxUploadSize", "0", b -> b.maxUploadSize(0)),
                bad("videoExtensions", "'m p4'", b -> b.videoExtensions(List.of("mp4", "m p4"))),
                bad("videoExtensions", "'../x'", b -> b.videoExtensions(List.of("../x"))),
                bad("busyTimeout", "PT-1S", b -> b.busyTimeout(Duration.ofSeconds(-1))),
                bad("busyTimeout", "PT11M", b -> b.busyTimeout(Duration.ofMinutes(11))),
                bad("maxConnections", "0", b -> b.maxConnections(0)),
                bad("maxConnections", "65", b -> b.maxConnections(65)));
    }

    private static Arguments bad(String setting, String value, Consumer<SqliteMediaStore.Builder> call) {
        return Arguments.of(setting, value, call);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badSettings")
    void badValuesFailAtOnceNamingSettingAndValue(String setting, String value,
            Consumer<SqliteMediaStore.Builder> call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call.accept(SqliteMediaStore.builder(dir)));
        assertTrue(e.getMessage().contains(setting) && e.getMessage().contains(value), e.getMessage());
    }

    @Test
    void nullsAreRefused() {
        assertThrows(NullPointerException.class, () -> SqliteMediaStore.builder(null));
        assertThrows(NullPointerException.class, () -> SqliteMediaStore.builder(dir).database(null));
        assertThrows(NullPointerException.class, () -> SqliteMediaStore.builder(dir).typeMismatchPolicy(null));
        assertThrows(NullPointerException.class, () -> SqliteMediaStore.builder(dir).videoExtensions(null));
    }

    @Test
    void openCreatesTheDirectoryAndTheDatabase() throws Exception {
        Path data = dir.resolve("a/b/store");
        try (SqliteMediaStore store = SqliteMediaStore.open(data)) {
            assertEquals(data.resolve(SqliteMediaStore.DEFAULT_DATABASE_NAME), store.databaseFile());
            assertTrue(Files.isRegularFile(store.databaseFile()));
            assertEquals(data, store.dataDirectory());
        }
    }

    @Test
    void databaseInAMissingDirectoryIsAClearError() {
        Path db = dir.resolve("missing/app.db");
        MediaStoreException e = assertThrows(MediaStoreException.class,
                () -> SqliteMediaStore.builder(dir.resolve("store")).database(db).build());
        assertTrue(e.getMessage().contains(db.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void unwritableDataDirectoryIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("occupied"), "a file, not a directory");
        MediaStoreException e = assertThrows(MediaStoreException.class, () -> SqliteMediaStore.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
