package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesEverythingThatNeedsItAndStaysAscii() {
        String nasty = "a\"b\\c\nd\re\tf\bg\fh\u0000i\u001fj\u007fk\u00e9l\u2028m\ud83c\udfa5n/";
        String text = new Json().beginObject().member("name", nasty).member("n", 42L)
                .member("none", Optional.empty()).member("size", OptionalLong.empty())
                .name("list").beginArray().value(1L).value(true).value(Double.NaN).endArray()
                .endObject().toString();
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f), text);
        Map<String, Object> parsed = JsonReader.object(text);
        assertEquals(nasty, parsed.get("name"));
        assertEquals(42L, parsed.get("n"));
        assertTrue(parsed.containsKey("none") && parsed.get("none") == null);
        assertEquals(java.util.Arrays.asList(1L, true, null), parsed.get("list"));
    }

    @Test
    void emptyContainers() {
        assertEquals(List.of(), JsonReader.parse(new Json().beginArray().endArray().toString()));
        assertEquals("[{},{}]", new Json().beginArray().beginObject().endObject().beginObject().endObject()
                .endArray().toString());
    }
}
