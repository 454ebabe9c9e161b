package dev.jselect.os;

import dev.jselect.HasFileno;
import dev.jselect.internal.process.ChildLaunch;

/**
 * Where one of a child's standard streams goes: Python's {@code stdin=}/{@code stdout=}/{@code
 * stderr=} arguments of {@code subprocess.Popen}. {@link #INHERIT} is Python's {@code None}, and
 * {@link #PIPE}, {@link #DEVNULL}, {@link #STDOUT} are {@code subprocess.PIPE}, {@code DEVNULL}
 * and {@code STDOUT}; {@link #fd(int)} is an int fd of the caller.
 */
public final class Redirect {
    enum Kind { INHERIT, PIPE, DEVNULL, STDOUT, FD }

    /** The child shares this process's stream (Python's {@code None}, the default). */
    public static final Redirect INHERIT = new Redirect(Kind.INHERIT, -1);
    /** A new pipe; the parent's end is {@code stdinFd()}, {@code stdoutFd()} or {@code stderrFd()}. */
    public static final Redirect PIPE = new Redirect(Kind.PIPE, -1);
    /** {@code /dev/null}. */
    public static final Redirect DEVNULL = new Redirect(Kind.DEVNULL, -1);
    /** For stderr only: wherever stdout goes (Python's {@code stderr=STDOUT}). */
    public static final Redirect STDOUT = new Redirect(Kind.STDOUT, -1);

    final Kind kind;
    final int fd;

    private Redirect(Kind kind, int fd) {
        this.kind = kind;
        this.fd = fd;
    }

    /**
     * An open fd of the caller, duplicated onto the child's stream; it stays open and the
     * caller's. A negative fd is an {@link IllegalArgumentException} (Python's ValueError).
     *
     * @param fd a file descriptor
     * @return a redirect to that fd
     */
    public static Redirect fd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("negative file descriptor " + fd);
        }
        return new Redirect(Kind.FD, fd);
    }

    /**
     * {@link #fd(int)} of {@code f.fileno()}, Python's file-object argument.
     *
     * @param f an object with {@code fileno()}
     * @return a redirect to its fd
     */
    public static Redirect of(HasFileno f) {
        return fd(f.fileno());
    }

    /** This redirect as {@link ChildLaunch} takes it: one of its constants, or the fd. */
    int launchSpec() {
        return switch (kind) {
            case INHERIT -> ChildLaunch.INHERIT;
            case PIPE -> ChildLaunch.PIPE;
            case DEVNULL -> ChildLaunch.DEVNULL;
            case STDOUT -> ChildLaunch.STDOUT;
            case FD -> fd;
        };
    }

    @Override
    public String toString() {
        return kind == Kind.FD ? "Redirect.fd(" + fd + ")" : "Redirect." + kind;
    }
}
