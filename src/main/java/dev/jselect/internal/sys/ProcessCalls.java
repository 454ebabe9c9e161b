package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;
import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The child-process calls: posix_spawn(3) with its file actions and attributes (which return an
 * error number and never set errno), sigemptyset, waitpid, kill and pidfd_open. Bound from
 * Linux's binding sets only; the last three posix_spawn extensions are newer than some glibcs.
 */
public final class ProcessCalls {
    // Each call is bound the first time it is made (its own holder class, initialised on first
    // use), so a program binds only the calls it makes; a static final stays a constant to the JIT.
    private static final class PosixSpawn {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawn");
    }
    private static final class FileActionsInit {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawn_file_actions_init");
    }
    private static final class FileActionsDestroy {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawn_file_actions_destroy");
    }
    private static final class FileActionsAdddup2 {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawn_file_actions_adddup2");
    }
    private static final class FileActionsAddclose {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawn_file_actions_addclose");
    }
    private static final class SpawnattrInit {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawnattr_init");
    }
    private static final class SpawnattrDestroy {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawnattr_destroy");
    }
    private static final class SpawnattrSetflags {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawnattr_setflags");
    }
    private static final class SpawnattrSetsigmask {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawnattr_setsigmask");
    }
    private static final class SpawnattrSetsigdefault {
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawnattr_setsigdefault");
    }
    private static final class Sigemptyset {
        static final MethodHandle H = Downcall.bindIfPresent("sigemptyset");
    }
    private static final class Waitpid {
        static final MethodHandle H = Downcall.bindIfPresent("waitpid");
    }
    private static final class Kill {
        static final MethodHandle H = Downcall.bindIfPresent("kill");
    }
    private static final class FileActionsAddchdir { // glibc 2.29
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawn_file_actions_addchdir_np");
    }
    private static final class FileActionsAddclosefrom { // 2.34
        static final MethodHandle H = Downcall.bindIfPresent("posix_spawn_file_actions_addclosefrom_np");
    }
    private static final class Getpid {
        static final MethodHandle H = Downcall.bind("getpid");
    }

    private ProcessCalls() {}

    /** True where {@link #posixSpawn} and the rest of this class are bound (Linux). */
    public static boolean hasPosixSpawn() {
        return PosixSpawn.H != null && Waitpid.H != null && Kill.H != null;
    }

    /** True where the C library has posix_spawn_file_actions_addclosefrom_np (glibc 2.34). */
    public static boolean hasAddClosefrom() {
        return FileActionsAddclosefrom.H != null;
    }

    /** A call of the posix_spawn family: 0, or the error number it returns. */
    private static void spawnCall(String name, MethodHandle h, Downcall.IntCall call) throws ErrnoException {
        Downcall.require(h, name);
        int r;
        try (Scratch sc = Downcall.scratch()) {
            r = Downcall.invoke(call, sc.state);
        }
        check(r, name);
    }

    // The calls of the family by the C types of their arguments, with no lambda each: a fresh
    // process spins a class for every lambda it first meets, and a first popen made a dozen.
    private static void spawnCall(String name, MethodHandle h, MemorySegment a) throws ErrnoException {
        Downcall.require(h, name);
        int r;
        try (Scratch sc = Downcall.scratch()) {
            r = (int) h.invokeExact(sc.state, a);
        } catch (Throwable t) {
            throw Downcall.unexpected(t);
        }
        check(r, name);
    }

    private static void spawnCall(String name, MethodHandle h, MemorySegment a, MemorySegment b) throws ErrnoException {
        Downcall.require(h, name);
        int r;
        try (Scratch sc = Downcall.scratch()) {
            r = (int) h.invokeExact(sc.state, a, b);
        } catch (Throwable t) {
            throw Downcall.unexpected(t);
        }
        check(r, name);
    }

    private static void spawnCall(String name, MethodHandle h, MemorySegment a, int b) throws ErrnoException {
        Downcall.require(h, name);
        int r;
        try (Scratch sc = Downcall.scratch()) {
            r = (int) h.invokeExact(sc.state, a, b);
        } catch (Throwable t) {
            throw Downcall.unexpected(t);
        }
        check(r, name);
    }

