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
    /** The sink that fills a thread's list: pass it the list {@link #reset} returned. */
    public static final ReadySink<Entries> SINK = new ReadySink<>() {
        @Override
        public void start(Entries entries, int count) {
            entries.ensureRoom(count);
        }

        @Override
        public void add(Entries entries, int fd, int events) {
            entries.add(fd, events);
        }
    };

    private volatile @Nullable Thread owner;
    private final Entries mine = new Entries();
    private final ThreadLocal<Entries> others = ThreadLocal.withInitial(Entries::new);

    /** Empties the calling thread's list and returns it, for a wait to fill through {@link #SINK}. */
    public Entries reset() {
        Entries e = current(true);
        e.count = 0;
        return e;
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
            ensureRoom(count + 1);
            fds[count] = fd;
            events[count++] = ev;
        }

        /** Room for {@code n} entries in all: grown at most once per wait, never shrunk. */
        void ensureRoom(int n) {
            if (n > fds.length) {
                int grown = Math.max(n, Math.max(16, 2 * fds.length));
                fds = Arrays.copyOf(fds, grown);
                events = Arrays.copyOf(events, grown);
            }
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
