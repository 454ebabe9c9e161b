package dev.jselect.bench.startup;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Start-up benchmark (f): the C calls of (c), {@link FirstCalls}, made through bare FFM downcall
 * handles with errno captured, and nothing of jselect: the same functions with the same
 * descriptors and linker options, bound as each part first needs them, called in the same order
 * with the same arguments (pipe2 and write; select on the pipe; epoll_create1, an eventfd and
 * epoll_ctl for it as an epoll's wakeup, epoll_ctl and epoll_wait for the pipe; socketpair and
 * critical send/recv of heap arrays; posix_spawn of {@code true} with its file actions and
 * attributes, pidfd_open and waitpid). It is the floor of (c) for a library that binds these
 * calls through the FFM API: its time is the JVM's, linking a downcall stub for each C
 * signature, and what is left of (c) above it is jselect's. Linux only (x86_64 and aarch64
 * share every constant used here). Prints {@code first <what> <ns>} with (c)'s names.
 */
public final class SameCallsBareFfm {
    // <fcntl.h>, <sys/epoll.h>, <sys/eventfd.h>, <sys/socket.h>, <spawn.h>: Linux's values
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NONBLOCK = 0x800;
    private static final int EPOLLIN = 0x1;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int MSG_DONTWAIT = 0x40;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final long FD_SET_BYTES = 128;
    private static final long SIGSET_BYTES = 128;
    private static final long SPAWNATTR_BYTES = 336;
    private static final long FILE_ACTIONS_BYTES = 80;
    private static final long EPOLL_EVENT_BYTES = 16; // 12 on x86_64 (packed), 16 on aarch64

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final byte[] PING = {'p', 'i', 'n', 'g'};

    private SameCallsBareFfm() {}

