package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FilterEscapingTest {

    /** The example verified against ffmpeg in FIELD-NOTES.md. */
    @Test
    void verifiedExample() {
        assertEquals("subtitles=filename=/srv/media/it\\\\\\'s\\\\:\\\\\\ a\\,\\\\\\ \\[weird\\]\\;\\\\\\ name.srt",
                FilterEscaping.filterWithOption("subtitles", "filename", "/srv/media/it's: a, [weird]; name.srt"));
    }

    @Test
    void levelOne() {
        assertEquals("a\\:b\\'c\\\\d\\ e[f],g;h", FilterEscaping.optionValue("a:b'c\\d e[f],g;h"));
    }

    @Test
    void levelTwo() {
        assertEquals("a:b\\'c\\\\d\\ e\\[f\\]\\,g\\;h", FilterEscaping.filterDescription("a:b'c\\d e[f],g;h"));
    }

    @Test
    void backslashesAndLeadingAndTrailingSpacesSurvive() {
        // Jaffree's escaping loses these.
        assertEquals("\\\\\\ x\\\\\\\\\\\\\\ ",
                FilterEscaping.filterDescription(FilterEscaping.optionValue(" x\\ ")));
    }

    @Test
    void nonAsciiIsKept() {
        assertEquals("Ünïcødé\\\\\\ 字幕.srt", FilterEscaping.filterDescription(FilterEscaping.optionValue("Ünïcødé 字幕.srt")));
    }
}
