package io.vidstore.benchmarks.report;

import java.util.Locale;

/** How the report prints byte counts and rates: binary units, three significant digits. */
final class Units {

    private static final String[] BYTES = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /** Formats a byte count, such as {@code 8.03 MiB}. */
    static String bytes(double bytes) {
        if (Double.isNaN(bytes)) {
            return "n/a";
        }
        int unit = 0;
        double value = bytes;
        while (Math.abs(value) >= 1024 && unit < BYTES.length - 1) {
            value /= 1024;
            unit++;
        }
        return significant(value) + " " + BYTES[unit];
    }

    /** Formats a rate in MiB/s. */
    static String mibPerSecond(double bytesPerSecond) {
        return significant(bytesPerSecond / (1 << 20)) + " MiB/s";
    }

    /** Formats a ratio, such as {@code 0.93×}. */
    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /** Three significant digits, without exponent: 1234 → 1234, 12.345 → 12.3, 0.1234 → 0.123. */
    static String significant(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == 0) {
            return "0";
        }
        double abs = Math.abs(value);
        int decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