    private static MethodHandle bind(String fn, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = ERRNO;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(fn), fd, options);
    }

    private static int check(int r, MemorySegment state, String call) {
        if (r < 0) {
            throw new IllegalStateException(call + " failed, errno " + (int) ERRNO_HANDLE.get(state, 0L));
        }
        return r;
    }

    public static void main(String[] args) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = arena.allocate(STATE);

            long t0 = System.nanoTime();
            MethodHandle pipe2 = bind("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
            MethodHandle write = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
            MethodHandle close = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            MemorySegment pair = arena.allocate(JAVA_INT, 2);
            check((int) pipe2.invokeExact(st, pair, O_CLOEXEC), st, "pipe2");
            int rfd = pair.getAtIndex(JAVA_INT, 0);
            int wfd = pair.getAtIndex(JAVA_INT, 1);
            long t1 = System.nanoTime();
            MemorySegment ping = arena.allocateFrom(JAVA_BYTE, PING);
            check((int) (long) write.invokeExact(st, wfd, ping, (long) PING.length), st, "write");

            long t2 = System.nanoTime();
            MethodHandle select = bind("select", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            MemorySegment readSet = arena.allocate(FD_SET_BYTES, 8);
            readSet.setAtIndex(JAVA_LONG, rfd / 64, 1L << (rfd % 64));
            MemorySegment timeval = arena.allocate(16, 8);
            int selected = check((int) select.invokeExact(st, rfd + 1, readSet, MemorySegment.NULL, MemorySegment.NULL, timeval),
                    st, "select");
            long t3 = System.nanoTime();
            if (selected != 1) {
                throw new AssertionError("select did not report the pipe readable");
            }

            long t4 = System.nanoTime();
            MethodHandle epollCreate1 = bind("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            MethodHandle eventfd = bind("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
            MethodHandle epollCtl = bind("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            MethodHandle epollWait = bind("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
            int ep = check((int) epollCreate1.invokeExact(st, O_CLOEXEC), st, "epoll_create1");
            int wakeup = check((int) eventfd.invokeExact(st, 0, O_CLOEXEC | O_NONBLOCK), st, "eventfd");
            MemorySegment event = arena.allocate(EPOLL_EVENT_BYTES, 8);
            event.set(JAVA_INT, 0, EPOLLIN);
            check((int) epollCtl.invokeExact(st, ep, EPOLL_CTL_ADD, wakeup, event), st, "epoll_ctl");
            check((int) epollCtl.invokeExact(st, ep, EPOLL_CTL_ADD, rfd, event), st, "epoll_ctl");
            MemorySegment events = arena.allocate(EPOLL_EVENT_BYTES * 8, 8);
            int ready = check((int) epollWait.invokeExact(st, ep, events, 8, 0), st, "epoll_wait");
            check((int) close.invokeExact(st, ep), st, "close");
            check((int) close.invokeExact(st, wakeup), st, "close");
            long t5 = System.nanoTime();
            if (ready != 1) {
                throw new AssertionError("epoll did not report the pipe readable");
            }
            check((int) close.invokeExact(st, rfd), st, "close");
            check((int) close.invokeExact(st, wfd), st, "close");

            long t6 = System.nanoTime();
            MethodHandle socketpair = bind("socketpair", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
            MethodHandle send = bind("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
                    Linker.Option.critical(true));
            MethodHandle recv = bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT),
                    Linker.Option.critical(true));
            check((int) socketpair.invokeExact(st, AF_UNIX, SOCK_STREAM | O_CLOEXEC, 0, pair), st, "socketpair");
            int first = pair.getAtIndex(JAVA_INT, 0);
            int second = pair.getAtIndex(JAVA_INT, 1);
            check((int) (long) send.invokeExact(st, first, MemorySegment.ofArray(PING), (long) PING.length, MSG_DONTWAIT), st, "send");
            byte[] got = new byte[1024];
            int n = check((int) (long) recv.invokeExact(st, second, MemorySegment.ofArray(got), (long) got.length, MSG_DONTWAIT),
                    st, "recv");
            check((int) close.invokeExact(st, first), st, "close");
            check((int) close.invokeExact(st, second), st, "close");
            long t7 = System.nanoTime();
            if (n != PING.length) {
                throw new AssertionError("socketpair recv returned " + n + " bytes");
            }

            long t8 = System.nanoTime();
            int status = spawnTrueAndWait(arena, st);
            long t9 = System.nanoTime();
            if (status != 0) {
                throw new AssertionError("true exited with wait status " + status);
            }

            System.out.println("first Os.pipe " + (t1 - t0));
            System.out.println("first Select.select " + (t3 - t2));
            System.out.println("first Epoll.poll " + (t5 - t4));
            System.out.println("first socketpair+send+recv " + (t7 - t6));
            System.out.println("first popen+waitFor " + (t9 - t8));
        }
    }

    /** posix_spawn of {@code true} as (c)'s popen makes it; the child's wait status. */
    private static int spawnTrueAndWait(Arena arena, MemorySegment st) throws Throwable {
        FunctionDescriptor onePointer = FunctionDescriptor.of(JAVA_INT, ADDRESS);
        FunctionDescriptor twoPointers = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);
        MethodHandle spawn = bind("posix_spawn", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        MethodHandle waitpid = bind("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle actionsInit = bind("posix_spawn_file_actions_init", onePointer);
        MethodHandle addClosefrom = bind("posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle actionsDestroy = bind("posix_spawn_file_actions_destroy", onePointer);
        MethodHandle attrInit = bind("posix_spawnattr_init", onePointer);
        MethodHandle sigemptyset = bind("sigemptyset", onePointer);
        MethodHandle setSigmask = bind("posix_spawnattr_setsigmask", twoPointers);
        MethodHandle setSigdefault = bind("posix_spawnattr_setsigdefault", twoPointers);
        MethodHandle setFlags = bind("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
        MethodHandle attrDestroy = bind("posix_spawnattr_destroy", onePointer);
        MethodHandle pidfdOpen = bind("pidfd_open", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        MethodHandle close = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

        MemorySegment actions = arena.allocate(FILE_ACTIONS_BYTES, 8);
        MemorySegment attr = arena.allocate(SPAWNATTR_BYTES, 8);
        MemorySegment sigset = arena.allocate(SIGSET_BYTES, 8);
        check((int) actionsInit.invokeExact(st, actions), st, "posix_spawn_file_actions_init");
        check((int) addClosefrom.invokeExact(st, actions, 3), st, "posix_spawn_file_actions_addclosefrom_np");
        check((int) attrInit.invokeExact(st, attr), st, "posix_spawnattr_init");
        check((int) sigemptyset.invokeExact(st, sigset), st, "sigemptyset");
        check((int) setSigmask.invokeExact(st, attr, sigset), st, "posix_spawnattr_setsigmask");
        sigset.fill((byte) 0xff);
        check((int) setSigdefault.invokeExact(st, attr, sigset), st, "posix_spawnattr_setsigdefault");
        check((int) setFlags.invokeExact(st, attr, (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)), st,
                "posix_spawnattr_setflags");

        Map<String, String> env = System.getenv();
        MemorySegment envp = arena.allocate(ADDRESS, env.size() + 1);
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            envp.setAtIndex(ADDRESS, i++, arena.allocateFrom(e.getKey() + "=" + e.getValue()));
        }
        MemorySegment argv = arena.allocate(ADDRESS, 2);
        argv.setAtIndex(ADDRESS, 0, arena.allocateFrom("true"));
        MemorySegment pid = arena.allocate(JAVA_INT);
        int r = (int) spawn.invokeExact(st, pid, arena.allocateFrom(onPath("true")), actions, attr, argv, envp);
        if (r != 0) {
            throw new IllegalStateException("posix_spawn failed, error " + r);
        }
        check((int) attrDestroy.invokeExact(st, attr), st, "posix_spawnattr_destroy");
        check((int) actionsDestroy.invokeExact(st, actions), st, "posix_spawn_file_actions_destroy");
        int child = pid.get(JAVA_INT, 0);
        int pidfd = check((int) pidfdOpen.invokeExact(st, child, 0), st, "pidfd_open");

        MemorySegment status = arena.allocate(JAVA_INT);
        check((int) waitpid.invokeExact(st, child, status, 0), st, "waitpid");
        check((int) close.invokeExact(st, pidfd), st, "close");
        return status.get(JAVA_INT, 0);
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " is not on the PATH");
    }
}
