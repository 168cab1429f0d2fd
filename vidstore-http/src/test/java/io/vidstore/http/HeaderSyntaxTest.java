package io.vidstore.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Content-Disposition, HTTP-dates, entity-tags and JSON text. */
class HeaderSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nSet-Cookie: x=1.mp4", "\"; evil=1", "back\\slash", "tab\there",
        "\u202Eevil\u202C.mp4", "ünï.mp4", "100%.mp4", "\u0000", "日本語.mp4", "\uD83C\uDFA5.mp4"})
    void contentDispositionNeverCarriesControlCharactersOrQuotes(String filename) {
        String value = ContentDisposition.format("attachment", filename);
        assertTrue(value.chars().allMatch(c -> c >= 0x20 && c < 0x7f), value);
        String quoted = value.substring(value.indexOf('"') + 1, value.indexOf('"', value.indexOf('"') + 1));
        assertFalse(quoted.contains("\\"), value);
        assertEquals(filename, ContentDisposition.filename(value));
    }

    @Test
    void contentDispositionKeepsPlainNamesPlain() {
        assertEquals("inline; filename=\"clip 1.mp4\"", ContentDisposition.format("inline", "clip 1.mp4"));
    }

    @Test
    void contentDispositionIsReadFromUploads() {
        assertEquals("a.mp4", ContentDisposition.filename("attachment; filename=a.mp4"));
        assertEquals("a \"b\".mp4", ContentDisposition.filename("attachment; filename=\"a \\\"b\\\".mp4\""));
        assertEquals("é.mp4", ContentDisposition.filename("attachment; FILENAME*=utf-8'en'%C3%A9.mp4;"
                + " filename=\"e.mp4\""));
        assertEquals("é.mp4", ContentDisposition.filename("attachment; filename*=ISO-8859-1''%E9.mp4"));
        assertNull(ContentDisposition.filename("attachment"));
        for (String bad : List.of("attachment; filename=\"open", "attachment; filename", "; filename=a",
                "attachment; filename*=UTF-8''%C3", "attachment; filename*=UTF-16''a",
                "attachment; filename*=a.mp4", "attachment filename=a")) {
            assertThrows(IllegalArgumentException.class, () -> ContentDisposition.filename(bad), bad);
        }
    }

    @Test
    void httpDatesAreReadInAllThreeFormsAndWrittenAsImfFixdate() {
        Instant t = Instant.parse("1994-11-06T08:49:37Z");
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(t));
        assertEquals(t, HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT"));
        assertEquals(t, HttpDates.parse("Sun Nov  6 08:49:37 1994"));
        for (String bad : new String[] {"", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Mon, 06 Nov 1994"
                + " 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT", "x".repeat(10_000)}) {
            assertNull(HttpDates.parse(bad), bad);
        }
    }

    @Test
    void httpDatesAreWrittenAsTheStandardFormatterWritesThem() {
        DateTimeFormatter imfFixdate = DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(11);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("0999-12-31T23:59:59.999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2024-02-29T12:00:00.5Z")));
        for (int i = 0; i < 10_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(1_000_000_000)));
        }
        for (Instant t : instants) {
            String expected = imfFixdate.format(t.truncatedTo(ChronoUnit.SECONDS));
            assertEquals(expected, HttpDates.format(t), t::toString);
        }
    }

    @Test
    void entityTagListsAreParsedStrictly() {
        assertEquals(List.of("\"a\"", "W/\"b\""), EntityTags.parseList(List.of("\"a\", W/\"b\"")));
        assertEquals(List.of("\"a\"", "\"b\""), EntityTags.parseList(List.of("\"a\"", "\"b\"")));
        assertEquals(EntityTags.ANY, EntityTags.parseList(List.of(" * ")));
        assertNull(EntityTags.parseList(List.of("a")));
        assertNull(EntityTags.parseList(List.of("\"a")));
        assertNull(EntityTags.parseList(List.of("\"a\" \"b\"")));
        assertTrue(EntityTags.strongMatch("\"a\"", "\"a\""));
        assertFalse(EntityTags.strongMatch("W/\"a\"", "\"a\""));
        assertTrue(EntityTags.weakMatch("W/\"a\"", "\"a\""));
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\u0000\\u003c/script>\\u2028\"",
                Json.string("a\"b\\c\n\u0000</script>\u2028"));
        assertEquals("null", Json.string(null));
    }
}
