package io.vidstore.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void writesTablesAndChartsFromRecordedResults(@TempDir Path dir) throws IOException {
        Samples.copyAll(dir);
        Path report = Report.write(dir, dir, "mvn -pl vidstore-benchmarks -am -P benchmarks verify");
        String md = Files.readString(report);
        assertTrue(md.startsWith("# vidstore benchmark results"), md);
        assertTrue(md.contains("`mvn -pl vidstore-benchmarks -am -P benchmarks verify`"), md);
        assertTrue(md.contains("## Machine"), md);
        assertTrue(md.contains("## Constant memory"), md);
        assertTrue(md.contains("| SaveBenchmark.save | 64KiB |"), md);
        assertTrue(md.contains("## Small files: BLOB or file"), md);
        assertTrue(md.contains("## Against the naive baseline"), md);
        assertTrue(md.contains("## Targets"), md);
        assertTrue(Files.readString(dir.resolve("allocation-save.svg")).startsWith("<svg"));
        assertTrue(Files.readString(dir.resolve("small-files.svg")).startsWith("<svg"));
        assertTrue(md.contains("](allocation-save.svg)"), md);
    }

    @Test
    void leavesOutSectionsTheRunDidNotMeasure(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("small-files.json"), Samples.text("small-files.json"));
        String md = Files.readString(Report.write(dir, dir, "quick"));
        assertTrue(md.contains("## Small files"), md);
        assertTrue(!md.contains("## Constant memory"), md);
        assertTrue(!md.contains("## Concurrency"), md);
    }
}
