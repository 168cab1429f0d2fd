package io.vidstore.benchmarks.report;

import java.util.List;

/** Builds the report's Markdown text: headings, paragraphs, tables and images. */
final class Markdown {

    private final StringBuilder text = new StringBuilder();

    Markdown heading(int level, String title) {
        text.append("#".repeat(level)).append(' ').append(title).append("\n\n");
        return this;
    }

    Markdown paragraph(String paragraph) {
        text.append(paragraph).append("\n\n");
        return this;
    }

    Markdown lines(List<String> lines) {
        lines.forEach(l -> text.append(l).append('\n'));
        text.append('\n');
        return this;
    }

    Markdown image(String alt, String file) {
        text.append("![").append(alt).append("](").append(file).append(")\n\n");
        return this;
    }

    Markdown table(List<String> header, List<List<String>> rows) {
        row(header);
        text.append('|').append(" --- |".repeat(header.size())).append('\n');
        rows.forEach(this::row);
        text.append('\n');
        return this;
    }

    private void row(List<String> cells) {
        text.append('|');
        cells.forEach(c -> text.append(' ').append(c.replace("|", "\\|")).append(" |"));
        text.append('\n');
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
