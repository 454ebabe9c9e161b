/**
 * Python's {@code select} module: {@link dev.jselect.Select} (its {@code select()} and
 * constants), {@link dev.jselect.Poll} and {@link dev.jselect.Epoll}
 * with the platform's constants, plus {@link dev.jselect.FdSet} and the exception types every
 * package throws.
 *
 * <p>A call the kernel refuses throws an {@link dev.jselect.ErrnoException}, an
 * {@link java.io.IOException} carrying the errno, as Python raises an {@code OSError}; the errnos
 * Python gives a subclass of their own have one here too:
 * <pre>
 * IOException
 *  └─ ErrnoException                 OSError (errno(), errnoName(), strerror())
 *      ├─ BlockingIOException         BlockingIOError (EAGAIN)
 *      ├─ ChildProcessException       ChildProcessError (ECHILD)
 *      ├─ FileExistsException         FileExistsError (EEXIST)
 *      ├─ PermissionException         PermissionError (EPERM, EACCES)
 *      ├─ ProcessLookupException      ProcessLookupError (ESRCH)
 *      └─ ConnectionException         ConnectionError
 *          ├─ BrokenPipeException         BrokenPipeError (EPIPE)
 *          ├─ ConnectionAbortedException  ConnectionAbortedError
 *          ├─ ConnectionRefusedException  ConnectionRefusedError
 *          └─ ConnectionResetException    ConnectionResetError
 * </pre>
 * A bad argument (Python's {@code ValueError}, {@code TypeError}, {@code OverflowError}) is an
 * {@link java.lang.IllegalArgumentException}; a call on a closed poll object an
 * {@link java.lang.IllegalStateException}.
 *
 * <p>Every exported package is JSpecify's {@code @NullMarked}: a
 * parameter, result or record component may be null only where it is
 * {@code @Nullable}, as a timeout that blocks when null or a
 * result that stands for Python's {@code None}.
 */
@NullMarked
package dev.jselect;

import org.jspecify.annotations.NullMarked;
