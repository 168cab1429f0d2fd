package io.vidstore.ffmpeg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidstore.ffmpeg.Ffmpeg;
import io.vidstore.ffmpeg.ToolUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Uses small stand-in executables that print a version line, so no real ffmpeg is needed. */
@DisabledOnOs(OS.WINDOWS)
class ToolLocatorTest {

    @TempDir
    Path dir;

    private Path fakeTool(String subdir, String tool, String version) throws IOException {
        Path d = Files.createDirectories(dir.resolve(subdir));
        Path exe = d.resolve(tool);
        Files.writeString(exe, "#!/bin/sh\necho '" + tool + " version " + version
                + " Copyright (c) 2000-2024 the FFmpeg developers'\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        return exe;
    }

    private static ToolLocator.Located locate(String tool, Path explicit, Map<String, String> props,
            Map<String, String> env) throws ToolUnavailableException {
        return ToolLocator.locate(tool, explicit, props::get, env, 5, 1);
    }

    @Test
    void searchesPath() throws Exception {
        Path exe = fakeTool("bin", "ffprobe", "5.1.9-0+deb12u1");
        ToolLocator.Located found = locate("ffprobe", null, Map.of(),
                Map.of("PATH", dir.resolve("empty") + ":" + exe.getParent()));
        assertEquals(exe, found.path());
        assertEquals("5.1.9-0+deb12u1", found.version().text());
    }

    @Test
    void explicitThenPropertyThenEnvironmentThenPath() throws Exception {
        Path explicit = fakeTool("a", "ffmpeg", "6.0");
        Path property = fakeTool("b", "ffmpeg", "6.1");
        Path env = fakeTool("c", "ffmpeg", "7.0");
        Path path = fakeTool("d", "ffmpeg", "7.1");
        Map<String, String> props = Map.of("vidstore.ffmpeg.path", property.toString());
        Map<String, String> environment = Map.of("VIDSTORE_FFMPEG", env.toString(), "PATH", path.getParent().toString());
        assertEquals(explicit, locate("ffmpeg", explicit, props, environment).path());
        assertEquals(property, locate("ffmpeg", null, props, environment).path());
        assertEquals(env, locate("ffmpeg", null, Map.of(), environment).path());
        assertEquals(path, locate("ffmpeg", null, Map.of(), Map.of("PATH", path.getParent().toString())).path());
    }

    @Test
    void missingToolIsNamedWithInstallHint() {
        ToolUnavailableException e = assertThrows(ToolUnavailableException.class,
                () -> locate("ffprobe", null, Map.of(), Map.of("PATH", dir.toString())));
        assertEquals("ffprobe", e.tool());
        assertEquals(Optional.empty(), e.foundVersion());
        assertTrue(e.getMessage().startsWith("ffprobe was not found"), e.getMessage());
        assertTrue(e.getMessage().contains("VIDSTORE_FFPROBE"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install ffmpeg"), e.getMessage());
    }

    @Test
    void explicitPathThatDoesNotExist() {
        Path missing = dir.resolve("no-such-ffmpeg");
        ToolUnavailableException e = assertThrows(ToolUnavailableException.class,
                () -> locate("ffmpeg", missing, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains(missing + " (from the path given to Ffmpeg.Builder) does not exist"),
                e.getMessage());
    }

    @Test
    void fileThatIsNotExecutable() throws IOException {
        Path file = Files.writeString(dir.resolve("ffmpeg"), "not a program");
        ToolUnavailableException e = assertThrows(ToolUnavailableException.class,
                () -> locate("ffmpeg", null, Map.of("vidstore.ffmpeg.path", file.toString()), Map.of()));
        assertTrue(e.getMessage().contains("is not an executable file"), e.getMessage());
        assertTrue(e.getMessage().contains("system property vidstore.ffmpeg.path"), e.getMessage());
    }

    @Test
    void tooOldVersionIsRefusedWithTheMinimum() throws IOException {
        Path old = fakeTool("old", "ffmpeg", "4.4.2-0ubuntu0.22.04.1");
        ToolUnavailableException e = assertThrows(ToolUnavailableException.class,
                () -> locate("ffmpeg", old, Map.of(), Map.of()));
        assertEquals(Optional.of("4.4.2-0ubuntu0.22.04.1"), e.foundVersion());
        assertTrue(e.getMessage().contains("needs 5.1 or newer"), e.getMessage());
    }

    @Test
    void programThatIsNotFfmpeg() throws IOException {
        Path exe = dir.resolve("ffmpeg");
        Files.writeString(exe, "#!/bin/sh\necho hello\nexit 3\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        ToolUnavailableException e = assertThrows(ToolUnavailableException.class,
                () -> locate("ffmpeg", exe, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("exited with 3 and printed 'hello'"), e.getMessage());
    }

    @Test
    void builderSaysWhichOfTheTwoIsMissing() throws IOException {
        Path ffmpeg = fakeTool("ok", "ffmpeg", "5.1.9");
        ToolUnavailableException e = assertThrows(ToolUnavailableException.class,
                () -> Ffmpeg.builder().ffmpegPath(ffmpeg).ffprobePath(dir.resolve("nothing-here")).build());
        assertEquals("ffprobe", e.tool());
        assertTrue(e.getMessage().startsWith("ffprobe at "), e.getMessage());
    }
}
