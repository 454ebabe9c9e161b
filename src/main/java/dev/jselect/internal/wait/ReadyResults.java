package dev.jselect.internal.wait;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The results of zero-allocation waits ({@code pollReady}, read with {@code readyFd(i)} and
 * {@code readyEvents(i)}), owned by the thread that waited: a wait writes into its own thread's
 * list, so another thread's wait never overwrites them, and they stay until that thread's next wait.
 *
 * <p>The first thread to wait owns a list held in a field; any other thread gets one of its own
 * (a thread-local, made on its first wait). So one waiting thread, the usual event loop, costs a
 * field read per access and allocates nothing once the arrays are large enough.
 */
public final class ReadyResults {
    private volatile @Nullable Thread owner;
    private final Entries mine = new Entries();
    private final ThreadLocal<Entries> others = ThreadLocal.withInitial(Entries::new);

    /** Empties the calling thread's list for a wait to fill with {@link #add}. */
    public void reset() {
        current(true).count = 0;
    }

    /** Appends a ready entry to the calling thread's list (after its {@link #reset}), growing it if needed. */
    public void add(int fd, int events) {
        current(false).add(fd, events);
    }

    /** The calling thread's list, as its last wait left it. */
    public Entries forReading() {
        return current(false);
    }

    private Entries current(boolean claim) {
        Thread t = Thread.currentThread();
        Thread o = owner;
        if (o == t) {
            return mine;
        }
        if (o == null && claim) {
            synchronized (this) {
                if (owner == null) {
                    owner = t;
                    return mine;
                }
            }
        }
        return others.get();
    }

    /** One thread's results: fd and events of each ready entry, in the order the wait found them. */
    public static final class Entries {
        private int[] fds = new int[0];
        private int[] events = new int[0];
        private int count;

        void add(int fd, int ev) {
            if (count == fds.length) {
                int n = Math.max(16, 2 * count);
                fds = Arrays.copyOf(fds, n);
                events = Arrays.copyOf(events, n);
            }
            fds[count] = fd;
            events[count++] = ev;
        }

        public int count() {
            return count;
        }

        /** @throws IndexOutOfBoundsException unless {@code 0 <= i < count()} */
        public int fd(int i) {
            return fds[Objects.checkIndex(i, count)];
        }

        public int events(int i) {
            return events[Objects.checkIndex(i, count)];
        }
    }
}
