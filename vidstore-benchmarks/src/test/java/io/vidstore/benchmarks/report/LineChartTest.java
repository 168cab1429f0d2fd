package io.vidstore.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class LineChartTest {

    private static LineChart chart() {
        return new LineChart("Bytes <per> op", "file size", "bytes", x -> (long) x + " B", y -> (long) y + " B")
                .add("chunk 64 KiB", List.of(new LineChart.Point(16, 100), new LineChart.Point(1024, 100)), false)
                .add("reference & co", List.of(new LineChart.Point(16, 50), new LineChart.Point(1024, 5000)), true);
    }

    @Test
    void writesAWellFormedSvgWithOneLinePerSeries() throws Exception {
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(chart().toSvg().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", svg.getDocumentElement().getTagName());
        assertEquals(2, svg.getElementsByTagName("path").getLength());
        assertEquals(4, svg.getElementsByTagName("circle").getLength());
        String text = svg.getDocumentElement().getTextContent();
        assertTrue(text.contains("Bytes <per> op"));
        assertTrue(text.contains("reference & co"));
    }

    @Test
    void drawsAFlatSeriesAsAHorizontalLine() {
        String svg = chart().toSvg();
        String path = svg.lines().filter(l -> l.startsWith("<path")).findFirst().orElseThrow();
        String[] coordinates = path.replaceAll(".*d=\"M([^\"]+)\".*", "$1").split(" L");
        assertEquals(coordinates[0].split(" ")[1], coordinates[1].split(" ")[1]);
    }

    @Test
    void dashesReferences() {
        String svg = chart().toSvg();
        assertEquals(1, svg.lines().filter(l -> l.startsWith("<path") && l.contains("dasharray")).count());
    }

    @Test
    void leavesOutPointsALogAxisCannotShow() {
        LineChart chart = new LineChart("t", "x", "y", x -> "", y -> "")
                .add("empty", List.of(new LineChart.Point(1, 0), new LineChart.Point(2, Double.NaN)), false);
        assertTrue(chart.isEmpty());
    }
}
