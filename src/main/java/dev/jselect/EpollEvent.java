package dev.jselect;

/** One ready fd as {@link Epoll#poll()} reports it: Python's {@code (fd, events)} tuple. */
public record EpollEvent(int fd, int events) {}
