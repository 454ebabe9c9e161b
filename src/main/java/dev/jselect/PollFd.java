package dev.jselect;

/**
 * One ready fd as {@link Poll#poll()} reports it: Python's {@code (fd, event)} tuple, where the
 * event is the returned {@code revents}, never the mask the fd was registered with (so that
 * {@code for fd, event in p.poll()} cannot be ported to the registered mask by mistake).
 *
 * @param fd the ready fd
 * @param revents its returned events, an OR of {@code POLL*} bits
 */
public record PollFd(int fd, int revents) {}
