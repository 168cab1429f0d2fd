/**
 * The {@code vidstore} command: stores, reads, inspects, checks, repairs and migrates a {@link
 * io.vidstore.sqlite.SqliteMediaStore}, renders with ffmpeg, and runs an end-to-end demo. Its
 * entry point is {@link io.vidstore.cli.VidstoreCli#main(String[])}; the commands themselves are
 * not an API.
 */
module io.vidstore.cli {
    requires io.vidstore.sqlite;
    requires io.vidstore.ffmpeg;
    requires io.vidstore.http;
    requires info.picocli;
    requires java.sql;
    requires java.management;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports io.vidstore.cli;
    // picocli creates the commands and sets their option fields by reflection.
    opens io.vidstore.cli to info.picocli;
}
