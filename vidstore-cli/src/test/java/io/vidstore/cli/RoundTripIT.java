package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB stream through {@code put -} and {@code get} in a 64 MiB heap, bytes checked by SHA-256. */
class RoundTripIT {

    private static final long SIZE = (1L << 30) + 12_345;

    @TempDir
    Path dir;

    @Test
    void aGibibyteGoesInThroughStdinAndComesBackThroughStdout() throws Exception {
        Path store = dir.resolve("store");
        Process put = Vidstore.command("put", "-", "--name", "big.bin", "--json", "--store", store.toString()).start();
        CompletableFuture<byte[]> putOut = Vidstore.drain(put.getInputStream());
        CompletableFuture<byte[]> putErr = Vidstore.drain(put.getErrorStream());
        String sent;
        try (OutputStream in = put.getOutputStream()) {
            sent = generate(in);
        }
        assertEquals(0, exit(put), () -> new String(putErr.join(), StandardCharsets.UTF_8));
        Map<String, Object> media = JsonReader.object(new String(putOut.join(), StandardCharsets.UTF_8));
        assertEquals(SIZE, media.get("size"));
        assertEquals(sent, media.get("sha256"));

        Process get = Vidstore.command("get", (String) media.get("id"), "--store", store.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<byte[]> getErr = Vidstore.drain(get.getErrorStream());
        String received;
        long length;
        try (InputStream out = get.getInputStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            length = 0;
            for (int n; (n = out.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                length += n;
            }
            received = HexFormat.of().formatHex(sha.digest());
        }
        assertEquals(0, exit(get), () -> new String(getErr.join(), StandardCharsets.UTF_8));
        assertEquals("", new String(getErr.join(), StandardCharsets.UTF_8));
        assertEquals(SIZE, length);
        assertEquals(sent, received);
    }

    /** Writes SIZE pseudo-random bytes, each MiB different, and returns their SHA-256. */
    private static String generate(OutputStream out) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        new Random(42).nextBytes(block);
        for (long written = 0, n = 0; written < SIZE; n++) {
            for (int i = 0; i < 8; i++) {
                block[i * 4099] = (byte) (n >>> (8 * i));
            }
            int len = (int) Math.min(block.length, SIZE - written);
            sha.update(block, 0, len);
            out.write(block, 0, len);
            written += len;
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static int exit(Process p) throws InterruptedException, IOException {
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("vidstore did not end in 3 minutes");
        }
        return p.exitValue();
    }
}
