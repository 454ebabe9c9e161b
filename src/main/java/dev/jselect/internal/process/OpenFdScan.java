package dev.jselect.internal.process;

import dev.jselect.internal.sys.Constants;

import dev.jselect.internal.sys.Platform;

import dev.jselect.internal.sys.Downcall;

import dev.jselect.internal.NativeMemory;

import dev.jselect.internal.sys.FdCalls;

import dev.jselect.ErrnoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fds from 3 up that this process has open without close-on-exec: what a child must be
 * told to close one by one where no single closefrom action works. Read from /proc/self/fd, or
 * where there is no /proc (a sandbox's mount namespace), found by asking fcntl(F_GETFD) of every
 * number below the RLIMIT_NOFILE soft limit, at most {@value #SCAN_MAX} of them.
 */
final class OpenFdScan {
    /** The most numbers the scan without /proc asks about: 1M, about 0.2 s at worst. */
    static final int SCAN_MAX = 1 << 20;
    private static final Path PROC_FDS = Path.of("/proc/self/fd");
    // bound on first use: a spawn that closes its fds with one closefrom action never asks
    private static final class Getrlimit {
        static final MethodHandle H = Downcall.bind("getrlimit");
    }

    private OpenFdScan() {}

    /** True where /proc/self/fd can be listed, which glibc's closefrom falls back to without close_range. */
    static boolean procListable() {
        return Files.isDirectory(PROC_FDS) && Files.isReadable(PROC_FDS);
    }

    /** The inheritable fds from 3 up; see the class comment. */
    static List<Integer> inheritable() throws IOException {
        List<Integer> open = new ArrayList<>();
        if (procListable()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC_FDS)) {
                for (Path p : fds) {
                    addIfInheritable(open, Integer.parseInt(p.getFileName().toString()));
                }
            }
        } else {
            int limit = (int) Math.min(softLimit(), SCAN_MAX);
            for (int fd = 3; fd < limit; fd++) {
                addIfInheritable(open, fd);
            }
        }
        return open;
    }

    /** Not open (a number never used, the listing's own fd, one another thread closed): -1, left out. */
    private static void addIfInheritable(List<Integer> open, int fd) {
        int flags = FdCalls.fdFlagsOrMinusOne(fd);
        if (fd >= 3 && flags >= 0 && (flags & Constants.FD_CLOEXEC) == 0) {
            open.add(fd);
        }
    }

    /** The RLIMIT_NOFILE soft limit (RLIM_INFINITY, all bits set, as the largest long). */
    static long softLimit() throws ErrnoException {
        Downcall.require(Getrlimit.H, "getrlimit");
        GroupLayout layout = Platform.abi().layout("rlimit");
        try (Arena arena = NativeMemory.ofConfined()) {
            MemorySegment rl = arena.allocate(layout);
            Downcall.call("getrlimit", st -> (int) Getrlimit.H.invokeExact(st, Constants.RLIMIT_NOFILE, rl));
            long soft = rl.get(ValueLayout.JAVA_LONG, layout.byteOffset(PathElement.groupElement("rlim_cur")));
            return soft < 0 ? Long.MAX_VALUE : soft;
        }
    }
}
