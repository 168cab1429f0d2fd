package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolVersionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers|5.1.9-0+deb12u1|5|1|true",
        "ffprobe version 5.1.6-0+deb12u1 Copyright (c) 2007-2024 the FFmpeg developers|5.1.6-0+deb12u1|5|1|true",
        "ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers|4.4.2-0ubuntu0.22.04.1|4|4|false",
        "ffmpeg version n6.1.1 Copyright (c) 2000-2023 the FFmpeg developers|n6.1.1|6|1|true",
        "ffmpeg version 5.0 Copyright|5.0|5|0|false",
        "ffmpeg version 7.1-static https://johnvansickle.com/ffmpeg/  Copyright|7.1-static|7|1|true",
        "ffmpeg version N-113542-g1234abcd Copyright (c) 2000-2024 the FFmpeg developers|N-113542-g1234abcd|-1|-1|true",
    })
    void parsesFirstLine(String line, String text, int major, int minor, boolean recentEnough) {
        ToolVersion v = ToolVersion.parse(line).orElseThrow();
        assertEquals(text, v.text());
        assertEquals(major, v.major());
        assertEquals(minor, v.minor());
        assertEquals(recentEnough, v.isAtLeast(5, 1));
    }

    @ParameterizedTest
    @CsvSource({"''", "'Usage: ffmpeg [options]'", "'bash: ffmpeg: command not found'"})
    void otherLinesAreNotVersions(String line) {
        assertEquals(Optional.empty(), ToolVersion.parse(line));
    }
}
