/**
 * The S3 + PostgreSQL implementation of {@link io.vidstore.api.MediaStore}: {@link
 * io.vidstore.s3.S3MediaStore}, its builder, and the report of its consistency check.
 */
package io.vidstore.s3;
