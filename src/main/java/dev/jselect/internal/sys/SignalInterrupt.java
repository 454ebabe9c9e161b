package dev.jselect.internal.sys;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * An exception thrown by a signal handler, raised in the thread that installed the handler, as
 * Python raises it in its main thread: out of that thread's blocking jselect call at once, or
 * out of its next jselect call. The handler runs on a thread of the JVM's signal dispatcher and
 * {@link #post}s the exception; the target thread takes it at the checks of {@link Restart}
 * (entry of every call, after every EINTR) and of the virtual-thread park loops.
 *
 * <p>To end the blocking call: a virtual thread is unparked. A platform thread in a system call
 * is sent the signal the JDK itself uses to interrupt blocking I/O (Linux: SIGRTMAX-2, whose
 * handler does nothing and is installed without SA_RESTART), so the call returns EINTR and the
 * restart loop takes the exception. The signal is sent again every few milliseconds, for a
 * bounded time, while the exception is pending and the thread is inside a call: a thread that
 * passed the entry check just before the post is in its system call microseconds later. The
 * signal is only sent while the target holds {@link Target#inCall} under the target's lock, so
 * the thread (and its pthread_t) is alive.
 */
public final class SignalInterrupt {
    /** How often and how long a platform thread is signalled while its exception is pending. */
    private static final long RESEND_NANOS = 5_000_000L;
    private static final long RESEND_FOR_NANOS = 2_000_000_000L;

    private static final Target[] NONE = new Target[0];
    /** The threads that installed a handler; copy on write, nearly always empty or one. */
    private static volatile Target[] targets = NONE;

    private SignalInterrupt() {}

    /** One thread an exception may be raised in. */
    static final class Target {
        final Thread thread;
        final long pthread; // 0: a virtual thread, or no way to signal it here
        volatile boolean inCall;
        volatile @Nullable Throwable pending;

        Target(Thread thread, long pthread) {
            this.thread = thread;
            this.pthread = pthread;
        }

        /** Leaves a blocking call: after this the thread is no longer signalled. */
        void leave() {
            synchronized (this) {
                inCall = false;
            }
        }
    }

    /** Makes the calling thread one an exception may be raised in (idempotent). */
    public static synchronized void register() {
        Thread me = Thread.currentThread();
        if (find(me) != null) {
            return;
        }
        Kick kick = KickHolder.KICK;
        long pthread = me.isVirtual() || kick == null ? 0 : kick.self();
        Target[] t = Arrays.copyOf(targets, targets.length + 1);
        t[t.length - 1] = new Target(me, pthread);
        targets = t;
    }

    /**
     * Runs on a signal handler thread: {@code exception} is to be raised in {@code thread}, which
     * is woken from its blocking jselect call. A second exception while one is pending is
     * dropped (the first is raised). Returns once the exception was taken or the thread was
     * signalled for a bounded time.
     */
    public static void post(Thread thread, Throwable exception) {
        Target t = find(thread);
        if (t == null) {
            return;
        }
        synchronized (t) {
            if (t.pending == null) {
                t.pending = exception;
            }
        }
        if (thread.isVirtual()) {
            LockSupport.unpark(thread);
            return;
        }
        if (t.pthread == 0) {
            return; // taken at its next call
        }
        Kick kick = KickHolder.KICK; // set: a Target with a pthread was registered through it
        long stop = System.nanoTime() + RESEND_FOR_NANOS;
        while (t.pending != null && System.nanoTime() - stop < 0 && thread.isAlive()) {
            synchronized (t) {
                if (t.inCall && t.pending != null && kick != null) { // a pthread means a Kick
                    kick.send(t.pthread);
                }
            }
            LockSupport.parkNanos(RESEND_NANOS);
        }
    }

    private static @Nullable Target find(Thread thread) {
        for (Target t : targets) {
            if (t.thread == thread) {
                return t;
            }
        }
        return null;
    }

    /**
     * At the entry of a blocking call: raises a pending exception of this thread; else returns
     * the thread's Target, marked in a call (the caller {@link Target#leave}s it in a finally),
     * or null when this thread installed no handler.
     */
    static @Nullable Target enter() {
        Target[] ts = targets;
        if (ts.length == 0) {
            return null;
        }
        Target t = find(Thread.currentThread());
        if (t != null) {
            t.inCall = true;
            raise(t);
        }
        return t;
    }

    /** After an EINTR or an unpark: raises this thread's pending exception, if any. */
    public static void raiseIfPending() {
        Target[] ts = targets;
        if (ts.length != 0) {
            Target t = find(Thread.currentThread());
            if (t != null) {
                raise(t);
            }
        }
    }

    private static void raise(Target t) {
        Throwable e = t.pending;
        if (e == null) {
            return;
        }
        synchronized (t) {
            t.pending = null;
            t.inCall = false;
        }
        throw SignalInterrupt.<RuntimeException>sneaky(e);
    }

    /** Throws a handler's checked exception as it is, as Python raises whatever a handler raises. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable e) throws T {
        throw (T) e;
    }

    /**
     * The Kick, made when the first thread registers: a program that installs no handler never
     * reads /proc or binds pthread_self and pthread_kill (the calls themselves only check
     * {@link #targets}).
     */
    private static final class KickHolder {
        static final @Nullable Kick KICK = Kick.create();
    }

    /** pthread_self and pthread_kill with the JDK's interrupt signal, where that signal is known to be caught. */
    private static final class Kick {
        private static final int LINUX_INTERRUPT_SIGNAL = Constants.__SIGRTMAX - 2; // sun.nio.ch.NativeThread's
        private final MethodHandle self;
        private final MethodHandle kill;

        private Kick(MethodHandle self, MethodHandle kill) {
            this.self = self;
            this.kill = kill;
        }

        /** Null unless on Linux with the JDK's handler for the interrupt signal in place. */
        static @Nullable Kick create() {
            if (!Platform.isSupported() || !Platform.isLinux()) {
                return null;
            }
            try {
                Class.forName("sun.nio.ch.NativeThread", true, null); // installs the signal's handler
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
            if (!caught(LINUX_INTERRUPT_SIGNAL)) {
                return null; // its default action would end the process
            }
            return new Kick(Downcall.bindPlain("pthread_self"), Downcall.bindPlain("pthread_kill"));
        }

        /** True when /proc/self/status shows a handler for {@code sig}. */
        private static boolean caught(int sig) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("SigCgt:")) {
                        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> (sig - 1) & 1) != 0;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // unreadable: do not risk it
            }
            return false;
        }

        long self() {
            try {
                return (long) self.invoke();
            } catch (Throwable t) {
                throw Downcall.unexpected(t);
            }
        }

        void send(long pthread) {
            try {
                int rc = (int) kill.invoke(pthread, LINUX_INTERRUPT_SIGNAL);
                assert rc == 0 : rc;
            } catch (Throwable t) {
                throw Downcall.unexpected(t);
            }
        }
    }
}
