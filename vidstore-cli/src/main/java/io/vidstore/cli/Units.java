package io.vidstore.cli;

import java.util.Locale;

/** Sizes, rates and times written for people: binary units, one decimal. */
final class Units {

    private Units() {
    }

    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /** {@return bytes per second over {@code nanos}, such as {@code 512.3 MiB/s}} */
    static String rate(long bytes, long nanos) {
        if (nanos <= 0) {
            return "-";
        }
        return bytes((long) (bytes * 1e9 / nanos)) + "/s";
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
