package dev.jselect.os;

import dev.jselect.BrokenPipeException;
import dev.jselect.Select;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One child's {@code communicate()}, as CPython's {@code Popen._communicate} on POSIX: a selector
 * over the parent's pipe ends, the input written in PIPE_BUF pieces (so a write the selector
 * reported possible never blocks), 32 KiB reads, each end unregistered and closed at end of file
 * or, for stdin, once the input is written or the child stopped reading (EPIPE is not an error).
 * What was read is kept here across calls, so that a call that timed out can be retried (after a
 * {@code kill()}, say) and returns everything, as Python keeps it on the Popen object.
 */
final class Communicator {
    private static final int READ_SIZE = 32768;
    /** The longest single select; a longer timeout is waited in slices of this. */
    private static final long MAX_SELECT_NANOS = Duration.ofHours(1).toNanos();

    private final Subprocess process;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean started;
    private byte @Nullable [] input;
    private int inputOffset;
    private @Nullable ByteArrayOutputStream stdout;
    private @Nullable ByteArrayOutputStream stderr;
    // Python's "non-empty list of chunks": TimeoutExpired carries None until a read (even the end of file) happened
    private boolean stdoutRead;
    private boolean stderrRead;

    Communicator(Subprocess process) {
        this.process = process;
    }

    Communicated communicate(byte @Nullable [] in, @Nullable Duration timeout) throws IOException {
        lock.lock(); // a lock, not synchronized: a virtual thread waiting in the selector must not pin its carrier
        try {
            return communicateLocked(in, timeout);
        } finally {
            lock.unlock();
        }
    }

    private Communicated communicateLocked(byte @Nullable [] in, @Nullable Duration timeout) throws IOException {
        boolean hasInput = in != null && in.length > 0;
        if (started && hasInput) {
            throw new IllegalArgumentException("Cannot send input after starting communication");
        }
        long endtime = timeout == null ? 0 : System.nanoTime() + saturatedNanos(timeout);
        PipeEnd stdinEnd = process.stdin();
        PipeEnd stdoutEnd = process.stdout();
        PipeEnd stderrEnd = process.stderr();
        if (!started) {
            started = true;
            if (stdinEnd != null) {
                if (hasInput) {
                    input = Objects.requireNonNull(in).clone(); // hasInput
                } else {
                    stdinEnd.close(); // the child reads end of file at once
                }
            }
            stdout = stdoutEnd == null ? null : new ByteArrayOutputStream();
            stderr = stderrEnd == null ? null : new ByteArrayOutputStream();
        }
        try (BaseSelector selector = Selectors.open()) {
            // a retry goes on with the input a timeout interrupted (Python registers stdin only for new input)
            if (stdinEnd != null && !stdinEnd.isClosed() && input != null && inputOffset < input.length) {
                selector.register(stdinEnd, Selectors.EVENT_WRITE);
            }
            if (stdoutEnd != null && !stdoutEnd.isClosed()) {
                selector.register(stdoutEnd, Selectors.EVENT_READ);
            }
            if (stderrEnd != null && !stderrEnd.isClosed()) {
                selector.register(stderrEnd, Selectors.EVENT_READ);
            }
            while (!selector.getMap().isEmpty()) {
                Duration wait = null;
                if (timeout != null) {
                    long left = endtime - System.nanoTime();
                    if (left < 0) {
                        throw expired(timeout);
                    }
                    wait = Duration.ofNanos(Math.min(left, MAX_SELECT_NANOS));
                }
                var ready = selector.select(wait);
                if (timeout != null && System.nanoTime() - endtime > 0) {
                    throw expired(timeout); // what is ready stays in the pipes for a retry, as in Python
                }
                for (SelectedKey key : ready) {
                    PipeEnd end = (PipeEnd) key.key().fileobj();
                    if (end == stdinEnd) {
                        writeSome(selector, end);
                    } else {
                        readSome(selector, end, end == stdoutEnd);
                    }
                }
            }
        }
        try {
            process.waitFor(timeout == null ? null : Duration.ofNanos(endtime - System.nanoTime()));
        } catch (TimeoutExpiredException e) {
            throw expired(Objects.requireNonNull(timeout)); // the pipes are at end of file, yet the child runs on
        }
        return new Communicated(stdout == null ? null : stdout.toByteArray(), stderr == null ? null : stderr.toByteArray());
    }

    private void writeSome(BaseSelector selector, PipeEnd end) throws IOException {
        byte[] input = Objects.requireNonNull(this.input); // stdin is registered only with input left
        try {
            inputOffset += end.write(input, inputOffset, Math.min(Select.PIPE_BUF, input.length - inputOffset));
            if (inputOffset < input.length) {
                return;
            }
        } catch (BrokenPipeException e) {
            // the child closed its stdin: communicate() ignores that, as Python's does
        }
        selector.unregister(end);
        end.close();
    }

    private void readSome(BaseSelector selector, PipeEnd end, boolean isStdout) throws IOException {
        byte[] data = end.read(READ_SIZE);
        if (data.length == 0) {
            selector.unregister(end);
            end.close();
        }
        if (isStdout) {
            Objects.requireNonNull(stdout).writeBytes(data); // a pipe, so communicate made its buffer
            stdoutRead = true;
        } else {
            Objects.requireNonNull(stderr).writeBytes(data);
            stderrRead = true;
        }
    }

    private TimeoutExpiredException expired(Duration timeout) {
        return new TimeoutExpiredException(process.args(), timeout,
                stdoutRead && stdout != null ? stdout.toByteArray() : null, stderrRead && stderr != null ? stderr.toByteArray() : null);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
        }
    }
}
