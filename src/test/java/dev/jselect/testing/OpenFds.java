package dev.jselect.testing;

import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.testing.ProcessState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This process's open sockets and epoll descriptors: a server twin must close all of its own.
 * Linux names each fd's file (/proc/self/fd); elsewhere (macOS) an fd counts as a socket when
 * getsockopt(SO_TYPE) answers for it, and there is no epoll to count.
 */
public final class OpenFds {
    private static final int SOL_SOCKET = Platform.constant("SOL_SOCKET");
    private static final int SO_TYPE = Platform.constant("SO_TYPE");

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

    /** Each open socket or epoll fd as "fd -> what", sorted. */
    public static List<String> socketsAndEpolls() {
        try {
            List<String> found = new ArrayList<>();
            for (int fd : ProcessState.openFdNumbers()) {
                Optional<String> target = ProcessState.describe(fd);
                String what = target.isPresent() ? target.get() : isSocket(fd) ? "socket:" : "";
                if (what.startsWith("socket:") || what.equals("anon_inode:[eventpoll]")) {
                    found.add(fd + " -> " + what);
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isSocket(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            SocketCalls.getsockopt(fd, SOL_SOCKET, SO_TYPE, value, length);
            return true;
        } catch (IOException notASocketOrClosed) {
            return false;
        }
    }
}
