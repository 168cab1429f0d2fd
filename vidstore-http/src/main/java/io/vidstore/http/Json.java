package io.vidstore.http;

import io.vidstore.api.StoredMedia;

/** The JSON bodies this module writes: a stored media and an error. */
final class Json {

    private Json() {
    }

    /** {@return the media as a JSON object} */
    static String media(StoredMedia m) {
        return "{\"id\":" + string(m.id().value())
                + ",\"projectId\":" + string(m.projectId().orElse(null))
                + ",\"filename\":" + string(m.filename())
                + ",\"contentType\":" + string(m.contentType().orElse(null))
                + ",\"size\":" + m.size()
                + ",\"createdAt\":" + string(m.createdAt().toString())
                + ",\"video\":" + m.isVideo()
                + ",\"sha256\":" + string(m.sha256().orElse(null))
                + "}";
    }

    /** {@return an error body with the status and a message} */
    static String error(int status, String message) {
        return "{\"status\":" + status + ",\"error\":" + string(message) + "}";
    }

    /** {@return the text as a JSON string literal, or {@code null}} */
    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    // Also escapes '<' so that a body read as HTML by mistake cannot open a tag.
                    if (c < 0x20 || c == 0x7f || c == '<' || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