    private static void check(int r, String name) throws ErrnoException {
        if (r != 0) {
            throw ErrnoNames.exception(r, name);
        }
    }

    /** posix_spawn(3): the child's pid is written to {@code pidOut} (a pid_t). */
    public static void posixSpawn(MemorySegment pidOut, MemorySegment path, MemorySegment actions, MemorySegment attr,
            MemorySegment argv, MemorySegment envp) throws ErrnoException {
        spawnCall("posix_spawn", PosixSpawn.H, st -> (int) PosixSpawn.H.invokeExact(st, pidOut, path, actions, attr, argv, envp));
    }

    public static void fileActionsInit(MemorySegment actions) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_init", FileActionsInit.H, actions);
    }

    public static void fileActionsDestroy(MemorySegment actions) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_destroy", FileActionsDestroy.H, actions);
    }

    public static void fileActionsAddDup2(MemorySegment actions, int fd, int newfd) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_adddup2", FileActionsAdddup2.H,
                st -> (int) FileActionsAdddup2.H.invokeExact(st, actions, fd, newfd));
    }

    public static void fileActionsAddClose(MemorySegment actions, int fd) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addclose", FileActionsAddclose.H, actions, fd);
    }

    /** The child changes to the NUL-terminated {@code path}; later actions and the exec see it. */
    public static void fileActionsAddChdir(MemorySegment actions, MemorySegment path) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addchdir_np", FileActionsAddchdir.H, actions, path);
    }

    /** The child closes every descriptor from {@code from} up; see {@link #hasAddClosefrom()}. */
    public static void fileActionsAddClosefrom(MemorySegment actions, int from) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addclosefrom_np", FileActionsAddclosefrom.H, actions, from);
    }

    public static void spawnattrInit(MemorySegment attr) throws ErrnoException {
        spawnCall("posix_spawnattr_init", SpawnattrInit.H, attr);
    }

    public static void spawnattrDestroy(MemorySegment attr) throws ErrnoException {
        spawnCall("posix_spawnattr_destroy", SpawnattrDestroy.H, attr);
    }

    public static void spawnattrSetflags(MemorySegment attr, short flags) throws ErrnoException {
        spawnCall("posix_spawnattr_setflags", SpawnattrSetflags.H, st -> (int) SpawnattrSetflags.H.invokeExact(st, attr, flags));
    }

    public static void spawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) throws ErrnoException {
        spawnCall("posix_spawnattr_setsigmask", SpawnattrSetsigmask.H, attr, sigset);
    }

    public static void spawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) throws ErrnoException {
        spawnCall("posix_spawnattr_setsigdefault", SpawnattrSetsigdefault.H, attr, sigset);
    }

    /** sigemptyset(3). */
    public static void sigemptyset(MemorySegment sigset) throws ErrnoException {
        Downcall.require(Sigemptyset.H, "sigemptyset");
        Downcall.call("sigemptyset", st -> (int) Sigemptyset.H.invokeExact(st, sigset));
    }

    /**
     * waitpid(2) for one child; the wait status goes to {@code status} (an int). Returns the pid,
     * or 0 with WNOHANG while the child runs. Restarted on EINTR.
     */
    public static int waitpid(int pid, MemorySegment status, int options) throws ErrnoException {
        Downcall.require(Waitpid.H, "waitpid");
        return Restart.restarted("waitpid", st -> (int) Waitpid.H.invokeExact(st, pid, status, options));
    }

    /** kill(2). */
    public static void kill(int pid, int sig) throws ErrnoException {
        Downcall.require(Kill.H, "kill");
        Downcall.call("kill", st -> (int) Kill.H.invokeExact(st, pid, sig));
    }

    /** getpid(2): never fails. */
    public static int getpid() {
        Downcall.require(Getpid.H, "getpid");
        try (Scratch sc = Downcall.scratch()) {
            return Downcall.invoke(st -> (int) Getpid.H.invokeExact(st), sc.state);
        }
    }
}
