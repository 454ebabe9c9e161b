package dev.jselect.internal;

import dev.jselect.ErrnoException;

/**
 * Whether pidfd_open(2) works in this process, asked of the kernel once: a kernel older than
 * 5.3 answers ENOSYS, a container's seccomp profile often EPERM, and the C library may not have
 * the call at all. A pidfd is optional for a child process (waiting falls back to polling), so
 * a refusal is remembered as the sentence {@link #whyNot()} gives, never thrown at a spawn.
 */
public final class PidfdSupport {
    /** Null while pidfd_open is believed to work; the reason once it was found not to. */
    private static volatile String whyNot;
    private static volatile boolean probed;

    private PidfdSupport() {}

    /** True where pidfd_open works: asked once, with this process's own pid. */
    public static boolean available() {
        if (!probed) {
            probe();
        }
        return whyNot == null;
    }

    /** Why there is no pidfd here, in one sentence; null where there is one. */
    public static String whyNot() {
        available();
        return whyNot;
    }

    /**
     * Records that pidfd_open failed with {@code e}: true, and no pidfd from now on, when that is
     * a refusal of the call itself ({@link Refused}); false for any other failure (EMFILE).
     */
    public static boolean refusedBy(ErrnoException e) {
        if (!Refused.is(e.errno())) {
            return false;
        }
        whyNot = "no pidfd here: the kernel refused pidfd_open with " + Errno.name(e.errno()) + " ("
                + Errno.strerror(e.errno()) + "), as a kernel older than 5.3 or a seccomp profile does";
        return true;
    }

    private static synchronized void probe() {
        if (probed) {
            return;
        }
        if (!ProcessCalls.hasPidfdOpen()) {
            whyNot = "no pidfd here: this platform's C library has no pidfd_open";
        } else {
            try {
                FdCalls.close(ProcessCalls.pidfdOpen((int) ProcessHandle.current().pid(), 0));
            } catch (ErrnoException e) {
                refusedBy(e); // EMFILE and the like say nothing about support: a child's own call will tell
            }
        }
        probed = true;
    }
}
