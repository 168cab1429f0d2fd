package io.vidstore.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaIdTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "0f8fad5b-d9cb-469f-a165-70867728950e", "42", " ", "../x", "视频", "a'; DROP TABLE files;--",
    })
    void acceptsAnyTextOfOldDatabases(String value) {
        MediaId id = MediaId.of(value);
        assertEquals(value, id.value());
        assertEquals(value, id.toString());
        assertEquals(id, new MediaId(value));
    }

    @Test
    void emptyIsRefused() {
        assertEquals("media id is empty",
                assertThrows(IllegalArgumentException.class, () -> MediaId.of("")).getMessage());
    }

    @Test
    void nullIsRefused() {
        assertThrows(NullPointerException.class, () -> MediaId.of(null));
    }

    @Test
    void tooLongIsRefused() {
        String longest = "x".repeat(MediaId.MAX_LENGTH);
        assertEquals(longest, MediaId.of(longest).value());
        assertEquals("media id is 1025 characters long; the limit is 1024",
                assertThrows(IllegalArgumentException.class, () -> MediaId.of(longest + "x")).getMessage());
    }

    static Stream<Arguments> controlCharacters() {
        return Stream.of(
                Arguments.of("a\u0000b", "U+0000 at index 1"),
                Arguments.of("\nid", "U+000A at index 0"),
                Arguments.of("id\t", "U+0009 at index 2"),
                Arguments.of("id\u007F", "U+007F at index 2"),
                Arguments.of("id\u009B", "U+009B at index 2"));
    }

    @ParameterizedTest
    @MethodSource("controlCharacters")
    void controlCharactersAreRefused(String value, String where) {
        assertEquals("media id contains the control character " + where,
                assertThrows(IllegalArgumentException.class, () -> MediaId.of(value)).getMessage());
    }

    @Test
    void equalityIsByValue() {
        MediaId a = MediaId.of("abc");
        assertEquals(a, MediaId.of(new String("abc".toCharArray())));
        assertEquals(a.hashCode(), MediaId.of("abc").hashCode());
        assertNotEquals(a, MediaId.of("ABC"));
        assertNotEquals(a, MediaId.of("abc "));
    }
}
