package dev.jselect.internal.wait;

import java.io.IOException;
import java.util.ArrayList;

/**
 * Where a wait hands its ready entries, on the waiting thread: first their count, then each
 * (fd, events) in the order the wait found them. One wait frame serves every form of a waiting
 * object's wait (the list, {@code pollReady}, the handler): each form passes a sink made once and
 * the {@code target} of this call (a list, a thread's results, the caller's handler), so no wait
 * makes a sink, or a lambda capturing its target, of its own.
 *
 * @param <T> what the entries go into
 */
@FunctionalInterface
public interface ReadySink<T> {
    /** Before the first {@link #add}: the wait found {@code count} ready entries (maybe 0). */
    default void start(T target, int count) {}

    /** One ready entry: its fd and its events (epoll) or revents (poll). */
    void add(T target, int fd, int events) throws IOException;

    /** How a list sink makes one element of an entry: a record's constructor. */
    @FunctionalInterface
    interface Element<E> {
        E of(int fd, int events);
    }

    /**
     * A sink that appends each entry, made by {@code element}, to a list given empty
     * ({@code new ArrayList<>(0)}, which holds no array yet): its array is allocated once, with
     * room for exactly the entries, so a list wait allocates the list, its array and its elements.
     */
    static <E> ReadySink<ArrayList<E>> intoList(Element<E> element) {
        return new ReadySink<>() {
            @Override
            public void start(ArrayList<E> list, int count) {
                list.ensureCapacity(count);
            }

            @Override
            public void add(ArrayList<E> list, int fd, int events) {
                list.add(element.of(fd, events));
            }
        };
    }
}
