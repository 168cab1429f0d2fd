package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class MediaStoreExceptionsTest {

    private static final MediaId ID = MediaId.of("0f8fad5b-d9cb-469f-a165-70867728950e");

    @Test
    void baseExceptionIsAnIOExceptionWithMessageAndCause() {
        IOException cause = new IOException("disk full");
        MediaStoreException e = new MediaStoreException("cannot write /data/x", cause);

        assertInstanceOf(IOException.class, e);
        assertEquals("cannot write /data/x", e.getMessage());
        assertSame(cause, e.getCause());
        assertEquals("cannot write /data/x", new MediaStoreException("cannot write /data/x").getMessage());
    }

    @Test
    void noSuchMediaNamesTheId() {
        NoSuchMediaException e = new NoSuchMediaException(ID);

        assertInstanceOf(MediaStoreException.class, e);
        assertEquals(ID, e.id());
        assertEquals("no media with id '0f8fad5b-d9cb-469f-a165-70867728950e'", e.getMessage());
    }

    @Test
    void missingContentNamesTheIdAndWhereItShouldBe() {
        MissingContentException e = new MissingContentException(ID, "/data/media/ab/cd.mp4",
                "/data/media/ab/cd.mp4 does not exist and the data BLOB is NULL");

        assertInstanceOf(NoSuchMediaException.class, e);
        assertEquals(ID, e.id());
        assertEquals("/data/media/ab/cd.mp4", e.location());
        assertEquals("content of media '" + ID + "' is missing: /data/media/ab/cd.mp4 does not exist and "
                + "the data BLOB is NULL", e.getMessage());
    }

    @Test
    void tooLargeNamesTheFileTheLimitAndTheSize() {
        MediaTooLargeException e = new MediaTooLargeException("clip.mp4", 1000, 1001, false);

        assertInstanceOf(MediaStoreException.class, e);
        assertEquals(1000, e.limit());
        assertEquals(1001, e.size());
        assertEquals("upload 'clip.mp4' is larger than the limit of 1000 bytes (read 1001 bytes so far)",
                e.getMessage());
        assertEquals("upload 'clip.mp4' is larger than the limit of 1000 bytes (declared 5000 bytes)",
                new MediaTooLargeException("clip.mp4", 1000, 5000, true).getMessage());
    }

    @Test
    void sizeMismatchNamesBothSizes() {
        SizeMismatchException shorter = new SizeMismatchException("clip.mp4", 100, 99, true);
        assertEquals(100, shorter.expected());
        assertEquals(99, shorter.actual());
        assertEquals("upload 'clip.mp4' should have 100 bytes but has 99", shorter.getMessage());

        SizeMismatchException longer = new SizeMismatchException("clip.mp4", 100, 65536, false);
        assertEquals(65536, longer.actual());
        assertEquals("upload 'clip.mp4' should have 100 bytes but has more (read 65536)", longer.getMessage());
        assertInstanceOf(MediaStoreException.class, longer);
    }

    @Test
    void checksumMismatchNamesBothDigests() {
        String expected = "a".repeat(64);
        String actual = "b".repeat(64);
        ChecksumMismatchException e = new ChecksumMismatchException("clip.mp4", expected, actual);

        assertInstanceOf(MediaStoreException.class, e);
        assertEquals(expected, e.expected());
        assertEquals(actual, e.actual());
        assertEquals("upload 'clip.mp4' should have SHA-256 " + expected + " but has " + actual, e.getMessage());
    }

    @Test
    void typeMismatchNamesDeclaredAndDetected() {
        MediaTypeMismatchException e = new MediaTypeMismatchException("clip.mp4", "video/mp4", "audio/mpeg");

        assertInstanceOf(MediaStoreException.class, e);
        assertEquals("video/mp4", e.declared());
        assertEquals("audio/mpeg", e.detected());
        assertEquals("upload 'clip.mp4' is declared as video/mp4 but its content is audio/mpeg", e.getMessage());
    }

    @Test
    void exceptionsSurviveSerialisation() throws Exception {
        MissingContentException missing = roundTrip(MissingContentException.class,
                new MissingContentException(ID, "/x", "/x does not exist"));
        assertEquals(ID, missing.id());
        assertEquals("/x", missing.location());

        MediaTooLargeException tooLarge =
                roundTrip(MediaTooLargeException.class, new MediaTooLargeException("a", 1, 2, false));
        assertEquals(1, tooLarge.limit());
        assertEquals(2, tooLarge.size());

        ChecksumMismatchException checksum =
                roundTrip(ChecksumMismatchException.class, new ChecksumMismatchException("a", "e", "f"));
        assertEquals("e", checksum.expected());
        assertEquals("f", checksum.actual());
    }

    private static <T extends Exception> T roundTrip(Class<T> type, T exception)
            throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(exception);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            T copy = type.cast(in.readObject());
            assertEquals(exception.getMessage(), copy.getMessage());
            return copy;
        }
    }
}
