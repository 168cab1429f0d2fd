package io.vidstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo and the ffmpeg commands, end to end in a 64 MiB heap; they need ffmpeg. */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void demoRunsEndToEndInASmallHeap() {
        Vidstore.requireFfmpeg();
        Path work = dir.resolve("demo");
        Vidstore.Result demo = Vidstore.run("demo", "--length", "4s", "--height", "360", "--dir", work.toString());
        assertEquals(0, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.out().contains("video copied"), demo.out());
        assertTrue(demo.out().contains("1 subtitle stream"), demo.out());
        assertTrue(demo.out().contains("BLOB in"), demo.out());
        assertTrue(demo.out().contains("peak heap:"), demo.out());

        String store = work.resolve("store").toString();
        List<?> media = (List<?>) JsonReader.parse(Vidstore.run("ls", "--json", "--store", store).out());
        assertEquals(4, media.size());
        String videoId = media.stream().map(m -> (Map<?, ?>) m).filter(m -> "demo.mp4".equals(m.get("filename")))
                .map(m -> (String) m.get("id")).findFirst().orElseThrow();

        Vidstore.Result probe = Vidstore.run("probe", videoId, "--json", "--store", store);
        assertEquals(0, probe.exit(), probe.err());
        Map<String, Object> p = JsonReader.object(probe.out());
        assertEquals(4.0, (Double) p.get("duration"), 0.2);
        assertEquals(360L, ((Map<?, ?>) ((List<?>) p.get("streams")).get(0)).get("height"));

        Vidstore.Result thumb = Vidstore.run("thumb", videoId, "--at", "1.5", "--store", store);
        assertEquals(0, thumb.exit(), thumb.err());
        Vidstore.Result render = Vidstore.run("render", "--video", videoId, "--duration", "2s", "--height", "240",
                "--speed", "fastest", "--name", "short.mp4", "--store", store);
        assertEquals(0, render.exit(), render.err());
        Map<String, Object> rendered = JsonReader.object(Vidstore.run("probe", render.id(), "--json", "--store", store).out());
        assertEquals(2.0, (Double) rendered.get("duration"), 0.2);

        assertEquals(2, Vidstore.run("render", "--video", videoId, "--audio-mode", "loud", "--store", store).exit());
        assertEquals(3, Vidstore.run("probe", "no-such-id", "--store", store).exit());
    }
}
