package io.vidstore.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A line chart written as a standalone SVG document: one line with markers per series, logarithmic
 * or linear axes, a legend. It is what the report needs and no more, so the module depends on no
 * charting library.
 */
final class LineChart {

    /** A point of a series. */
    record Point(double x, double y) { }

    /** A named line, drawn dashed when it is a reference rather than a measurement of vidstore. */
    record Series(String name, List<Point> points, boolean dashed) { }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
        "#8c564b", "#e377c2", "#17becf"};
    private static final String GRID = "#e0e0e0";
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 90;
    private static final int RIGHT = 210;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final DoubleFunction<String> xFormat;
    private final DoubleFunction<String> yFormat;
    private final List<Series> series = new ArrayList<>();
    private boolean logY = true;

    /**
     * Starts a chart whose x axis is logarithmic (the sizes the benchmarks use are powers of two).
     *
     * @param title the chart's title
     * @param xLabel the x axis's label
     * @param yLabel the y axis's label
     * @param xFormat how to print an x value at a tick
     * @param yFormat how to print a y value at a tick
     */
    LineChart(String title, String xLabel, String yLabel, DoubleFunction<String> xFormat,
            DoubleFunction<String> yFormat) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xFormat = xFormat;
        this.yFormat = yFormat;
    }

    /** Makes the y axis linear from 0 instead of logarithmic. */
    LineChart linearY() {
        logY = false;
        return this;
    }

    /** Adds a series; points with a non-positive or NaN coordinate are left out. */
    LineChart add(String name, List<Point> points, boolean dashed) {
        List<Point> drawable = points.stream()
                .filter(p -> p.x() > 0 && !Double.isNaN(p.y()) && (p.y() > 0 || !logY && p.y() >= 0))
                .sorted((a, b) -> Double.compare(a.x(), b.x()))
                .toList();
        if (!drawable.isEmpty()) {
            series.add(new Series(name, drawable, dashed));
        }
        return this;
    }

    /** {@return whether the chart has anything to draw} */
    boolean isEmpty() {
        return series.isEmpty();
    }

    /** {@return the chart as an SVG document} */
    String toSvg() {
        double minX = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).min().orElse(1);
        double maxX = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).max().orElse(2);
        double minY = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::y).min().orElse(1);
        double maxY = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::y).max().orElse(2);
        Axis x = Axis.log(minX, maxX, LEFT, WIDTH - RIGHT);
        Axis y = logY ? Axis.log(minY, maxY, HEIGHT - BOTTOM, TOP) : Axis.linear(0, maxY, HEIGHT - BOTTOM, TOP);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, WIDTH / 2.0, 22, "middle", 15, title);
        text(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 15, "middle", 12, xLabel);
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 18 %.1f)\">%s</text>%n",
                (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, escape(yLabel)));
        for (double tick : x.ticks()) {
            double px = x.position(tick);
            line(svg, px, TOP, px, HEIGHT - BOTTOM, GRID, 1, false);
            text(svg, px, HEIGHT - BOTTOM + 16, "middle", 11, xFormat.apply(tick));
        }
        for (double tick : y.ticks()) {
            double py = y.position(tick);
            line(svg, LEFT, py, WIDTH - RIGHT, py, GRID, 1, false);
            text(svg, LEFT - 6, py + 4, "end", 11, yFormat.apply(tick));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                + " fill=\"none\" stroke=\"#444\"/>%n", LEFT, TOP, WIDTH - RIGHT - LEFT, HEIGHT - BOTTOM - TOP));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (Point p : s.points()) {
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT,
                        "%.1f %.1f", x.position(p.x()), y.position(p.y())));
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>%n", path, color, s.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            for (Point p : s.points()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\""
                        + " fill=\"%s\"><title>%s: %s, %s</title></circle>%n", x.position(p.x()),
                        y.position(p.y()), color, escape(s.name()), escape(xFormat.apply(p.x())),
                        escape(yFormat.apply(p.y()))));
            }
            double ly = TOP + 10 + 20 * i;
            line(svg, WIDTH - RIGHT + 15, ly, WIDTH - RIGHT + 45, ly, color, 2, s.dashed());
            text(svg, WIDTH - RIGHT + 52, ly + 4, "start", 12, s.name());
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void line(StringBuilder svg, double x1, double y1, double x2, double y2,
            String color, int width, boolean dashed) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                + " stroke=\"%s\" stroke-width=\"%d\"%s/>%n", x1, y1, x2, y2, color, width,
                dashed ? " stroke-dasharray=\"6 4\"" : ""));
    }

    private static void text(StringBuilder svg, double x, double y, String anchor, int size, String s) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\""
                + " font-size=\"%d\">%s</text>%n", x, y, anchor, size, escape(s)));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Maps values to pixels, logarithmically or linearly. */
    private record Axis(double min, double max, double from, double to, boolean log) {

        static Axis log(double min, double max, double from, double to) {
            // Whole powers of two around the data, so that ticks fall on round sizes.
            double lo = Math.pow(2, Math.floor(Math.log(min) / Math.log(2)));
            double hi = Math.pow(2, Math.ceil(Math.log(max) / Math.log(2)));
            return new Axis(lo, hi == lo ? lo * 2 : hi, from, to, true);
        }

        static Axis linear(double min, double max, double from, double to) {
            return new Axis(min, max <= min ? min + 1 : max * 1.1, from, to, false);
        }

        double position(double value) {
            double f = log
                    ? (Math.log(value) - Math.log(min)) / (Math.log(max) - Math.log(min))
                    : (value - min) / (max - min);
            return from + f * (to - from);
        }

        List<Double> ticks() {
            List<Double> ticks = new ArrayList<>();
            if (log) {
                double span = Math.log(max / min) / Math.log(2);
                // At most about eight ticks: every power of two, or every second, fourth, ...
                int step = (int) Math.max(1, Math.ceil(span / 8));
                for (double t = min; t <= max * 1.0001; t *= Math.pow(2, step)) {
                    ticks.add(t);
                }
            } else {
                double step = niceStep((max - min) / 6);
                for (double t = min; t <= max; t += step) {
                    ticks.add(t);
                }
            }
            return ticks;
        }

        private static double niceStep(double raw) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / magnitude;
            return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
        }
    }
}
