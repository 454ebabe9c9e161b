/**
 * The parts of Python's {@code os}, {@code signal} and {@code subprocess} modules that select
 * programs use: pipes, reads and writes on descriptors and blocking mode ({@link dev.jselect.os.Os}),
 * signal handlers that wake a select loop ({@link dev.jselect.os.Signals}), and child processes
 * whose pipes and exit are plain descriptors one loop can watch ({@link dev.jselect.os.Subprocess}).
 */
@NullMarked
package dev.jselect.os;

import org.jspecify.annotations.NullMarked;
