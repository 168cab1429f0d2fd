package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaUploadTest {

    private static final String ZEROS_61 = "0000000000000000000000000000000000000000000000000000000000000";
    private static final String ZEROS_63 = "00" + ZEROS_61;
    private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void ofKeepsWhatItIsGiven() {
        MediaUpload upload = MediaUpload.of("project-1", "clip.mp4", "video/mp4");

        assertEquals(Optional.of("project-1"), upload.projectId());
        assertEquals("clip.mp4", upload.filename());
        assertEquals(Optional.of("video/mp4"), upload.contentType());
        assertEquals(OptionalLong.empty(), upload.expectedSize());
        assertEquals(Optional.empty(), upload.expectedSha256());
        assertEquals(Optional.empty(), upload.progressListener());
    }

    @Test
    void ofAcceptsNullProjectAndContentType() {
        MediaUpload upload = MediaUpload.of(null, "clip.mp4", null);

        assertEquals(Optional.empty(), upload.projectId());
        assertEquals(Optional.empty(), upload.contentType());
    }

    @Test
    void builderSetsEverything() {
        ProgressListener listener = (read, total) -> { };
        MediaUpload upload = MediaUpload.builder("clip.mp4")
                .projectId("p")
                .contentType("video/mp4; codecs=\"avc1.64001F\"")
                .expectedSize(0)
                .expectedSha256(SHA256)
                .progressListener(listener)
                .build();

        assertEquals(Optional.of("p"), upload.projectId());
        assertEquals(Optional.of("video/mp4; codecs=\"avc1.64001F\""), upload.contentType());
        assertEquals(OptionalLong.of(0), upload.expectedSize());
        assertEquals(Optional.of(SHA256), upload.expectedSha256());
        assertSame(listener, upload.progressListener().orElseThrow());
    }

    @Test
    void nullSettingsMeanNone() {
        MediaUpload upload = MediaUpload.builder("a.mp4").projectId("p").projectId(null)
                .contentType("video/mp4").contentType(null)
                .progressListener((read, total) -> { }).progressListener(null)
                .build();

        assertEquals(Optional.empty(), upload.projectId());
        assertEquals(Optional.empty(), upload.contentType());
        assertEquals(Optional.empty(), upload.progressListener());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "clip.mp4|clip.mp4",
        "videos/2024/clip.mp4|clip.mp4",
        "/etc/passwd|passwd",
        "../../etc/passwd|passwd",
        "C:\\Users\\a\\clip.mp4|clip.mp4",
        "..\\..\\windows\\win.ini|win.ini",
        "mixed\\dirs/and\\clip.mp4|clip.mp4",
        "-rf.mp4|-rf.mp4",
        ".hidden|.hidden",
        "...|...",
        "ünïcödé 视频.mp4|ünïcödé 视频.mp4",
    })
    void filenameIsReducedToItsBaseName(String given, String expected) {
        assertEquals(expected, MediaUpload.of(null, given, null).filename());
        assertEquals(expected, MediaUpload.builder(given).build().filename());
    }

    @Test
    void filenameIsRequired() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> MediaUpload.builder(null));
        assertTrue(e.getMessage().contains("filename"), e.getMessage());
        assertThrows(NullPointerException.class, () -> MediaUpload.of("p", null, "video/mp4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", ".", "..", "a/", "a\\", "dir/.", "dir\\..", "/"})
    void filenameWithoutBaseNameIsRefused(String filename) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.builder(filename));
        assertTrue(e.getMessage().startsWith("filename '"), e.getMessage());
        assertTrue(e.getMessage().contains("has no usable base name"), e.getMessage());
    }

    @Test
    void filenameOfTheLongestLengthIsAccepted() {
        String name = "a".repeat(MediaUpload.MAX_FILENAME_LENGTH - 4) + ".mp4";
        assertEquals(name, MediaUpload.builder("dir/" + name).build().filename());
    }

    @Test
    void tooLongFilenameIsRefused() {
        String name = "a".repeat(300) + ".mp4";
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MediaUpload.builder(name));
        assertEquals("filename is 304 characters long; the limit is 255", e.getMessage());
    }

    static Stream<Arguments> filenamesWithControlCharacters() {
        return Stream.of(
                Arguments.of("name\u0000.mp4", "control character U+0000 at index 4"),
                Arguments.of("line\nbreak.mp4", "control character U+000A at index 4"),
                Arguments.of("tab\t.mp4", "control character U+0009 at index 3"),
                Arguments.of("del\u007F.mp4", "control character U+007F at index 3"),
                Arguments.of("c1\u0085.mp4", "control character U+0085 at index 2"),
                Arguments.of("evil\u202Egnp.exe", "bidirectional-text character U+202E at index 4"),
                Arguments.of("iso\u2066late.mp4", "bidirectional-text character U+2066 at index 3"),
                Arguments.of("mark\u200F.mp4", "bidirectional-text character U+200F at index 4"),
                Arguments.of("arabic\u061C.mp4", "bidirectional-text character U+061C at index 6"));
    }

    @ParameterizedTest
    @MethodSource("filenamesWithControlCharacters")
    void filenameWithControlCharacterIsRefused(String filename, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.builder(filename));
        assertTrue(e.getMessage().startsWith("filename '"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        // The message is for logs and terminals: it must not carry the character itself.
        assertFalse(e.getMessage().chars().anyMatch(c -> Character.isISOControl(c) || c == 0x202E),
                "message contains the raw character: " + e.getMessage());
    }

    @Test
    void controlCharacterInTheDirectoryPartIsDropped() {
        assertEquals("clip.mp4", MediaUpload.builder("dir\u0000/clip.mp4").build().filename());
    }

    @Test
    void projectIdIsChecked() {
        assertEquals("projectId is empty",
                assertThrows(IllegalArgumentException.class, () -> MediaUpload.of("", "a.mp4", null))
                        .getMessage());
        String longest = "p".repeat(MediaUpload.MAX_PROJECT_ID_LENGTH);
        assertEquals(Optional.of(longest), MediaUpload.of(longest, "a.mp4", null).projectId());
        assertEquals("projectId is 1025 characters long; the limit is 1024",
                assertThrows(IllegalArgumentException.class,
                        () -> MediaUpload.of(longest + "p", "a.mp4", null)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.builder("a.mp4").projectId("p\n1"));
        assertTrue(e.getMessage().startsWith("projectId 'p\\u000A1' contains the control character U+000A"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "video/mp4", "VIDEO/MP4", "text/plain; charset=utf-8", "video/webm;codecs=\"vp9,opus\"",
        "application/vnd.apple.mpegurl", "audio/x-wav",
    })
    void validContentTypeIsKeptAsGiven(String contentType) {
        assertEquals(Optional.of(contentType), MediaUpload.of(null, "a", contentType).contentType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"video", "/mp4", "video/", "video/mp4/x", "vid eo/mp4", "video\\mp4/x",
        "\"video/mp4\"", "; charset=utf-8", "/", "vídeo/mp4", "a@b/c", "video/mp(4)"})
    void malformedContentTypeIsRefused(String contentType) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.of(null, "a.mp4", contentType));
        assertEquals("contentType '" + contentType + "' is not of the form type/subtype", e.getMessage());
    }

    @Test
    void contentTypeWithControlCharacterOrTooLongIsRefused() {
        assertEquals("contentType is empty", assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.of(null, "a.mp4", "")).getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.of(null, "a.mp4", "video/mp4\r\nX-Injected: 1"));
        assertTrue(control.getMessage().contains("contentType"), control.getMessage());
        assertTrue(control.getMessage().contains("U+000D"), control.getMessage());
        String tooLong = "video/" + "x".repeat(MediaUpload.MAX_CONTENT_TYPE_LENGTH);
        assertEquals("contentType is 261 characters long; the limit is 255",
                assertThrows(IllegalArgumentException.class, () -> MediaUpload.of(null, "a.mp4", tooLong))
                        .getMessage());
    }

    @Test
    void expectedSha256IsNormalisedToLowerCase() {
        MediaUpload upload = MediaUpload.builder("a.mp4").expectedSha256(SHA256.toUpperCase(Locale.ROOT))
                .build();
        assertEquals(Optional.of(SHA256), upload.expectedSha256());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", SHA256 + "0", "g" + ZEROS_63, " " + ZEROS_63, "0x0" + ZEROS_61,
        ZEROS_63})
    void malformedExpectedSha256IsRefused(String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.builder("a.mp4").expectedSha256(hex));
        assertEquals("expectedSha256 must be 64 hexadecimal digits but was '" + hex + "'", e.getMessage());
    }

    @Test
    void expectedSha256MustNotBeNull() {
        assertThrows(NullPointerException.class, () -> MediaUpload.builder("a.mp4").expectedSha256(null));
    }

    @Test
    void expectedSizeMustNotBeNegative() {
        assertEquals(OptionalLong.of(Long.MAX_VALUE),
                MediaUpload.builder("a.mp4").expectedSize(Long.MAX_VALUE).build().expectedSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.builder("a.mp4").expectedSize(-1));
        assertEquals("expectedSize must be at least 0 but was -1", e.getMessage());
    }

    @Test
    void toBuilderCopiesEverything() {
        ProgressListener listener = (read, total) -> { };
        MediaUpload original = MediaUpload.builder("dir/clip.mp4")
                .projectId("p")
                .contentType("video/mp4")
                .expectedSize(42)
                .expectedSha256(SHA256)
                .progressListener(listener)
                .build();

        MediaUpload copy = original.toBuilder().build();

        assertEquals("clip.mp4", copy.filename());
        assertEquals(original.projectId(), copy.projectId());
        assertEquals(original.contentType(), copy.contentType());
        assertEquals(original.expectedSize(), copy.expectedSize());
        assertEquals(original.expectedSha256(), copy.expectedSha256());
        assertSame(listener, copy.progressListener().orElseThrow());
        assertEquals(original.toString(), copy.toString());
    }

    @Test
    void toBuilderLeavesTheOriginalUnchanged() {
        MediaUpload original = MediaUpload.of("p", "clip.mp4", "video/mp4");

        MediaUpload changed = original.toBuilder().projectId("q").expectedSize(1).build();

        assertEquals(Optional.of("q"), changed.projectId());
        assertEquals(OptionalLong.of(1), changed.expectedSize());
        assertEquals(Optional.of("p"), original.projectId());
        assertEquals(OptionalLong.empty(), original.expectedSize());
    }

    @Test
    void toStringNamesTheSettings() {
        String s = MediaUpload.builder("clip.mp4").projectId("p").contentType("video/mp4").expectedSize(7)
                .expectedSha256(SHA256).build().toString();
        assertEquals("MediaUpload[filename=clip.mp4, projectId=p, contentType=video/mp4, expectedSize=7, "
                + "expectedSha256=" + SHA256 + "]", s);
        assertEquals("MediaUpload[filename=a]", MediaUpload.of(null, "a", null).toString());
    }

    static Stream<Arguments> filenamesWithLoneSurrogates() {
        return Stream.of(
                Arguments.of("clip\uD83C.mp4", "unpaired UTF-16 high surrogate U+D83C at index 4"),
                Arguments.of("clip\uDFAC.mp4", "unpaired UTF-16 low surrogate U+DFAC at index 4"),
                Arguments.of("\uDFAC\uD83C.mp4", "unpaired UTF-16 low surrogate U+DFAC at index 0"),
                Arguments.of("end\uD83C", "unpaired UTF-16 high surrogate U+D83C at index 3"),
                Arguments.of("\uD83C\uDFAC\uD83C.mp4", "unpaired UTF-16 high surrogate U+D83C at index 2"));
    }

    @ParameterizedTest
    @MethodSource("filenamesWithLoneSurrogates")
    void filenameWithLoneSurrogateIsRefused(String filename, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.builder(filename));
        assertTrue(e.getMessage().startsWith("filename '"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        // A lone surrogate in the message would itself turn into '?' in a UTF-8 log.
        assertEquals(e.getMessage(), new String(e.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8), "message contains the raw surrogate");
    }

    @Test
    void filenameWithSurrogatePairsIsKept() {
        String name = "\uD83C\uDFAC clip \uD83D\uDE00.mp4";
        assertEquals(name, MediaUpload.builder("dir/" + name).build().filename());
    }

    @Test
    void projectIdAndContentTypeWithLoneSurrogateAreRefused() {
        IllegalArgumentException project = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.builder("a.mp4").projectId("p\uDC001"));
        assertTrue(project.getMessage().startsWith("projectId 'p\\uDC001' contains the unpaired UTF-16 low"
                + " surrogate U+DC00 at index 1"), project.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> MediaUpload.of(null, "a.mp4", "video/mp4; name=\uD800"));
        assertTrue(type.getMessage().startsWith("contentType '"), type.getMessage());
        assertTrue(type.getMessage().contains("high surrogate U+D800 at index 16"), type.getMessage());
    }
}
