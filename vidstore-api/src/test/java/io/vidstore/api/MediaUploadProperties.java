package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever filename a caller sends, it is refused or reduced to a harmless base name. */
class MediaUploadProperties {

    @Property(tries = 2000)
    void aFilenameIsRefusedOrReducedToAHarmlessBaseName(@ForAll("hostileNames") String name) {
        String filename;
        try {
            filename = MediaUpload.of(null, name, null).filename();
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("filename"), refused.getMessage());
            return;
        }
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        assertEquals(name.substring(cut + 1), filename, "the base name, unchanged");
        assertFalse(filename.contains("/") || filename.contains("\\"), filename);
        assertFalse(filename.isBlank() || filename.equals(".") || filename.equals(".."), filename);
        assertTrue(filename.length() <= MediaUpload.MAX_FILENAME_LENGTH);
        assertTrue(filename.chars().noneMatch(Character::isISOControl), filename);
        assertTrue(filename.chars().noneMatch(c -> c >= 0x202A && c <= 0x202E), filename);
    }

    @Provide
    Arbitrary<String> hostileNames() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("..", ".", "/", "\\", "../", "..\\", "C:", "-", " ", "\u0000", "\n", "\r",
                        "\u202E", "\u2066", "\u007F", "\u0085", "%2e%2e", "$(x)", ";", "|", "ü", "视频", "😀"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(300));
        return pieces.list().ofMinSize(1).ofMaxSize(8).map(list -> String.join("", list));
    }
}
