package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StoredMediaTest {

    private static final MediaId ID = MediaId.of("id-1");
    private static final Instant CREATED = Instant.parse("2025-01-02T03:04:05.678Z");
    private static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static StoredMedia.Builder complete() {
        return StoredMedia.builder(ID).projectId("p").filename("clip.mp4").contentType("video/mp4")
                .size(1234).createdAt(CREATED).video(true).sha256(SHA256);
    }

    @Test
    void builderSetsEverything() {
        StoredMedia media = complete().build();

        assertEquals(ID, media.id());
        assertEquals(Optional.of("p"), media.projectId());
        assertEquals("clip.mp4", media.filename());
        assertEquals(Optional.of("video/mp4"), media.contentType());
        assertEquals(1234, media.size());
        assertEquals(CREATED, media.createdAt());
        assertTrue(media.isVideo());
        assertEquals(Optional.of(SHA256), media.sha256());
    }

    @Test
    void sha256IsCheckedAndKeptInLowerCase() {
        assertEquals(Optional.of(SHA256), complete().sha256(SHA256.toUpperCase(java.util.Locale.ROOT)).build().sha256());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> complete().sha256("abc"));
        assertEquals("sha256 must be 64 hexadecimal digits but was 'abc'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> complete().sha256(SHA256.replace('e', 'g')));
    }

    @Test
    void optionalPartsDefaultToNone() {
        StoredMedia media = StoredMedia.builder(ID).filename("a").createdAt(CREATED).build();

        assertEquals(Optional.empty(), media.projectId());
        assertEquals(Optional.empty(), media.contentType());
        assertEquals(Optional.empty(), media.sha256());
        assertEquals(0, media.size());
        assertFalse(media.isVideo());
    }

    @Test
    void idFilenameAndCreationTimeAreRequired() {
        assertThrows(NullPointerException.class, () -> StoredMedia.builder(null));
        NullPointerException noFilename = assertThrows(NullPointerException.class,
                () -> StoredMedia.builder(ID).createdAt(CREATED).build());
        assertEquals("filename", noFilename.getMessage());
        NullPointerException noCreatedAt = assertThrows(NullPointerException.class,
                () -> StoredMedia.builder(ID).filename("a").build());
        assertEquals("createdAt", noCreatedAt.getMessage());
        assertThrows(NullPointerException.class, () -> StoredMedia.builder(ID).filename(null));
        assertThrows(NullPointerException.class, () -> StoredMedia.builder(ID).createdAt(null));
    }

    @Test
    void negativeSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> complete().size(-1).build());
        assertEquals("size must be at least 0 but was -1", e.getMessage());
    }

    @Test
    void equalWhenAllPropertiesAreEqual() {
        StoredMedia a = complete().build();
        StoredMedia b = complete().build();

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertEquals(StoredMedia.builder(ID).filename("a").createdAt(CREATED).build(),
                StoredMedia.builder(MediaId.of("id-1")).filename("a").createdAt(CREATED).build());
    }

    @Test
    void differentWhenAnyPropertyDiffers() {
        StoredMedia base = complete().build();
        List<UnaryOperator<StoredMedia.Builder>> changes = List.of(
                b -> StoredMedia.builder(MediaId.of("id-2")).projectId("p").filename("clip.mp4")
                        .contentType("video/mp4").size(1234).createdAt(CREATED).video(true).sha256(SHA256),
                b -> b.projectId(null),
                b -> b.projectId("q"),
                b -> b.filename("other.mp4"),
                b -> b.contentType(null),
                b -> b.contentType("video/webm"),
                b -> b.size(1235),
                b -> b.createdAt(CREATED.plusNanos(1)),
                b -> b.video(false),
                b -> b.sha256(null),
                b -> b.sha256(SHA256.replace('e', 'f')));
        for (UnaryOperator<StoredMedia.Builder> change : changes) {
            StoredMedia changed = change.apply(complete()).build();
            assertNotEquals(base, changed, changed.toString());
            assertNotEquals(changed, base, changed.toString());
        }
        assertNotEquals(base, null);
        assertNotEquals(base, (Object) "clip.mp4");
    }

    @Test
    void toStringNamesEveryProperty() {
        assertEquals("StoredMedia[id=id-1, projectId=p, filename=clip.mp4, contentType=video/mp4, size=1234, "
                + "createdAt=2025-01-02T03:04:05.678Z, video=true, sha256=" + SHA256 + "]",
                complete().build().toString());
    }
}
