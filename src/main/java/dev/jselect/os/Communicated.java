package dev.jselect.os;

import org.jspecify.annotations.Nullable;

/**
 * What {@link Subprocess#communicate(byte[], java.time.Duration)} read: Python's {@code (stdout,
 * stderr)} tuple. Each is everything the child wrote to that pipe until end of file, or null
 * where that stream is not a pipe (Python's {@code None}).
 *
 * @param stdout the child's standard output, or null where stdout is not a pipe
 * @param stderr the child's standard error, or null where stderr is not a pipe
 */
public record Communicated(byte @Nullable [] stdout, byte @Nullable [] stderr) {}
