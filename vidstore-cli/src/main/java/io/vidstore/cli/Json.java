package io.vidstore.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes JSON text, one value after the other, without a library. Output is pure ASCII: every
 * character outside printable ASCII is written as a {@code \}{@code uXXXX} escape, so the text is
 * correct whatever encoding the terminal or pipe uses. Not thread-safe.
 */
final class Json {

    private final StringBuilder out = new StringBuilder();
    private boolean comma;

    Json beginObject() {
        separate();
        out.append('{');
        comma = false;
        return this;
    }

    Json endObject() {
        out.append('}');
        comma = true;
        return this;
    }

    Json beginArray() {
        separate();
        out.append('[');
        comma = false;
        return this;
    }

    Json endArray() {
        out.append(']');
        comma = true;
        return this;
    }

    /** Starts a member of an object; the next value is its value. */
    Json name(String name) {
        separate();
        string(name);
        out.append(':');
        comma = false;
        return this;
    }

    Json value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        comma = true;
        return this;
    }

    Json value(long value) {
        separate();
        out.append(value);
        comma = true;
        return this;
    }

    Json value(boolean value) {
        separate();
        out.append(value);
        comma = true;
        return this;
    }

    /** Writes a number; NaN and the infinities, which JSON cannot express, as null. */
    Json value(double value) {
        separate();
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        comma = true;
        return this;
    }

    Json member(String name, String value) {
        return name(name).value(value);
    }

    Json member(String name, long value) {
        return name(name).value(value);
    }

    Json member(String name, boolean value) {
        return name(name).value(value);
    }

    Json member(String name, Optional<String> value) {
        return name(name).value(value.orElse(null));
    }

    Json member(String name, OptionalLong value) {
        name(name);
        return value.isPresent() ? value(value.getAsLong()) : value((String) null);
    }

    Json member(String name, OptionalInt value) {
        name(name);
        return value.isPresent() ? value(value.getAsInt()) : value((String) null);
    }

    Json member(String name, OptionalDouble value) {
        name(name);
        return value.isPresent() ? value(value.getAsDouble()) : value((String) null);
    }

    /** Writes a duration as seconds with a fraction, or null. */
    Json seconds(String name, Optional<Duration> value) {
        name(name);
        return value.isPresent() ? value(value.get().toNanos() / 1e9) : value((String) null);
    }

    private void separate() {
        if (comma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** {@return the JSON text written so far} */
    @Override
    public String toString() {
        return out.toString();
    }
}
