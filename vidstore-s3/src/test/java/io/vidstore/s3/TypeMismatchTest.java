package io.vidstore.s3;

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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MP3 bytes uploaded as {@code clip.mp4}: what each {@link TypeMismatchPolicy} makes of them. */
class TypeMismatchTest extends WithTestServers {

    /** An ID3 tag, then zeros: audio, whatever the name says. */
    private static final byte[] MP3 = Arrays.copyOf(HexFormat.of().parseHex("494433040000"), 4000);

    private StoredMedia save(S3MediaStore store) throws IOException {
        return store.save(MediaUpload.of("p", "clip.mp4", "video/mp4"), new ByteArrayInputStream(MP3));
    }

    @Test
    void byDefaultTheContentDecides() throws IOException {
        S3MediaStore store = servers.store(servers.builder());
        StoredMedia media = save(store);
        assertFalse(media.isVideo());
        assertEquals("audio/mpeg", media.contentType().orElseThrow());
        assertEquals(List.of(), TestServers.objects(servers.bucket), "small audio stays in the database");
        assertFalse(store.find(media.id()).orElseThrow().isVideo());
    }

    @Test
    void trustDeclaredKeepsTheNameAndTypeAndStoresAVideoAsAnObject() throws IOException {
        S3MediaStore store = servers.store(servers.builder().typeMismatchPolicy(TypeMismatchPolicy.TRUST_DECLARED));
        StoredMedia media = save(store);
        assertTrue(media.isVideo());
        assertEquals("video/mp4", media.contentType().orElseThrow());
        assertEquals(1, TestServers.objects(servers.bucket).size());
        try (MediaContent content = store.open(media.id()); InputStream in = content.inputStream()) {
            assertTrue(Arrays.equals(MP3, in.readAllBytes()));
        }
    }

    @Test
    void rejectRefusesTheUploadAndStoresNothing() throws IOException {
        S3MediaStore store = servers.store(servers.builder().typeMismatchPolicy(TypeMismatchPolicy.REJECT));
        MediaTypeMismatchException e = assertThrows(MediaTypeMismatchException.class, () -> save(store));
        assertEquals("audio/mpeg", e.detected());
        assertTrue(e.getMessage().contains("clip.mp4"), e.getMessage());
        assertEquals(List.of(), store.list("p"));
        assertEquals(List.of(), TestServers.objects(servers.bucket));
        assertEquals(List.of(), TestServers.uploads(servers.bucket));
    }

    @Test
    void theBuilderRefusesNoPolicy() {
        assertThrows(NullPointerException.class, () -> S3MediaStore.builder().typeMismatchPolicy(null));
    }
}
