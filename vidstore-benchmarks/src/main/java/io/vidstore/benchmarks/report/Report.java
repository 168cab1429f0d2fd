package io.vidstore.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes the human report of a suite run: {@value #FILE} (Markdown tables) and SVG charts, next to
 * the JMH JSON files they are made from.
 *
 * <pre>java -cp vidstore-benchmarks/target/benchmarks.jar io.vidstore.benchmarks.report.Report RESULTS_DIR DATA_DIR COMMAND</pre>
 */
public final class Report {

    /** The name of the Markdown report in the results directory. */
    public static final String FILE = "REPORT.md";

    /** A hand-written file in the results directory that the report quotes, if it exists. */
    public static final String NOTES = "NOTES.md";

    private static final List<Section> SECTIONS = List.of(new TargetsSection(), new MemorySection(),
            new ThroughputSection(), new BaselineSection(), new SmallFilesSection(), new ConcurrencySection(),
            new HttpSection());

    private Report() {
    }

    /**
     * Reads the JMH JSON files of a directory and writes the report and charts into it.
     *
     * @param resultsDir the directory with the JSON files, which receives the report
     * @param dataDir where the benchmarks wrote their files, to describe the disk
     * @param command the command that produced the results, quoted in the report
     * @return the Markdown file written
     * @throws IOException if reading or writing fails
     */
    public static Path write(Path resultsDir, Path dataDir, String command) throws IOException {
        Results results = Results.read(resultsDir);
        Markdown md = new Markdown();
        md.heading(1, "vidstore benchmark results");
        md.paragraph("Produced by `" + command + "` on " + LocalDate.now(ZoneOffset.UTC) + ". All"
                + " ratios compare measurements of the same run; absolute numbers depend on the machine."
                + " The raw JMH results are the `*.json` files next to this report.");
        md.heading(2, "Machine");
        md.lines(Machine.describe(dataDir));
        md.paragraph("Reads come from the page cache: each read benchmark writes its file once and"
                + " then reads it repeatedly, and the files fit in memory many times over. Read"
                + " numbers therefore measure the read path's system calls and copies, not the disk;"
                + " saves are forced to disk with `fsync` and do measure it.");
        Path notes = resultsDir.resolve(NOTES);
        if (Files.isRegularFile(notes)) {
            // What a person knows about the run and the program cannot: other load, re-runs.
            md.heading(2, "Notes on this run").paragraph(Files.readString(notes).strip());
        }
        for (Section section : SECTIONS) {
            section.write(results, md, resultsDir);
        }
        Path file = resultsDir.resolve(FILE);
        Files.writeString(file, md.toString());
        return file;
    }

    /**
     * Writes the report of a results directory.
     *
     * @param args the results directory, the data directory, and the words of the command that
     *     produced the results
     * @throws IOException if reading or writing fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: Report RESULTS_DIR DATA_DIR COMMAND...");
            System.exit(2);
        }
        String command = String.join(" ", List.of(args).subList(2, args.length));
        System.out.println("wrote " + write(Path.of(args[0]), Path.of(args[1]), command));
    }
}
