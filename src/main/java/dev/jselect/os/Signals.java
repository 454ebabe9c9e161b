package dev.jselect.os;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Python's {@code signal.set_wakeup_fd}: signals turned into bytes on a file descriptor that a
 * {@code select}/{@code poll}/{@code epoll}/selector loop watches, so that a ported
 * {@code except KeyboardInterrupt:} becomes an ordinary readiness branch. The usual port:
 * <pre>{@code
 * SocketPair wake = NativeSocket.socketpair();   // Python: rsock, wsock = socket.socketpair()
 * wake.second().setBlocking(false);
 * Signals.setWakeupFd(wake.second().fileno());   // SIGINT and SIGTERM
 * ... register wake.first() for reading beside the other sockets ...
 * // when it is readable: wake.first().recv(1)[0] is the signal number; clean up, return from main
 * }</pre>
 *
 * <p>How it differs from Python, and why. Python's C handler writes the byte and the
 * interpreter then raises KeyboardInterrupt in the main thread; Java cannot throw into a thread
 * blocked in a system call, and Java code cannot run in a C signal handler. So the handler here
 * is the JVM's own signal mechanism ({@code sun.misc.Signal}, module {@code jdk.unsupported}): the
 * JVM's C handler records the signal and its "Signal Dispatcher" thread calls jselect, which
 * writes the signal number as one byte to the fd, as CPython does. While installed, that handler
 * <em>replaces</em> the JVM's: SIGINT, SIGTERM and SIGHUP no longer start the JVM's shutdown (no
 * exit code 130/143, no shutdown hooks at the signal); the program ends when its loop returns,
 * with exit code 0 and its shutdown hooks run as at any normal exit. {@code setWakeupFd(-1)} puts
 * the previous handlers back. Under {@code -Xrs} the JVM refuses Java handlers for SIGINT,
 * SIGTERM and SIGHUP, and so does this (IllegalArgumentException). A full fd drops the byte, as
 * CPython does (a nonblocking fd is required, as in Python, so the JVM's dispatcher never blocks).
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    /** The signals Java code may handle, by number (the JVM keeps SIGQUIT, SIGSEGV, SIGKILL, ... for itself). */
    private static final Map<Integer, String> NAMES = names();

    public static final int SIGHUP = number("HUP");
    public static final int SIGINT = number("INT");
    public static final int SIGTERM = number("TERM");
    public static final int SIGUSR2 = number("USR2");
    public static final int SIGALRM = number("ALRM");
    public static final int SIGCHLD = number("CHLD");
    public static final int SIGWINCH = number("WINCH");

    private static int wakeupFd = -1;
    /** The handlers replaced by {@link #setWakeupFd}, to put back; guarded by the class lock. */
    private static final Map<Integer, Object> previous = new LinkedHashMap<>();

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

    /** Python {@code signal.set_wakeup_fd(fd)} for SIGINT and SIGTERM. */
    public static int setWakeupFd(int fd) throws IOException {
        return setWakeupFd(fd, SIGINT, SIGTERM);
    }

    /**
     * Python {@code signal.set_wakeup_fd(fd)}: from now on each of {@code signals} writes its
     * number, one byte, to {@code fd} (which must be nonblocking), instead of the JVM's default
     * action; {@code -1} restores the handlers that were there before. Calling it again replaces
     * the previous set. Returns the previous fd, or -1.
     *
     * @throws IllegalArgumentException for a blocking fd (Python's ValueError), a negative fd
     *     other than -1, or a signal the JVM keeps for itself (SIGQUIT, SIGKILL, SIGSEGV, ...)
     */
    public static synchronized int setWakeupFd(int fd, int... signals) throws IOException {
        if (fd < -1) {
            throw new IllegalArgumentException("invalid fd " + fd);
        }
        if (fd >= 0 && Os.getBlocking(fd)) {
            throw new IllegalArgumentException("the fd " + fd + " must be in non-blocking mode");
        }
        for (int sig : signals) {
            if (!NAMES.containsKey(sig)) {
                throw new IllegalArgumentException("signal " + sig + " cannot be handled in Java (the JVM uses it, or it is not catchable)");
            }
        }
        int old = wakeupFd;
        previous.forEach((sig, handler) -> JvmSignal.handle(NAMES.get(sig), handler));
        previous.clear();
        wakeupFd = fd;
        if (fd >= 0) {
            Object write = JvmSignal.handler(sig -> wake(fd, sig));
            try {
                for (int sig : signals) {
                    if (!previous.containsKey(sig)) {
                        previous.put(sig, JvmSignal.handle(NAMES.get(sig), write));
                    }
                }
            } catch (IllegalArgumentException refused) { // the JVM keeps it (-Xrs): undo the others
                previous.forEach((sig, handler) -> JvmSignal.handle(NAMES.get(sig), handler));
                previous.clear();
                wakeupFd = -1;
                throw refused;
            }
        }
        return old;
    }

    /** Python {@code signal.raise_signal(sig)}: sends {@code sig} to this process. */
    public static void raiseSignal(int sig) {
        String name = NAMES.get(sig);
        if (name == null) {
            throw new IllegalArgumentException("signal " + sig + " cannot be raised from Java");
        }
        JvmSignal.raise(name);
    }

    /** Runs on the JVM's signal dispatcher thread: one byte, never blocking, failures only logged. */
    private static void wake(int fd, int sig) {
        try {
            Os.write(fd, new byte[] {(byte) sig});
        } catch (IOException e) {
            LOG.warn("signal {} could not be written to wakeup fd {}", sig, fd, e); // CPython: "Exception ignored when trying to write to the signal wakeup fd"
        }
    }

    /**
     * The JVM's {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached through method
     * handles: javac reports every source reference to it as an internal proprietary API, a
     * warning no option or annotation silences in a module, and this is its one deliberate use.
     * Handlers are {@code sun.misc.SignalHandler} proxies, kept and passed back as Objects.
     */
    private static final class JvmSignal {
        private static final Class<?> SIGNAL = load("sun.misc.Signal");
        private static final Class<?> HANDLER = load("sun.misc.SignalHandler");
        private static final MethodHandle NEW = find(() -> MethodHandles.publicLookup().findConstructor(SIGNAL, MethodType.methodType(void.class, String.class)));
        private static final MethodHandle NUMBER = find(() -> MethodHandles.publicLookup().findVirtual(SIGNAL, "getNumber", MethodType.methodType(int.class)));
        private static final MethodHandle HANDLE = find(() -> MethodHandles.publicLookup().findStatic(SIGNAL, "handle", MethodType.methodType(HANDLER, SIGNAL, HANDLER)));
        private static final MethodHandle RAISE = find(() -> MethodHandles.publicLookup().findStatic(SIGNAL, "raise", MethodType.methodType(void.class, SIGNAL)));

        private interface Lookup {
            MethodHandle find() throws ReflectiveOperationException;
        }

        private static Class<?> load(String name) {
            try {
                return Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private static MethodHandle find(Lookup lookup) {
            try {
                return lookup.find();
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** {@code new Signal(name).getNumber()}; IllegalArgumentException for a name this platform lacks. */
        static int number(String name) {
            return (int) invoke(() -> NUMBER.invoke(NEW.invoke(name)));
        }

        /** {@code Signal.handle(new Signal(name), handler)}: the handler it replaces. */
        static Object handle(String name, Object handler) {
            return invoke(() -> HANDLE.invoke(NEW.invoke(name), handler));
        }

        static void raise(String name) {
            invoke(() -> {
                RAISE.invoke(NEW.invoke(name));
                return null;
            });
        }

        /** A {@code SignalHandler} that passes the signal's number to {@code action}. */
        static Object handler(IntConsumer action) {
            return Proxy.newProxyInstance(HANDLER.getClassLoader(), new Class<?>[] {HANDLER}, (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    action.accept((int) NUMBER.invoke(args[0]));
                    yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "jselect wakeup-fd handler";
            });
        }

        private interface Call {
            Object call() throws Throwable;
        }

        private static Object invoke(Call call) {
            try {
                return call.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * Python {@code signal.pidfd_send_signal(pidfd, sig)}: sends {@code sig} to the process that
     * {@code pidfd} (from {@link Os#pidfdOpen}) refers to. Unlike {@code kill(pid, sig)} it cannot
     * reach another process that took a reaped child's pid. Linux 5.1 or newer; elsewhere
     * {@link UnsupportedOperationException}.
     *
     * @throws dev.jselect.ErrnoException as Python's OSError: EBADF for a bad descriptor, EINVAL for
     *         a bad signal or a descriptor that is no pidfd, ESRCH once the process has been waited for (reaped)
     */
    public static void pidfdSendSignal(int pidfd, int sig) throws IOException {
        dev.jselect.internal.Syscall.pidfdSendSignal(pidfd, sig);
    }
}
