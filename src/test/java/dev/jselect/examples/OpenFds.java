package dev.jselect.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** This process's open sockets and epoll descriptors, from /proc/self/fd: a server twin must close all of its own. */
final class OpenFds {
    static {
        // The JDK's socket code opens one socket of its own on first use (the descriptor it dup2s
        // over a socket closed while another thread is blocked on it) and keeps it: open it now,
        // before any count is taken.
        try {
            new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OpenFds() {}

    /** Each open socket or epoll fd as "fd -> target", sorted. */
    static List<String> socketsAndEpolls() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> fd.getFileName() + " -> " + target(fd))
                    .filter(t -> t.contains("> socket:") || t.endsWith("> anon_inode:[eventpoll]"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed while listing (the listing's own fd, for one)
        }
    }
}
