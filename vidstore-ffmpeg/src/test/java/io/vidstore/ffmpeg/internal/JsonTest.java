package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsAllValueTypes() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, 0.25, true, false, null, \"x\"], \"b\": {}, \"c\": []}\n");
        Map<?, ?> map = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c"), List.copyOf(map.keySet()));
        List<?> a = (List<?>) map.get("a");
        assertEquals(new BigDecimal("1"), a.get(0));
        assertEquals(0, new BigDecimal("-2500").compareTo((BigDecimal) a.get(1)));
        assertEquals(new BigDecimal("0.25"), a.get(2));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertSame(Json.NULL, a.get(5));
        assertEquals("x", a.get(6));
        assertEquals(Map.of(), map.get("b"));
        assertEquals(List.of(), map.get("c"));
    }

    @Test
    void decodesEscapesAndNonAscii() {
        assertEquals("q\"b\\s/\b\f\n\r\t é \uD83C\uDFAC",
                Json.parse("\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t \\u00e9 \\ud83c\\udfac\""));
        assertEquals("straße ünïcode", Json.parse("\"straße ünïcode\""));
    }

    @Test
    void readsRecordedFfprobeOutput() {
        Map<?, ?> root = (Map<?, ?>) Json.parse(Resources.text("probe-mp4.json"));
        assertTrue(root.get("streams") instanceof List<?>);
        assertTrue(root.get("format") instanceof Map<?, ?>);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]",
        "\"tab\there\"", "\"bad \\x escape\"", "\"\\u12\"", "[1] x", "{\"a\" 1}", "{1:2}", "tru", "nul",
        "[1 2]", "// comment\n1", "{\"a\":1,\"a\":2}", "NaN", "[Infinity]"
    })
    void refusesWhatIsNotJson(String text) {
        assertThrows(Json.JsonException.class, () -> Json.parse(text));
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(200) + "]".repeat(200);
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
    }

    @Test
    void errorsGiveTheOffset() {
        Json.JsonException e = assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\": [1, 2,, 3]}"));
        assertTrue(e.getMessage().endsWith("at offset 12"), e.getMessage());
    }
}
