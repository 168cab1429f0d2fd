/**
 * Test support for implementations of {@link io.vidstore.api.MediaStore}, shipped in the
 * {@code vidstore-api} test-jar: the contract suite {@link
 * io.vidstore.api.testing.MediaStoreContractTest}, which every implementation runs by extending
 * it, and {@link io.vidstore.api.testing.TestStreams}, generated content and unfriendly streams
 * for an implementation's own tests.
 *
 * <p>Use it as a test-scoped dependency:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>io.vidstore</groupId>
 *   <artifactId>vidstore-api</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * JUnit Jupiter (with {@code junit-jupiter-params}) must be on the test class path as well.
 */
package io.vidstore.api.testing;
