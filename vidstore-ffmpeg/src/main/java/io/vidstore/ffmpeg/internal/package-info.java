/**
 * Implementation of {@code vidstore-ffmpeg}: the child-process runner, the parsers for {@code
 * ffprobe}'s JSON and {@code ffmpeg}'s {@code -progress} output, tool location and command
 * building.
 *
 * <p><b>Unsupported.</b> This package is not exported by the module and may change in any release
 * without notice; do not use it from outside {@code vidstore-ffmpeg}.
 */
package io.vidstore.ffmpeg.internal;
