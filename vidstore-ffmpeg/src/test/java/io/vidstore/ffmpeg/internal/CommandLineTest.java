package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void quotesOnlyWhereNeeded() {
        assertEquals("/usr/bin/ffmpeg -i 'file:/a b.mp4' 'it'\\''s' '' -f mp4",
                CommandLine.display(List.of("/usr/bin/ffmpeg", "-i", "file:/a b.mp4", "it's", "", "-f", "mp4")));
    }
}
