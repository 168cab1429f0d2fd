package io.vidstore.cli;

import io.vidstore.api.MediaContent;
import io.vidstore.api.MediaStore;
import io.vidstore.api.StoredMedia;
import io.vidstore.ffmpeg.MediaProbe;
import io.vidstore.ffmpeg.MediaStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** How media and probes are written: as text for people and as JSON for scripts. */
final class Descriptions {

    private Descriptions() {
    }

    /** {@return the file that holds a media's bytes, or empty when they come from the database} */
    static Optional<Path> file(MediaStore store, StoredMedia media) throws IOException {
        try (MediaContent content = store.open(media.id())) {
            return content.localPath();
        }
    }

    /** Writes a media as a JSON object; {@code file} is null when unknown. */
    static void json(Json j, StoredMedia m, Optional<Path> file) {
        j.beginObject()
                .member("id", m.id().value())
                .member("projectId", m.projectId())
                .member("filename", m.filename())
                .member("contentType", m.contentType())
                .member("size", m.size())
                .member("createdAt", m.createdAt().toString())
                .member("video", m.isVideo())
                .member("sha256", m.sha256());
        if (file != null) {
            j.member("storage", file.isPresent() ? "file" : "database")
                    .member("path", file.map(Path::toString));
        }
        j.endObject();
    }

    static void text(PrintWriter out, StoredMedia m, Optional<Path> file) {
        out.println("id:           " + m.id().value());
        out.println("project:      " + m.projectId().orElse("(none)"));
        out.println("filename:     " + m.filename());
        out.println("content type: " + m.contentType().orElse("(unknown)"));
        out.println("size:         " + m.size() + " bytes (" + Units.bytes(m.size()) + ")");
        out.println("created:      " + m.createdAt());
        out.println("video:        " + m.isVideo());
        out.println("sha256:       " + m.sha256().orElse("(not recorded)"));
        out.println("stored in:    " + file.map(p -> "file " + p).orElse("database BLOB"));
    }

    static void json(Json j, MediaProbe p) {
        j.beginObject()
                .member("container", p.container())
                .seconds("duration", p.duration())
                .member("size", p.size())
                .member("bitRate", p.bitRate())
                .name("streams").beginArray();
        for (MediaStream s : p.streams()) {
            j.beginObject()
                    .member("index", s.index())
                    .member("type", s.type().name().toLowerCase(java.util.Locale.ROOT))
                    .member("codec", s.codec())
                    .member("width", s.width())
                    .member("height", s.height())
                    .member("frameRate", s.frameRate())
                    .member("rotation", s.rotation())
                    .member("sampleRate", s.sampleRate())
                    .member("channels", s.channels())
                    .member("language", s.language())
                    .seconds("duration", s.duration())
                    .endObject();
        }
        j.endArray().endObject();
    }

    static void text(PrintWriter out, MediaProbe p) {
        out.println("container: " + p.container());
        out.println("duration:  " + p.duration().map(d -> d.toMillis() / 1000.0 + " s").orElse("(unknown)"));
        p.bitRate().ifPresent(b -> out.println("bit rate:  " + b / 1000 + " kb/s"));
        for (MediaStream s : p.streams()) {
            StringBuilder line = new StringBuilder("stream " + s.index() + ": "
                    + s.type().name().toLowerCase(java.util.Locale.ROOT) + " " + s.codec().orElse("?"));
            if (s.width().isPresent() && s.height().isPresent()) {
                line.append(' ').append(s.width().getAsInt()).append('x').append(s.height().getAsInt());
            }
            s.frameRate().ifPresent(f -> line.append(String.format(java.util.Locale.ROOT, " %.2f fps", f)));
            s.sampleRate().ifPresent(r -> line.append(' ').append(r).append(" Hz"));
            s.channels().ifPresent(c -> line.append(' ').append(c).append(" ch"));
            s.language().ifPresent(l -> line.append(" [").append(l).append(']'));
            s.duration().ifPresent(d -> line.append(", ").append(d.toMillis() / 1000.0).append(" s"));
            out.println(line);
        }
    }
}
