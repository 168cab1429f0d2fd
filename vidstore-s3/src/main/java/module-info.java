/**
 * A {@link io.vidstore.api.MediaStore} for several servers: content in S3-compatible object
 * storage, metadata and small files in a database reached through JDBC (PostgreSQL). Start with
 * {@link io.vidstore.s3.S3MediaStore#builder()}.
 */
// "s3" is the name everybody knows the protocol by; the AWS SDK's jars are automatic modules.
@SuppressWarnings({"module", "requires-automatic", "requires-transitive-automatic"})
module io.vidstore.s3 {
    requires transitive io.vidstore.api;
    requires io.vidstore.store.support;
    requires transitive java.sql;
    requires transitive software.amazon.awssdk.services.s3;
    requires transitive software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.utils;
    requires org.slf4j;

    exports io.vidstore.s3;
}
