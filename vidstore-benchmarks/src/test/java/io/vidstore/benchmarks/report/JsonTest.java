package io.vidstore.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsWhatJmhWrites() {
        Object value = Json.parse(" { \"a\" : [1, -2.5e3, \"x\\\"y\\u0041\", true, false, null], \"b\": {} } ");
        assertEquals(Map.of("a", Arrays.asList(1.0, -2500.0, "x\"yA", true, false, null), "b", Map.of()), value);
    }

    @Test
    void readsNanWrittenAsAString() {
        assertTrue(Double.isNaN(Json.number("NaN")));
        assertEquals(3.5, Json.number(3.5));
        assertTrue(Double.isNaN(Json.number(null)));
    }

    @Test
    void keepsTheOrderOfKeys() {
        Map<?, ?> map = (Map<?, ?>) Json.parse("{\"z\":1,\"a\":2,\"m\":3}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(map.keySet()));
    }

    @Test
    void namesTheOffsetOfAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    }
}
