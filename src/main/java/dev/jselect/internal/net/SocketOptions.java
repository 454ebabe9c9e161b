package dev.jselect.internal.net;

import dev.jselect.internal.Scratch;

import dev.jselect.internal.sys.SocketCalls;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.Platform;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import org.jspecify.annotations.Nullable;

/**
 * Socket option values between Java and C: an {@code int} option, and {@code struct linger}
 * placed by the platform's layout (two ints on Linux and macOS, but read from the binding set
 * rather than assumed). The value and its {@code socklen_t} live in this thread's
 * the {@link Scratch} block's option slice, so an option call allocates nothing.
 *
 * <p>The linger layout is looked up only where the platform is supported: on any other, this
 * class still loads and every call throws {@link UnsupportedOperationException}.
 */
public final class SocketOptions {
    private static final int SOL_SOCKET = Constants.SOL_SOCKET;
    private static final int SO_LINGER = Constants.SO_LINGER;
    private static final @Nullable StructLayout LINGER = Platform.isSupported() ? (StructLayout) Platform.abi().layout("linger") : null;
    private static final long L_ONOFF = lingerMember("l_onoff");
    private static final long L_LINGER = lingerMember("l_linger");

    private SocketOptions() {}

    private static long lingerMember(String name) {
        return LINGER == null ? 0 : LINGER.byteOffset(PathElement.groupElement(name));
    }

    /**
     * {@link #setInt(int, int, int, int)} on {@code fd} held open for the call; written out rather
     * than through a lambda, so a call per request (TCP_CORK) captures nothing.
     */
    public static void setInt(SocketFd fd, int level, int option, int value) throws ErrnoException {
        int s = fd.acquire();
        try {
            setInt(s, level, option, value);
        } finally {
            fd.release();
        }
    }

    /** {@link #getInt(int, int, int)} on {@code fd} held open for the call. */
    public static int getInt(SocketFd fd, int level, int option) throws ErrnoException {
        int s = fd.acquire();
        try {
            return getInt(s, level, option);
        } finally {
            fd.release();
        }
    }

    /** setsockopt(2) of an int value. */
    public static void setInt(int s, int level, int option, int value) throws ErrnoException {
        try (Scratch sc = Scratch.take()) {
            MemorySegment v = sc.small;
            v.set(ValueLayout.JAVA_INT, 0, value);
            SocketCalls.setsockopt(s, level, option, v, 4);
        }
    }

    /** getsockopt(2) of an int value. */
    public static int getInt(int s, int level, int option) throws ErrnoException {
        try (Scratch sc = Scratch.take()) {
            MemorySegment v = sc.small; // int value, then its socklen_t
            v.set(ValueLayout.JAVA_INT, 0, 0);
            v.set(ValueLayout.JAVA_INT, 4, 4);
            SocketCalls.getsockopt(s, level, option, v.asSlice(0, 4), v.asSlice(4, 4));
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** setsockopt(SOL_SOCKET, SO_LINGER) of {@code struct linger {on, seconds}}. */
    public static void setLinger(int s, boolean on, int seconds) throws ErrnoException {
        long size = linger().byteSize();
        try (Scratch sc = Scratch.take()) {
            MemorySegment v = sc.small;
            v.set(ValueLayout.JAVA_INT, L_ONOFF, on ? 1 : 0);
            v.set(ValueLayout.JAVA_INT, L_LINGER, seconds);
            SocketCalls.setsockopt(s, SOL_SOCKET, SO_LINGER, v, (int) size);
        }
    }

    /** getsockopt(SOL_SOCKET, SO_LINGER) folded into one int: the linger time when on, -1 when off. */
    public static int getLinger(int s) throws ErrnoException {
        long size = linger().byteSize();
        try (Scratch sc = Scratch.take()) {
            MemorySegment v = sc.small; // struct linger, then its socklen_t
            v.asSlice(0, size).fill((byte) 0);
            v.set(ValueLayout.JAVA_INT, size, (int) size);
            SocketCalls.getsockopt(s, SOL_SOCKET, SO_LINGER, v.asSlice(0, size), v.asSlice(size, 4));
            return v.get(ValueLayout.JAVA_INT, L_ONOFF) != 0 ? v.get(ValueLayout.JAVA_INT, L_LINGER) : -1;
        }
    }

    private static StructLayout linger() {
        if (LINGER == null) {
            throw Platform.unsupported("socket options");
        }
        return LINGER;
    }
}
