package dev.jselect;

/**
 * One {@code struct pollfd} as {@link Poll#poll()} reports it: Python's {@code (fd, revents)}
 * tuple, plus the {@code events} mask the fd was registered with.
 */
public record PollFd(int fd, int events, int revents) {}
