package io.vidstore.store.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.api.MediaTypeMismatchException;
import io.vidstore.api.TypeMismatchPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifierTest {

    private final Classifier trusting =
            new Classifier(Classifier.DEFAULT_VIDEO_EXTENSIONS, TypeMismatchPolicy.TRUST_CONTENT);

    /** Signatures: first bytes (hex, then padded) → media type recognised. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "00000020667479706973366f6d, video/mp4, AUDIO_OR_VIDEO",
        "00000014667479707174202000, video/quicktime, AUDIO_OR_VIDEO",
        "000000206674797033677034, video/3gpp, AUDIO_OR_VIDEO",
        "000000206674797044344120, video/mp4, AUDIO_OR_VIDEO",
        "00000020667479704d344120, audio/mp4, AUDIO",
        "000000086d6f6f76, video/quicktime, AUDIO_OR_VIDEO",
        "1a45dfa3a34286810142f7810142f2810442f381084282847765626d, video/webm, AUDIO_OR_VIDEO",
        "1a45dfa3a3428288676d6174726f736b61, video/x-matroska, AUDIO_OR_VIDEO",
        "52494646000000004156492020, video/x-msvideo, VIDEO",
        "524946460000000057415645, audio/wav, AUDIO",
        "4f67675300020000, application/ogg, AUDIO_OR_VIDEO",
        "464c5601, video/x-flv, VIDEO",
        "000001ba44, video/mpeg, VIDEO",
        "494433040000, audio/mpeg, AUDIO",
        "fffb9064, audio/mpeg, AUDIO",
        "fff15080, audio/aac, AUDIO",
        "664c614300, audio/flac, AUDIO",
        "89504e470d0a1a0a, image/png, IMAGE",
        "ffd8ffe000, image/jpeg, IMAGE",
    })
    void recognisesSignatures(String hex, String type, Classifier.Kind kind) {
        byte[] head = Arrays.copyOf(HexFormat.of().parseHex(hex), Classifier.SNIFF_LENGTH);
        Classifier.Signature signature = Classifier.sniff(head, hex.length() / 2);
        assertEquals(new Classifier.Signature(type, kind), signature);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "WEBVTT\\n\\n00:01.000 --> 00:02.000\\nHi | text/vtt",
        "\ufeffWEBVTT\\n | text/vtt",
        "1\\n00:00:01,000 --> 00:00:02,000\\nHello | application/x-subrip",
        "\\n 12\\r\\n01:02:03.456 --> 01:02:04.000 | application/x-subrip",
        "[Script Info]\\nTitle: x | text/x-ssa",
    })
    void recognisesSubtitles(String text, String type) {
        byte[] bytes = text.replace("\\n", "\n").replace("\\r", "\r").getBytes(StandardCharsets.UTF_8);
        Classifier.Signature signature = Classifier.sniff(Arrays.copyOf(bytes, Classifier.SNIFF_LENGTH), bytes.length);
        assertEquals(type, signature.mediaType());
        assertEquals(Classifier.Kind.SUBTITLE, signature.kind());
    }

    @Test
    void unknownBytesMatchNothing() {
        byte[] text = "just some notes\n".getBytes(StandardCharsets.UTF_8);
        assertNull(Classifier.sniff(Arrays.copyOf(text, Classifier.SNIFF_LENGTH), text.length));
        assertNull(Classifier.sniff(new byte[Classifier.SNIFF_LENGTH], 0));
        // A transport stream needs three sync bytes 188 apart; one is not enough.
        byte[] almostTs = new byte[Classifier.SNIFF_LENGTH];
        almostTs[0] = 0x47;
        assertNull(Classifier.sniff(almostTs, almostTs.length));
    }

    /** filename, declared type, content → video?, stored type, storage extension. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(nullValues = "-", value = {
        "clip.mp4, -, none, true, video/mp4, mp4",
        "CLIP.MOV, -, none, true, video/quicktime, mov",
        "clip.Mkv, -, none, true, video/x-matroska, mkv",
        "clip.bin, video/ogg, none, true, video/ogg, bin",
        "clip.bin, VIDEO/MP4; codecs=avc1, none, true, VIDEO/MP4; codecs=avc1, mp4",
        "song.mp3, -, none, false, audio/mpeg, mp3",
        "notes.txt, text/plain, none, false, text/plain, txt",
        "upload, -, mp4, true, video/mp4, mp4",
        "upload, application/octet-stream, webm, true, video/webm, webm",
        "song.m4a, audio/mp4, mp4, false, audio/mp4, mp4",
        "song.mp4, -, m4a, false, audio/mp4, m4a",
        "fake.mp4, video/mp4, mp3, false, audio/mpeg, mp3",
        "fake.srt, -, avi, true, video/x-msvideo, avi",
        "subs.srt, text/plain, srt, false, text/plain, srt",
        "noext, -, none, false, -, -",
        "weird.m%p4, -, none, false, -, -",
    })
    void classifiesUploads(String filename, String type, String content, boolean video, String storedType,
            String extension) throws Exception {
        byte[] head = head(content);
        Classifier.Classification c = trusting.classify(filename, type, head, content.equals("none") ? 0 : head.length);
        assertEquals(new Classifier.Classification(video, storedType, extension), c);
    }

    @Test
    void rejectPolicyRefusesContradictionsNamingBoth() {
        Classifier rejecting = new Classifier(Classifier.DEFAULT_VIDEO_EXTENSIONS, TypeMismatchPolicy.REJECT);
        MediaTypeMismatchException e = assertThrows(MediaTypeMismatchException.class,
                () -> rejecting.classify("fake.mp4", "video/mp4", head("mp3"), Classifier.SNIFF_LENGTH));
        assertEquals("video/mp4", e.declared());
        assertEquals("audio/mpeg", e.detected());
        assertTrue(e.getMessage().contains("fake.mp4"), e.getMessage());

        MediaTypeMismatchException byName = assertThrows(MediaTypeMismatchException.class,
                () -> rejecting.classify("song.mp3", null, head("avi"), Classifier.SNIFF_LENGTH));
        assertTrue(byName.declared().contains(".mp3"), byName.declared());
    }

    @Test
    void trustDeclaredPolicyKeepsTheDeclaration() throws Exception {
        Classifier declared = new Classifier(Classifier.DEFAULT_VIDEO_EXTENSIONS, TypeMismatchPolicy.TRUST_DECLARED);
        Classifier.Classification c = declared.classify("fake.mp4", "video/mp4", head("mp3"), Classifier.SNIFF_LENGTH);
        assertTrue(c.video());
        assertEquals("video/mp4", c.contentType());
    }

    @Test
    void videoExtensionsAreConfigurable() throws Exception {
        Classifier custom = new Classifier(Set.of("ts", "mts"), TypeMismatchPolicy.TRUST_CONTENT);
        assertTrue(custom.classify("camera.MTS", null, new byte[0], 0).video());
        assertEquals(false, custom.classify("clip.mp4", null, new byte[0], 0).video(),
                "mp4 is no longer in the list, and there is no content to say otherwise");
        assertTrue(custom.isDeclaredVideo("x.ts", null));
    }

    private static byte[] head(String content) {
        String hex = switch (content) {
            case "mp4" -> "00000020667479706973366f6d";
            case "m4a" -> "00000020667479704d344120";
            case "webm" -> "1a45dfa3a34286810142f7810142f2810442f381084282847765626d";
            case "mp3" -> "494433040000";
            case "avi" -> "52494646000000004156492020";
            case "srt" -> HexFormat.of().formatHex("1\n00:00:01,000 --> 00:00:02,000\nHi\n".getBytes(StandardCharsets.UTF_8));
            default -> "";
        };
        return Arrays.copyOf(HexFormat.of().parseHex(hex), Classifier.SNIFF_LENGTH);
    }
}
