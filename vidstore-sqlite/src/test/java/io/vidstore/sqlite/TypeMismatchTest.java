package io.vidstore.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaTypeMismatchException;
import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.api.TypeMismatchPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MP3 bytes uploaded as {@code clip.mp4}: what each {@link TypeMismatchPolicy} makes of them. */
class TypeMismatchTest {

    /** An ID3 tag, then zeros: audio, whatever the name says. */
    private static final byte[] MP3 = Arrays.copyOf(HexFormat.of().parseHex("494433040000"), 4000);

    @TempDir
    Path dir;

    private static StoredMedia save(SqliteMediaStore store) throws IOException {
        return store.save(MediaUpload.of("p", "clip.mp4", "video/mp4"), new ByteArrayInputStream(MP3));
    }

    @Test
    void byDefaultTheContentDecides() throws IOException {
        try (SqliteMediaStore store = SqliteMediaStore.open(dir)) {
            StoredMedia media = save(store);
            assertFalse(media.isVideo());
            assertEquals("audio/mpeg", media.contentType().orElseThrow());
        }
    }

    @Test
    void trustDeclaredKeepsTheNameAndTypeAndStoresAVideoFile() throws IOException {
        try (SqliteMediaStore store = SqliteMediaStore.builder(dir)
                .typeMismatchPolicy(TypeMismatchPolicy.TRUST_DECLARED).build()) {
            StoredMedia media = save(store);
            assertTrue(media.isVideo());
            assertEquals("video/mp4", media.contentType().orElseThrow());
            try (MediaContent content = store.open(media.id()); InputStream in = content.inputStream()) {
                assertTrue(content.localPath().isPresent(), "a video is stored as a file");
                assertArrayEquals(MP3, in.readAllBytes());
            }
        }
    }

    @Test
    void rejectRefusesTheUploadAndStoresNothing() throws IOException {
        try (SqliteMediaStore store = SqliteMediaStore.builder(dir)
                .typeMismatchPolicy(TypeMismatchPolicy.REJECT).build()) {
            MediaTypeMismatchException e = assertThrows(MediaTypeMismatchException.class, () -> save(store));
            assertEquals("audio/mpeg", e.detected());
            assertEquals(List.of(), store.list("p"));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("vidstore.db")).toList());
        }
    }
}
