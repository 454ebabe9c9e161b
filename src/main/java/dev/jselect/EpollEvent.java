package dev.jselect;

/**
 * One ready fd as {@link Epoll#poll()} reports it: Python's {@code (fd, events)} tuple.
 *
 * @param fd the ready fd
 * @param events its events, an OR of {@code EPOLL*} bits
 */
public record EpollEvent(int fd, int events) {}
