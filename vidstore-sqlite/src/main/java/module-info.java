/**
 * A {@link io.vidstore.api.MediaStore} in one directory: SQLite keeps the metadata and small
 * files, the file system keeps videos and other large files. Start with {@link
 * io.vidstore.sqlite.SqliteMediaStore#open(java.nio.file.Path)}.
 */
module io.vidstore.sqlite {
    requires transitive io.vidstore.api;
    requires io.vidstore.store.support;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports io.vidstore.sqlite;
}
