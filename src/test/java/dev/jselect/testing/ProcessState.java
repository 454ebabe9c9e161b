package dev.jselect.testing;

import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** This process's open descriptors, for leak tests on Linux and macOS alike. */
public final class ProcessState {
    private static final int F_GETFD = Platform.constant("F_GETFD");

    private ProcessState() {}

    /** True while {@code fd} is an open descriptor of this process (fcntl F_GETFD succeeds). */
    public static boolean isOpen(int fd) {
        try {
            FdCalls.fcntl(fd, F_GETFD, 0);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** The number of open fds: /proc/self/fd on Linux, /dev/fd on macOS (both list the caller's own). */
    public static int openFds() throws IOException {
        try (Stream<Path> fds = Files.list(fdDirectory())) {
            return (int) fds.count() - 1; // minus the listing's own fd
        }
    }

    /** The open fds by number, sorted (the listing's own fd, closed by then, included). */
    public static List<Integer> openFdNumbers() throws IOException {
        try (Stream<Path> fds = Files.list(fdDirectory())) {
            return fds.map(fd -> Integer.valueOf(fd.getFileName().toString())).sorted().toList();
        }
    }

    /** The fds open now, to compare with later through {@link #openedSince}. */
    public static Set<Integer> snapshot() throws IOException {
        return new HashSet<>(stillOpen());
    }

    /** {@link #openFdNumbers()} without the listing's own fd, closed once listed. */
    private static List<Integer> stillOpen() throws IOException {
        List<Integer> open = new ArrayList<>(openFdNumbers());
        open.removeIf(fd -> !isOpen(fd));
        return open;
    }

    /**
     * The fds open now that were not open at {@code snapshot}: what was opened since and is still
     * open. Unlike a count, it does not move when something else closes an fd meanwhile (a
     * cleaner closing another test's leftovers), so it checks what a test's own calls hold.
     */
    public static List<Integer> openedSince(Set<Integer> snapshot) throws IOException {
        List<Integer> opened = stillOpen();
        opened.removeAll(snapshot);
        return opened;
    }

    /**
     * What {@code fd} is open on, where the system says (Linux: the /proc/self/fd link, such as
     * {@code socket:[123]} or {@code anon_inode:[eventpoll]}); empty elsewhere or when it was closed.
     */
    public static Optional<String> describe(int fd) {
        Path link = Path.of("/proc/self/fd", Integer.toString(fd));
        try {
            return Optional.of(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Path fdDirectory() {
        Path proc = Path.of("/proc/self/fd");
        return Files.isDirectory(proc) ? proc : Path.of("/dev/fd");
    }
}
