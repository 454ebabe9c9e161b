package dev.jselect;

import java.io.IOException;

/**
 * Receives the ready fds of a zero-allocation wait, one call per fd:
 * {@link Epoll#poll(double, EventHandler)} and {@link Poll#poll(long, EventHandler)}. It is
 * called on the waiting thread, in the kernel's order, before the wait returns; an exception it
 * throws ends the wait and propagates.
 */
@FunctionalInterface
public interface EventHandler {
    /**
     * One ready fd: for epoll its {@code events} (EPOLLIN, ...), for poll its {@code revents}
     * (POLLIN, ...), as the list form would report them.
     *
     * @param fd the ready fd
     * @param events its events (epoll) or revents (poll)
     * @throws IOException whatever the handler throws; it ends the wait
     */
    void onEvent(int fd, int events) throws IOException;
}
