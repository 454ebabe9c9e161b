package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;
import dev.jselect.ErrnoException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Linux calls made through syscall(2) rather than through their glibc wrappers: pidfd_open
 * (where glibc lacks its wrapper), pidfd_send_signal, close_range, gettid and tgkill. The
 * wrappers are newer than the kernel calls (glibc 2.36 for pidfd_open, 2.34 for close_range,
 * 2.30 for gettid), so going through syscall(2) gives every glibc the calls its kernel has; a
 * kernel without one answers ENOSYS, a seccomp profile EPERM (or whatever errno it chose), and
 * the caller decides what that means.
 *
 * <p>Every argument is passed as a C long: glibc's syscall() reads its variadic arguments with
 * {@code va_arg(ap, long)}, and an int in a 64-bit register has unspecified upper bits.
 */
public final class Syscall {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    // syscall(long number, long a, long b, long c, long d), bound the first time it is made (its
    // own holder class, initialised on first use); null off Linux. One arity serves every call:
    // glibc's syscall() hands the kernel its six argument registers whatever their count, and the
    // kernel reads only the arguments of the call it makes, so unused ones are passed as 0. One
    // signature is one downcall stub to link, where one per arity was up to four.
    private static final class Call {
        static final MethodHandle H = bind(4);
    }

    /**
     * glibc's own pidfd_open (2.36), where this C library has it: an (int, int) call whose stub a
     * process has mostly linked already (eventfd, kill), where syscall(2), variadic, links one of
     * its own. Older glibc goes through {@link Call}.
     */
    private static final class PidfdOpen {
        static final MethodHandle H = Downcall.bindIfPresent("pidfd_open");
    }

    static final int SYS_PIDFD_OPEN = Constants.SYS_pidfd_open;
    static final int SYS_PIDFD_SEND_SIGNAL = Constants.SYS_pidfd_send_signal;
    static final int SYS_CLOSE_RANGE = Constants.SYS_close_range;
    static final int SYS_GETTID = Constants.SYS_gettid;
    static final int SYS_TGKILL = Constants.SYS_tgkill;

    private Syscall() {}

    @SuppressWarnings("NullAway") // null off Linux, where every use is behind Platform.isLinux() or a refusal check
    private static MethodHandle bind(int args) {
        if (!Platform.isLinux()) {
            return null; // the numbers are Linux's
        }
        ValueLayout[] params = new ValueLayout[args + 1];
        java.util.Arrays.fill(params, LONG);
        return Downcall.bindVariadic("syscall", FunctionDescriptor.of(LONG, params), 1);
    }

    /** True where syscall(2) is bound (Linux); whether the kernel has a given call is another matter. */
    public static boolean available() {
        return Platform.isLinux(); // where bind() binds; asked without binding a call the program may never make
    }

    private static void require(String name) {
        if (!available()) {
            throw Platform.unsupported(Platform.isSupported() ? name : "system calls"); // as Downcall.require says it
        }
    }

    /** pidfd_open(2), kernel 5.3: a close-on-exec descriptor that polls readable once {@code pid} has exited. */
    public static int pidfdOpen(int pid, int flags) throws ErrnoException {
        require("pidfd_open");
        try (Scratch sc = Downcall.scratch()) {
            return Downcall.check(pidfdOpen(sc, pid, flags), sc.state, "pidfd_open");
        }
    }

    private static int pidfdOpen(Scratch sc, int pid, int flags) {
        if (PidfdOpen.H == null) {
            return pidfdOpenBySyscall(sc, pid, flags);
        }
        try {
            return (int) PidfdOpen.H.invokeExact(sc.state, pid, flags);
        } catch (Throwable t) {
            throw Downcall.unexpected(t);
        }
    }

