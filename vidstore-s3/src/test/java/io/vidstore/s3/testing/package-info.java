/**
 * Servers for tests and benchmarks of the S3 store: {@link io.vidstore.s3.testing.S3Proxy}, a real
 * S3 protocol server run as a process, and {@link io.vidstore.s3.testing.SchemaDataSource},
 * PostgreSQL connections in one schema. Published in the module's test-jar.
 */
package io.vidstore.s3.testing;
