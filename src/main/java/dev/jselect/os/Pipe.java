package dev.jselect.os;

import java.io.IOException;

/**
 * The two ends of a pipe, as returned by {@link Os#pipe()} (Python's {@code os.pipe()} tuple).
 * {@link #close()} closes each end at most once, however often and from however many threads
 * it is called.
 *
 * @param readFd the read end's fd
 * @param writeFd the write end's fd
 */
public record Pipe(int readFd, int writeFd) implements AutoCloseable {
    /** Takes ownership of both descriptors (a negative one is an {@link IllegalArgumentException}). */
    public Pipe {
        if (readFd < 0 || writeFd < 0) {
            throw new IllegalArgumentException("negative file descriptor in Pipe(" + readFd + ", " + writeFd + ")");
        }
        PipeFds.claim(readFd, this);
        PipeFds.claim(writeFd, this);
    }

    /** Closes both ends; later calls do nothing. Python: {@code os.close(r); os.close(w)}. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (int fd : new int[] {readFd, writeFd}) {
            try {
                PipeFds.closeOnce(fd, this);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