    /** pidfd_open through syscall(2), as on a glibc older than 2.36: -1 with errno in {@code sc}. */
    static int pidfdOpenBySyscall(Scratch sc, int pid, int flags) {
        try {
            return (int) (long) Call.H.invokeExact(sc.state, (long) SYS_PIDFD_OPEN, (long) pid, (long) flags, 0L, 0L);
        } catch (Throwable t) {
            throw Downcall.unexpected(t);
        }
    }

    /** pidfd_open(2) as a number: the descriptor, or minus the errno of the refusal (ENOSYS, EPERM, ...). */
    public static int tryPidfdOpen(int pid, int flags) {
        require("pidfd_open");
        try (Scratch sc = Downcall.scratch()) {
            int r = pidfdOpen(sc, pid, flags);
            return r >= 0 ? r : -Downcall.errno(sc.state);
        }
    }

    /**
     * 0 where this kernel, and the sandbox around this process, allow pidfd_open(2); else the
     * errno they refused it with (ENOSYS before Linux 5.3, EPERM or another under a seccomp
     * profile), or -1 off Linux. Asked once, with this process's own pid.
     */
    public static int pidfdRefusal() {
        return PidfdProbe.REFUSAL;
    }

    /** Why there is no pidfd, in words: the refusal as Python would print it, and what the call needs. */
    public static String pidfdRefusalReason() {
        int errno = pidfdRefusal();
        return errno == 0 ? "pidfd_open(2) works here"
                : errno == NOT_LINUX ? "pidfd_open(2) is a Linux call"
                : "this kernel or its sandbox refused " + ErrnoNames.exception(errno, "pidfd_open").getMessage()
                        + " (pidfd_open needs Linux 5.3 or newer, and a seccomp profile that allows it)";
    }

    private static final int NOT_LINUX = -1;

    private static final class PidfdProbe {
        static final int REFUSAL = probe();

        private static int probe() {
            if (!available()) {
                return NOT_LINUX;
            }
            int fd = tryPidfdOpen(ProcessCalls.getpid(), 0);
            if (fd < 0) {
                return -fd;
            }
            try {
                FdCalls.close(fd);
            } catch (ErrnoException e) {
                // the probe's own descriptor: nothing else refers to it
            }
            return 0;
        }
    }

    /** pidfd_send_signal(2), kernel 5.1, with no siginfo and no flags. */
    public static void pidfdSendSignal(int pidfd, int sig) throws ErrnoException {
        require("pidfd_send_signal");
        Downcall.call("pidfd_send_signal",
                st -> (int) (long) Call.H.invokeExact(st, (long) SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) sig, 0L, 0L));
    }

    /**
     * close_range(2), kernel 5.9: closes {@code first} to {@code last} (unsigned: -1 is "every one
     * above"). Returns 0, or minus the errno of a refusal: an old kernel or a sandbox is an
     * ordinary answer here, and the caller closes one by one instead.
     */
    public static int closeRange(int first, int last, int flags) {
        require("close_range");
        try (Scratch sc = Downcall.scratch()) {
            int r = Downcall.invoke(s -> (int) (long) Call.H.invokeExact(s, (long) SYS_CLOSE_RANGE, Integer.toUnsignedLong(first),
                    Integer.toUnsignedLong(last), (long) flags, 0L), sc.state);
            return r >= 0 ? r : -Downcall.errno(sc.state);
        }
    }

    /** gettid(2): the calling thread's kernel id. */
    public static int gettid() throws ErrnoException {
        require("gettid");
        return Downcall.call("gettid", st -> (int) (long) Call.H.invokeExact(st, (long) SYS_GETTID, 0L, 0L, 0L, 0L));
    }

    /** tgkill(2): signal {@code sig} to thread {@code tid} of process {@code tgid}. */
    public static void tgkill(int tgid, int tid, int sig) throws ErrnoException {
        require("tgkill");
        Downcall.call("tgkill", st -> (int) (long) Call.H.invokeExact(st, (long) SYS_TGKILL, (long) tgid, (long) tid, (long) sig, 0L));
    }
}
