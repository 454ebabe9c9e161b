package dev.jselect.net;

import java.io.IOException;

/**
 * A failed name lookup: Python's {@code socket.gaierror}. {@link #errno()} is getaddrinfo's
 * EAI_ code (negative on Linux, positive on macOS, as Python reports it) and the message is
 * exactly Python's {@code str(e)}: {@code "[Errno -2] Name or service not known"}.
 *
 * <p>An IOException, not an {@link dev.jselect.ErrnoException}: its number is not an errno.
 * (Python's gaierror is an OSError; {@code catch (IOException e)} ports {@code except OSError}.)
 */
public final class GaiException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The EAI_ code. */
    private final int errno;
    /** The C library's text for the code. */
    private final String strerror;

    GaiException(int errno, String strerror) {
        super("[Errno " + errno + "] " + strerror);
        this.errno = errno;
        this.strerror = strerror;
    }

    /**
     * getaddrinfo's EAI_ code, like {@code gaierror.errno}.
     *
     * @return the EAI_ code
     */
    public int errno() {
        return errno;
    }

    /**
     * The C library's text for the code ({@code gai_strerror}), like {@code gaierror.strerror}.
     *
     * @return the C library's message for the code
     */
    public String strerror() {
        return strerror;
    }
}
