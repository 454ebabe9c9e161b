package dev.jselect.internal;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing of objects that became unreachable without a close(), with one WARN line naming the
 * object: Python's ResourceWarning when a socket, epoll, selector or a child's pipe is garbage
 * collected open. The one cleaner of every jselect object that owns an fd.
 * The close action must not refer to the object itself, or it would never become unreachable.
 *
 * <p>{@link #close()} is the object's own close: it runs the action now, on this thread, and the
 * cleaner then never does; the action runs at most once either way.
 */
public final class Unclosed {
    private static final Logger LOG = LoggerFactory.getLogger(Unclosed.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final AtomicBoolean closedByOwner = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    private Unclosed(Object owner, @Nullable String name, Runnable close, boolean warn) {
        this.cleanable = CLEANER.register(owner, new Action(closedByOwner, name, close, warn));
    }

    /** Runs {@code close} once {@code owner} is unreachable, warning that {@code name} was not closed. */
    public static Unclosed warnAndClose(Object owner, String name, Runnable close) {
        return new Unclosed(owner, name, close, true);
    }

    /**
     * As {@link #warnAndClose}, with no warning of its own: for objects that, like Python's poll
     * objects, need no close, or whose action warns when there is cause (a child still running).
     */
    public static Unclosed closeQuietly(Object owner, Runnable close) {
        return new Unclosed(owner, null, close, false);
    }

    /** The owner's close(): runs the action now, once. */
    public void close() {
        closedByOwner.set(true);
        cleanable.clean();
    }

    /** A static class: it must hold nothing that reaches the owner. */
    private record Action(AtomicBoolean closedByOwner, @Nullable String name, Runnable close, boolean warn) implements Runnable {
        @Override
        public void run() {
            if (warn && !closedByOwner.get()) {
                LOG.warn("unclosed {}: closed now that it is unreachable (close it, or use try-with-resources)", name);
            }
            close.run();
        }
    }
}
