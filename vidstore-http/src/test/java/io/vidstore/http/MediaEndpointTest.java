package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaUpload;
import io.vidstore.api.StoredMedia;
import io.vidstore.sqlite.SqliteMediaStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework-neutral core, used directly as a server without an adapter would. */
class MediaEndpointTest {

    @TempDir
    Path dir;

    private static RequestHeaders headers(String... pairs) {
        return name -> {
            for (int i = 0; i < pairs.length; i += 2) {
                if (pairs[i].equalsIgnoreCase(name)) {
                    return List.of(pairs[i + 1]);
                }
            }
            return List.of();
        };
    }

    @Test
    void repliesWriteToChannelsAndStreamsAlike() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(1).nextBytes(bytes);
        try (SqliteMediaStore store = SqliteMediaStore.open(dir.resolve("store"))) {
            StoredMedia m = store.save(MediaUpload.of(null, "a.mp4", "video/mp4"), new ByteArrayInputStream(bytes));
            MediaEndpoint endpoint = MediaEndpoint.of(store);
            for (String range : new String[] {null, "bytes=1000-1999", "bytes=0-9,200000-200009"}) {
                RequestHeaders h = range == null ? headers() : headers("Range", range);
                ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
                try (MediaReply reply = endpoint.download("GET", m.id().value(), h)) {
                    assertTrue(reply.hasBody());
                    reply.writeBody(viaStream);
                    assertEquals(reply.bodyLength(), viaStream.size());
                }
                Path file = dir.resolve("out.bin");
                try (MediaReply reply = endpoint.download("GET", m.id().value(), h);
                        FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    reply.writeBody(out);
                }
                byte[] viaChannel = Files.readAllBytes(file);
                // As MediaServlet writes to a container's write(ByteBuffer): through direct buffers.
                ByteArrayOutputStream viaBuffers = new ByteArrayOutputStream();
                try (MediaReply reply = endpoint.download("GET", m.id().value(), h)) {
                    reply.writeBody(buffer -> {
                        byte[] chunk = new byte[buffer.remaining()];
                        buffer.get(chunk);
                        viaBuffers.write(chunk, 0, chunk.length);
                    });
                }
                if (range == null || range.contains(",")) {
                    // The multipart boundary differs between replies; compare the lengths only.
                    assertEquals(viaStream.size(), viaChannel.length);
                    assertEquals(viaStream.size(), viaBuffers.size());
                } else {
                    assertArrayEquals(viaStream.toByteArray(), viaChannel);
                    assertArrayEquals(viaStream.toByteArray(), viaBuffers.toByteArray());
                }
                if (range == null) {
                    assertArrayEquals(bytes, viaChannel);
                }
            }
            try (MediaReply partial = endpoint.download("GET", m.id().value(), headers("Range", "bytes=1000-1999"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                partial.writeBody(out);
                assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 2000), out.toByteArray());
            }
        }
    }

    @Test
    void headRepliesHaveTheLengthButNoBody() throws Exception {
        try (SqliteMediaStore store = SqliteMediaStore.open(dir.resolve("store"))) {
            StoredMedia m = store.save(MediaUpload.of(null, "a.srt", null),
                    new ByteArrayInputStream("1\n00:00:01,000 --> 00:00:02,000\nhi\n".getBytes()));
            try (MediaReply reply = MediaEndpoint.of(store).download("HEAD", m.id().value(), headers())) {
                assertEquals(200, reply.status());
                assertFalse(reply.hasBody());
                assertEquals(-1, reply.bodyLength());
                Map<String, String> h = reply.headers();
                assertEquals(Long.toString(m.size()), h.get("Content-Length"));
                assertThrows(IllegalStateException.class, () -> reply.writeBody(new ByteArrayOutputStream()));
            }
        }
    }

    @Test
    void buildersRefuseBadSettingsNamingThem() throws Exception {
        try (SqliteMediaStore store = SqliteMediaStore.open(dir.resolve("store"))) {
            MediaEndpoint.Builder b = MediaEndpoint.builder(store);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxUploadSize(0))
                    .getMessage().contains("maxUploadSize"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> b.maxRanges(0))
                    .getMessage().contains("maxRanges"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> b.cacheControl("a\r\nb: c"))
                    .getMessage().contains("cacheControl"));
            assertThrows(NullPointerException.class, () -> MediaEndpoint.builder(null));
            MediaEndpoint e = b.maxUploadSize(10).cacheControl("private, max-age=60").attachment(true).build();
            assertEquals(10, e.maxUploadSize().getAsLong());
            StoredMedia m = store.save(MediaUpload.of(null, "a.mp4", "video/mp4"), new ByteArrayInputStream(new byte[5]));
            try (MediaReply reply = e.download("GET", m.id().value(), headers())) {
                assertEquals("private, max-age=60", reply.headers().get("Cache-Control"));
                assertEquals("attachment; filename=\"a.mp4\"", reply.headers().get("Content-Disposition"));
            }
        }
    }
}
