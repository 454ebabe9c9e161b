package dev.jselect.os;

import dev.jselect.ErrnoException;
import dev.jselect.KeyboardInterruptException;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.SignalInterrupt;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;
import java.util.Objects;

/**
 * Python's {@code signal} module for select programs: {@link #signal} handlers, {@link
 * #DEFAULT_INT_HANDLER} and {@link KeyboardInterruptException}, and {@link #setWakeupFd}.
 * <pre>{@code
 * Signals.signal(Signals.SIGINT, Signals.DEFAULT_INT_HANDLER);   // Python's default for SIGINT
 * try {
 *     for (;;) { ... sel.select() ... }
 * } catch (KeyboardInterruptException e) {                       // except KeyboardInterrupt:
 *     ... clean up ...
 * }
 * }</pre>
 *
 * <p><b>Handlers.</b> Python runs a handler in its main thread between two bytecodes; Java code
 * cannot run in a C signal handler nor be stopped at an arbitrary point. So a handler installed
 * with {@link #signal} runs on the JVM's signal dispatcher (its {@code sun.misc.Signal}, module
 * {@code jdk.unsupported}), and an exception it throws is raised in the thread that installed it,
 * as Python raises it in the main thread: out of that thread's current blocking jselect call at
 * once (every wait of Select, Poll, Epoll and the selectors, socket recv/send/accept/connect,
 * {@code Os.read}/{@code write}, {@code Subprocess.waitFor}; on platform and virtual threads), or,
 * when it is in none, out of its next jselect call. A handler that returns normally leaves the
 * call running: it is restarted with the time it has left (PEP 475). A checked exception of a
 * handler is raised as it is. While a handler is installed the JVM's own action for the signal is
 * replaced: SIGINT and SIGTERM no longer start the JVM's shutdown; {@link #SIG_DFL} puts the JVM's
 * action back. Signals never given a handler keep the JVM's action (SIGINT, SIGTERM and SIGHUP
 * end it with exit code 128 + signal and run the shutdown hooks).
 *
 * <p><b>The wakeup fd.</b> {@link #setWakeupFd(int)} is Python's {@code signal.set_wakeup_fd}: each
 * signal that has a handler installed through {@link #signal} also writes its number, one byte,
 * to the fd, which a {@code select}/{@code poll}/{@code epoll}/selector loop watches. It installs
 * no handler itself. Replacing the fd is atomic: once {@code setWakeupFd} returns, nothing more is
 * written to the fd it replaced. A full fd drops the byte, as CPython does (a nonblocking fd is
 * required, so the JVM's dispatcher never blocks). The explicit form {@link #setWakeupFd(int,
 * int...)} also takes over the signals it names, with a handler that only writes the byte.
 *
 * <p>Under {@code -Xrs} the JVM refuses Java handlers for SIGINT, SIGTERM and SIGHUP, and so does
 * this; signals the JVM keeps for itself (SIGQUIT, SIGSEGV, ...) are refused as SIGKILL is.
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    /** The signals Java code may handle, by number (the JVM keeps SIGQUIT, SIGSEGV, SIGKILL, ... for itself). */
    private static final Map<Integer, String> NAMES = names();

    /** Hangup. */
    public static final int SIGHUP = number("HUP");
    /** Interrupt from the keyboard (Ctrl-C): Python's KeyboardInterrupt. */
    public static final int SIGINT = number("INT");
    /** Termination request: the default of {@code kill}. */
    public static final int SIGTERM = number("TERM");
    /** User-defined signal 1. */
    public static final int SIGUSR1 = number("USR1");
    /** User-defined signal 2. */
    public static final int SIGUSR2 = number("USR2");
    /** Timer expiry (alarm). */
    public static final int SIGALRM = number("ALRM");
    /** A child process stopped or exited. */
    public static final int SIGCHLD = number("CHLD");
    /** The terminal window changed size. */
    public static final int SIGWINCH = number("WINCH");
    /** Kill: cannot be caught or ignored; for {@code kill} and {@code Subprocess.sendSignal}. */
    public static final int SIGKILL = Constants.SIGKILL;

    /** The largest signal number plus one (Python's {@code signal.NSIG}). */
    private static final int NSIG = 65;

    /** A signal handler, Python's {@code handler(signum, frame)} without the frame. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Runs on the JVM's signal dispatcher for each delivery of {@code signum}; what it
         * throws is raised in the thread that installed it.
         *
         * @param signum a signal number
         * @throws Exception anything, raised in the thread that installed the handler
         */
        void handle(int signum) throws Exception;
    }

    /** Python's {@code signal.SIG_DFL}: the default action (the JVM's own, for the signals it handles). */
    public static final Handler SIG_DFL = new Named("SIG_DFL");
    /** Python's {@code signal.SIG_IGN}: the signal is ignored. */
    public static final Handler SIG_IGN = new Named("SIG_IGN");
    /** Python's {@code signal.default_int_handler}: throws {@link KeyboardInterruptException}. */
    public static final Handler DEFAULT_INT_HANDLER = new Handler() {
        @Override
        public void handle(int signum) {
            throw new KeyboardInterruptException();
        }

        @Override
        public String toString() {
            return "default_int_handler";
        }
    };

    private record Named(String name) implements Handler {
        @Override
        public void handle(int signum) {
            // never called: SIG_DFL and SIG_IGN are dispositions, not Java code
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // guarded by the class lock; read without it (concurrent maps) by the dispatcher
    private static final Map<Integer, Handler> handlers = new ConcurrentHashMap<>();
    private static final Map<Integer, Thread> owners = new ConcurrentHashMap<>();
    /** The signals the explicit setWakeupFd form takes over. */
    private static final Set<Integer> wakeOnly = new HashSet<>();
    /** The JVM's handler of each signal before jselect replaced it, to put back. */
    private static final Map<Integer, Object> original = new HashMap<>();
    /** The sun.misc handler now installed by jselect, per signal. */
    private static final Map<Integer, Object> installed = new HashMap<>();
    /** The one handler jselect installs: the wakeup byte, then the Java handler. */
    private static final Object DISPATCH = JvmSignal.handler(Signals::dispatch);

    /** Guards {@link #wakeupFd}: a byte is written under it, so a swap waits for a write in progress. */
    private static final Object WAKE = new Object();
    private static int wakeupFd = -1;

    private Signals() {}

    private static Map<Integer, String> names() {
        Map<Integer, String> m = new HashMap<>();
        for (String n : new String[] {"HUP", "INT", "TERM", "USR1", "USR2", "ALRM", "CHLD", "WINCH", "CONT", "TSTP", "TTIN",
                "TTOU", "URG", "XCPU", "VTALRM", "PROF", "IO"}) {
            try {
                m.put(JvmSignal.number(n), n);
            } catch (IllegalArgumentException unknownHere) {
                // not a signal of this platform
            }
        }
        return Map.copyOf(m);
    }

    private static int number(String name) {
        return NAMES.entrySet().stream().filter(e -> e.getValue().equals(name)).mapToInt(Map.Entry::getKey).findFirst().orElse(-1);
    }

    /**
     * Python {@code signal.signal(signum, handler)}: from now on {@code handler} runs for each
     * {@code signum} (see the class description for where and how its exception is raised), or
     * {@link #SIG_DFL} / {@link #SIG_IGN}. The calling thread is the one its exceptions are raised
     * in. Returns the previous handler, null where none was set through this method (Python's
     * None).
     *
     * @param signum a signal number
     * @param handler the handler, {@link #SIG_DFL} or {@link #SIG_IGN}
     * @return the previous handler, or {@code null}
     * @throws IllegalArgumentException for a null handler (Python's TypeError) or a signal number
     *     out of range (Python's ValueError)
     * @throws ErrnoException EINVAL for a signal that cannot be caught (SIGKILL, SIGSTOP) or that
     *     the JVM keeps for itself (SIGQUIT, SIGSEGV, ..., and SIGINT, SIGTERM, SIGHUP under -Xrs)
     */
    public static synchronized @Nullable Handler signal(int signum, Handler handler) throws ErrnoException {
        if (handler == null) {
            throw new IllegalArgumentException("signal handler must be Signals.SIG_IGN, Signals.SIG_DFL, or a handler");
        }
        checkRange(signum);
        String name = NAMES.get(signum);
        if (name == null) {
            throw ErrnoNames.exception(Constants.EINVAL, "signal " + signum + " (it cannot be caught, or the JVM keeps it)");
        }
        boolean callable = handler != SIG_DFL && handler != SIG_IGN;
        if (callable) {
            SignalInterrupt.register();
        }
        Handler before = handlers.get(signum);
        Thread ownerBefore = owners.get(signum);
        handlers.put(signum, handler);
        owners.put(signum, Thread.currentThread());
        try {
            apply(signum);
        } catch (IllegalArgumentException refused) { // the JVM keeps it (-Xrs)
            restore(handlers, signum, before);
            restore(owners, signum, ownerBefore);
            throw ErrnoNames.exception(Constants.EINVAL, "signal " + signum + " (the JVM keeps it: " + refused.getMessage() + ")");
        }
        return before;
    }

    private static <V> void restore(Map<Integer, V> map, int key, @Nullable V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    /**
     * Python {@code signal.getsignal(signum)}: the handler set through {@link #signal}, or null
     * for a disposition not set through it (Python's None).
     *
     * @param signum a signal number
     * @return the handler, or {@code null}
     * @throws IllegalArgumentException for a signal number out of range (Python's ValueError)
     */
    public static @Nullable Handler getSignal(int signum) {
        checkRange(signum);
        return handlers.get(signum);
    }

    private static void checkRange(int signum) {
        if (signum < 1 || signum >= NSIG) {
            throw new IllegalArgumentException("signal number out of range");
        }
    }

    /**
     * Installs what {@code sig} now needs: the dispatcher while it has a Java handler or is taken
     * over by the explicit setWakeupFd form, the JVM's SIG_IGN for SIG_IGN, else the JVM's own
     * handler back. Nothing is done when that is already installed, so a replacement never opens
     * a window in which the JVM's action could run.
     */
    private static void apply(int sig) {
        Handler h = handlers.get(sig);
        Object want;
        if (h != null && h != SIG_DFL && h != SIG_IGN || wakeOnly.contains(sig)) {
            want = DISPATCH;
        } else if (h == SIG_IGN) {
            want = JvmSignal.ignore();
        } else {
            want = original.get(sig); // null: jselect never replaced it
        }
        Object now = installed.get(sig);
        if (want == null || want == now) {
            return;
        }
        Object replaced = JvmSignal.handle(Objects.requireNonNull(NAMES.get(sig)), want); // apply is only called for named signals
        original.putIfAbsent(sig, replaced);
        if (want == original.get(sig)) {
            installed.remove(sig);
            original.remove(sig);
        } else {
            installed.put(sig, want);
        }
    }

    /**
     * Python {@code signal.set_wakeup_fd(fd)}: from now on each signal that has a handler
     * installed through {@link #signal} also writes its number, one byte, to {@code fd} (which
     * must be nonblocking); {@code -1} stops that. Installs no handler: a signal with none keeps
     * its default action. Replaces the fd atomically: once this returns nothing more is written
     * to the previous one. Also ends what an earlier {@link #setWakeupFd(int, int...)} took over.
     * Returns the previous fd, or -1.
     *
     * @param fd a nonblocking fd to write signal numbers to, or -1
     * @return the previous fd, or -1
     * @throws IllegalArgumentException for a blocking fd (Python's ValueError)
     * @throws ErrnoException EBADF for a negative fd other than -1 or an fd that is not open
     */
    public static int setWakeupFd(int fd) throws IOException {
        return setWakeupFd(fd, new int[0]);
    }

    /**
     * The explicit form of {@link #setWakeupFd(int)}: besides the signals with a handler, each of
     * {@code signals} writes its number to {@code fd} instead of the JVM's default action, with
     * no handler of its own. Each call replaces the set of the previous one; the signals it drops
     * get the JVM's action back (or their {@link #signal} handler), and {@code -1} drops them all.
     * A signal kept from one call to the next is never left without the handler in between.
     * Returns the previous fd, or -1.
     *
     * @param fd a nonblocking fd to write signal numbers to, or -1
     * @param signals the signals to take over from the JVM, writing to {@code fd} only
     * @return the previous fd, or -1
     * @throws IllegalArgumentException for a blocking fd (Python's ValueError) or a signal the
     *     JVM keeps for itself (SIGQUIT, SIGKILL, SIGSEGV, ...; SIGINT, SIGTERM, SIGHUP under -Xrs)
     * @throws ErrnoException EBADF for a negative fd other than -1 or an fd that is not open
     */
    public static synchronized int setWakeupFd(int fd, int... signals) throws IOException {
        if (fd < -1) {
            throw ErrnoNames.exception(Constants.EBADF, "set_wakeup_fd");
        }
        if (fd >= 0 && Os.getBlocking(fd)) {
            throw new IllegalArgumentException("the fd " + fd + " must be in non-blocking mode");
        }
        Set<Integer> next = new HashSet<>();
        if (fd >= 0) {
            for (int sig : signals) {
                if (!NAMES.containsKey(sig)) {
                    throw new IllegalArgumentException("signal " + sig + " cannot be handled in Java (the JVM uses it, or it is not catchable)");
                }
                next.add(sig);
            }
        }
        Set<Integer> before = new HashSet<>(wakeOnly);
        Set<Integer> added = new HashSet<>();
        wakeOnly.addAll(next); // first install the new ones, with the old fd still in place
        try {
            for (int sig : next) {
                if (!before.contains(sig)) {
                    apply(sig);
                    added.add(sig);
                }
            }
        } catch (IllegalArgumentException refused) { // the JVM keeps it (-Xrs): undo the others
            wakeOnly.clear();
            wakeOnly.addAll(before);
            added.forEach(Signals::apply);
            throw refused;
        }
        int old;
        synchronized (WAKE) {
            old = wakeupFd;
            wakeupFd = fd;
        }
        for (int sig : before) { // then drop those no longer asked for
            if (!next.contains(sig)) {
                wakeOnly.remove(sig);
                apply(sig);
            }
        }
        return old;
    }

    /**
     * Python {@code signal.raise_signal(sig)}: sends {@code sig} to this process.
     *
     * @param sig a signal number
     */
    public static void raiseSignal(int sig) {
        String name = NAMES.get(sig);
        if (name == null) {
            throw new IllegalArgumentException("signal " + sig + " cannot be raised from Java");
        }
        JvmSignal.raise(name);
    }

    /**
     * Runs on a thread of the JVM's signal dispatcher for each signal jselect handles: the wakeup
     * byte (under {@link #WAKE}, so that a replaced fd gets nothing once setWakeupFd returned),
     * then the Java handler, whose exception goes to the thread that installed it.
     */
    private static void dispatch(int sig) {
        synchronized (WAKE) {
            if (wakeupFd >= 0) {
                wake(wakeupFd, sig);
            }
        }
        Handler h = handlers.get(sig);
        Thread owner = owners.get(sig);
        if (h == null || h == SIG_DFL || h == SIG_IGN || owner == null) {
            return;
        }
        try {
            h.handle(sig);
        } catch (Throwable t) {
            SignalInterrupt.post(owner, t);
        }
    }

    /** One byte, never blocking, failures only logged. */
    private static void wake(int fd, int sig) {
        try {
            Os.write(fd, new byte[] {(byte) sig});
        } catch (IOException e) {
            LOG.warn("signal {} could not be written to wakeup fd {}", sig, fd, e); // CPython: "Exception ignored when trying to write to the signal wakeup fd"
        }
    }

    /**
     * Python {@code signal.pidfd_send_signal(pidfd, sig)}: sends {@code sig} to the process that
     * {@code pidfd} (from {@link Os#pidfdOpen}) refers to. Unlike {@code kill(pid, sig)} it cannot
     * reach another process that took a reaped child's pid. Linux 5.1 or newer; elsewhere
     * {@link UnsupportedOperationException}.
     *
     * @param pidfd a pidfd of the process
     * @param sig a signal number
     * @throws dev.jselect.ErrnoException as Python's OSError: EBADF for a bad descriptor, EINVAL for
     *         a bad signal or a descriptor that is no pidfd, ESRCH once the process has been waited for (reaped)
     */
    public static void pidfdSendSignal(int pidfd, int sig) throws IOException {
        dev.jselect.internal.sys.Syscall.pidfdSendSignal(pidfd, sig);
    }
}
