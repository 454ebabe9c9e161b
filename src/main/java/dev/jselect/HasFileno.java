package dev.jselect;

/**
 * Python's "an object with a {@code fileno()} method": anything that stands for one file
 * descriptor. Select.select, Poll, Epoll and the selectors accept it
 * wherever they accept an int fd.
 */
@FunctionalInterface
public interface HasFileno {
    /**
     * The file descriptor, as Python's {@code fileno()}.
     *
     * @return the file descriptor
     */
    int fileno();
}
