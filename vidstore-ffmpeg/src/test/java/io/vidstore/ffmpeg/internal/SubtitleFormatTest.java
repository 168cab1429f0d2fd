package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which first bytes are accepted as subtitles, and how refused ones are described. */
class SubtitleFormatTest {

    private static final String SRT = "1\n00:00:00,000 --> 00:00:02,000\nHello\n\n2\n00:00:02,000 --> 00:00:04,000\nBye\n";
    private static final String VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n";
    private static final String ASS = "[Script Info]\nScriptType: v4.00+\n\n[Events]\n";

    private static Optional<SubtitleFormat> recognise(byte[] b) {
        return SubtitleFormat.recognise(b, b.length);
    }

    private static Optional<SubtitleFormat> recognise(String text) {
        return recognise(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withBom(String text, Charset charset, int... bom) {
        byte[] body = text.getBytes(charset);
        byte[] b = new byte[bom.length + body.length];
        for (int i = 0; i < bom.length; i++) {
            b[i] = (byte) bom[i];
        }
        System.arraycopy(body, 0, b, bom.length, body.length);
        return b;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SRT    | 1\\n00:00:00,000 --> 00:00:02,000\\nHello\\n
            SRT    | \\r\\n\\r\\n12\\r\\n01:02:03.456 --> 01:02:04.000 X1:10\\r\\nHello\\r\\n
            SRT    | 1 garbage\\n0:0:1,5 --> 0:0:2,0\\n
            WEBVTT | WEBVTT\\n\\n00:00.000 --> 00:02.000\\nHello\\n
            WEBVTT | WEBVTT - a title\\n
            WEBVTT | WEBVTT
            ASS    | [Script Info]\\nScriptType: v4.00+\\n
            ASS    | \\n[script info]\\n; SSA v4\\n
            """)
    void subtitlesAreRecognised(SubtitleFormat expected, String text) {
        assertEquals(Optional.of(expected), recognise(text.replace("\\n", "\n").replace("\\r", "\r")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            UTF-8    | SRT
            UTF-16LE | SRT
            UTF-16BE | SRT
            UTF-8    | WEBVTT
            UTF-16LE | WEBVTT
            UTF-8    | ASS
            UTF-16BE | ASS
            """)
    void aByteOrderMarkIsSkippedAsFfmpegDoes(String charset, SubtitleFormat format) {
        String text = switch (format) {
            case SRT -> SRT;
            case WEBVTT -> VTT;
            case ASS -> ASS;
        };
        byte[] b = switch (charset) {
            case "UTF-8" -> withBom(text, StandardCharsets.UTF_8, 0xEF, 0xBB, 0xBF);
            case "UTF-16LE" -> withBom(text, StandardCharsets.UTF_16LE, 0xFF, 0xFE);
            default -> withBom(text, StandardCharsets.UTF_16BE, 0xFE, 0xFF);
        };
        assertEquals(Optional.of(format), recognise(b));
        // Cut anywhere after the first cue's timing, the head is still recognised.
        assertEquals(Optional.of(format), SubtitleFormat.recognise(Arrays.copyOf(b, b.length - 1), b.length - 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            #EXTM3U\\n#EXTINF:10,\\nfile:/etc/passwd\\n                       | an HLS playlist (#EXTM3U)
            \\n  #extm3u\\n1\\n00:00:00,000 --> 00:00:02,000\\n                | an HLS playlist (#EXTM3U)
            ffconcat version 1.0\\nfile secret.mkv\\n                          | an ffconcat script, which names other files
            <?xml version="1.0"?>\\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"> | a DASH manifest (XML), which names other files
            <html><body>hi</body></html>                                      | XML or HTML ("<html><body>hi</body></html>")
            Hello\\nworld\\n                                                   | text that is not SRT, WebVTT or ASS/SSA subtitles (it starts with "Hello")
            WEBVTTX\\n                                                         | text that is not SRT, WebVTT or ASS/SSA subtitles (it starts with "WEBVTTX")
            1\\nHello\\n                                                       | text that is not SRT, WebVTT or ASS/SSA subtitles (it starts with "1")
            00:00:00,000 --> 00:00:02,000\\nHello\\n                           | text that is not SRT, WebVTT or ASS/SSA subtitles (it starts with "00:00:00,000 --> 00:00:02,000")
            '   \\n  '                                                         | only white space
            ''                                                                | empty
            """)
    void otherContentIsRefusedAndDescribed(String text, String found) {
        byte[] b = text.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), recognise(b));
        assertEquals(found, SubtitleFormat.describe(b, b.length));
    }

    @ParameterizedTest
    @CsvSource({
        "'1a 45 df a3 01 00 00 00 00 00 00 1f 42 86 81 01', 0, ' 1a 45 df a3 01 00 00 00'",
        "'00 00 00 20 66 74 79 70 69 73 6f 6d', 0, ' 00 00 00 20 66 74 79 70'",
        "'31 0a 30 30 3a 30 30 3a 30 30 2c 30 30 30 00', 14, ' 31 0a 30 30 3a 30 30 3a'",
    })
    void binaryDataIsRefused(String hex, int offset, String first) {
        String[] parts = hex.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        assertEquals(Optional.empty(), recognise(b));
        assertEquals("binary data (a control character at offset " + offset + "; the first bytes are" + first + ")",
                SubtitleFormat.describe(b, b.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1\n00:00:00\u0000,000 --> 00:00:02,000\n", "WEBVTT\n\u0001", "[Script Info]\u001b[2J"})
    void subtitlesWithControlCharactersAreBinary(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), recognise(b));
        assertTrue(SubtitleFormat.describe(b, b.length).startsWith("binary data"), SubtitleFormat.describe(b, b.length));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Dialogue "with quotes" and \\\\ a very long line that goes on and on | "Dialogue \\u0022with quotes\\u0022 and \\u005c a very long…"
            """)
    void theFirstLineIsQuotedShortAndEscaped(String text, String quoted) {
        String t = text.replace("\\\\", "\\");
        byte[] b = t.getBytes(StandardCharsets.UTF_8);
        assertEquals("text that is not SRT, WebVTT or ASS/SSA subtitles (it starts with " + quoted + ")",
                SubtitleFormat.describe(b, b.length));
    }
}
