package io.vidstore.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;

/** One part of the report: it writes its Markdown and, if it has any, its SVG charts. */
interface Section {

    /**
     * Writes this section, if the run measured what it reports; otherwise writes nothing.
     *
     * @param results the run's results
     * @param md where the Markdown goes
     * @param dir the report's directory, where charts go
     */
    void write(Results results, Markdown md, Path dir) throws IOException;
}
