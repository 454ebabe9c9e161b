package dev.jselect.internal.sys;

import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The child-process calls: posix_spawn(3) with its file actions and attributes (which return an
 * error number and never set errno), sigemptyset, waitpid, kill and pidfd_open. Bound from
 * Linux's binding sets only; the last three posix_spawn extensions are newer than some glibcs.
 */
public final class ProcessCalls {
    private static final MethodHandle POSIX_SPAWN = Downcall.bindIfPresent("posix_spawn");
    private static final MethodHandle FILE_ACTIONS_INIT = Downcall.bindIfPresent("posix_spawn_file_actions_init");
    private static final MethodHandle FILE_ACTIONS_DESTROY = Downcall.bindIfPresent("posix_spawn_file_actions_destroy");
    private static final MethodHandle FILE_ACTIONS_ADDDUP2 = Downcall.bindIfPresent("posix_spawn_file_actions_adddup2");
    private static final MethodHandle FILE_ACTIONS_ADDCLOSE = Downcall.bindIfPresent("posix_spawn_file_actions_addclose");
    private static final MethodHandle SPAWNATTR_INIT = Downcall.bindIfPresent("posix_spawnattr_init");
    private static final MethodHandle SPAWNATTR_DESTROY = Downcall.bindIfPresent("posix_spawnattr_destroy");
    private static final MethodHandle SPAWNATTR_SETFLAGS = Downcall.bindIfPresent("posix_spawnattr_setflags");
    private static final MethodHandle SPAWNATTR_SETSIGMASK = Downcall.bindIfPresent("posix_spawnattr_setsigmask");
    private static final MethodHandle SPAWNATTR_SETSIGDEFAULT = Downcall.bindIfPresent("posix_spawnattr_setsigdefault");
    private static final MethodHandle SIGEMPTYSET = Downcall.bindIfPresent("sigemptyset");
    private static final MethodHandle WAITPID = Downcall.bindIfPresent("waitpid");
    private static final MethodHandle KILL = Downcall.bindIfPresent("kill");
    private static final MethodHandle FILE_ACTIONS_ADDCHDIR = Downcall.bindIfPresent("posix_spawn_file_actions_addchdir_np"); // glibc 2.29
    private static final MethodHandle FILE_ACTIONS_ADDCLOSEFROM = Downcall.bindIfPresent("posix_spawn_file_actions_addclosefrom_np"); // 2.34
    private static final MethodHandle GETPID = Downcall.bind("getpid");

    private ProcessCalls() {}

    /** True where {@link #posixSpawn} and the rest of this class are bound (Linux). */
    public static boolean hasPosixSpawn() {
        return POSIX_SPAWN != null && WAITPID != null && KILL != null;
    }

    /** True where the C library has posix_spawn_file_actions_addclosefrom_np (glibc 2.34). */
    public static boolean hasAddClosefrom() {
        return FILE_ACTIONS_ADDCLOSEFROM != null;
    }

    /** A call of the posix_spawn family: 0, or the error number it returns. */
    private static void spawnCall(String name, MethodHandle h, Downcall.IntCall call) throws ErrnoException {
        Downcall.require(h, name);
        int r = Downcall.invoke(call, Downcall.state());
        if (r != 0) {
            throw ErrnoNames.exception(r, name);
        }
    }

    /** posix_spawn(3): the child's pid is written to {@code pidOut} (a pid_t). */
    public static void posixSpawn(MemorySegment pidOut, MemorySegment path, MemorySegment actions, MemorySegment attr,
            MemorySegment argv, MemorySegment envp) throws ErrnoException {
        spawnCall("posix_spawn", POSIX_SPAWN, st -> (int) POSIX_SPAWN.invokeExact(st, pidOut, path, actions, attr, argv, envp));
    }

    public static void fileActionsInit(MemorySegment actions) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_init", FILE_ACTIONS_INIT, st -> (int) FILE_ACTIONS_INIT.invokeExact(st, actions));
    }

    public static void fileActionsDestroy(MemorySegment actions) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_destroy", FILE_ACTIONS_DESTROY, st -> (int) FILE_ACTIONS_DESTROY.invokeExact(st, actions));
    }

    public static void fileActionsAddDup2(MemorySegment actions, int fd, int newfd) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_adddup2", FILE_ACTIONS_ADDDUP2,
                st -> (int) FILE_ACTIONS_ADDDUP2.invokeExact(st, actions, fd, newfd));
    }

    public static void fileActionsAddClose(MemorySegment actions, int fd) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addclose", FILE_ACTIONS_ADDCLOSE,
                st -> (int) FILE_ACTIONS_ADDCLOSE.invokeExact(st, actions, fd));
    }

    /** The child changes to the NUL-terminated {@code path}; later actions and the exec see it. */
    public static void fileActionsAddChdir(MemorySegment actions, MemorySegment path) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addchdir_np", FILE_ACTIONS_ADDCHDIR,
                st -> (int) FILE_ACTIONS_ADDCHDIR.invokeExact(st, actions, path));
    }

    /** The child closes every descriptor from {@code from} up; see {@link #hasAddClosefrom()}. */
    public static void fileActionsAddClosefrom(MemorySegment actions, int from) throws ErrnoException {
        spawnCall("posix_spawn_file_actions_addclosefrom_np", FILE_ACTIONS_ADDCLOSEFROM,
                st -> (int) FILE_ACTIONS_ADDCLOSEFROM.invokeExact(st, actions, from));
    }

    public static void spawnattrInit(MemorySegment attr) throws ErrnoException {
        spawnCall("posix_spawnattr_init", SPAWNATTR_INIT, st -> (int) SPAWNATTR_INIT.invokeExact(st, attr));
    }

    public static void spawnattrDestroy(MemorySegment attr) throws ErrnoException {
        spawnCall("posix_spawnattr_destroy", SPAWNATTR_DESTROY, st -> (int) SPAWNATTR_DESTROY.invokeExact(st, attr));
    }

    public static void spawnattrSetflags(MemorySegment attr, short flags) throws ErrnoException {
        spawnCall("posix_spawnattr_setflags", SPAWNATTR_SETFLAGS, st -> (int) SPAWNATTR_SETFLAGS.invokeExact(st, attr, flags));
    }

    public static void spawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) throws ErrnoException {
        spawnCall("posix_spawnattr_setsigmask", SPAWNATTR_SETSIGMASK, st -> (int) SPAWNATTR_SETSIGMASK.invokeExact(st, attr, sigset));
    }

    public static void spawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) throws ErrnoException {
        spawnCall("posix_spawnattr_setsigdefault", SPAWNATTR_SETSIGDEFAULT,
                st -> (int) SPAWNATTR_SETSIGDEFAULT.invokeExact(st, attr, sigset));
    }

    /** sigemptyset(3). */
    public static void sigemptyset(MemorySegment sigset) throws ErrnoException {
        Downcall.require(SIGEMPTYSET, "sigemptyset");
        Downcall.call("sigemptyset", st -> (int) SIGEMPTYSET.invokeExact(st, sigset));
    }

    /**
     * waitpid(2) for one child; the wait status goes to {@code status} (an int). Returns the pid,
     * or 0 with WNOHANG while the child runs. Restarted on EINTR.
     */
    public static int waitpid(int pid, MemorySegment status, int options) throws ErrnoException {
        Downcall.require(WAITPID, "waitpid");
        return Restart.restarted("waitpid", st -> (int) WAITPID.invokeExact(st, pid, status, options));
    }

    /** kill(2). */
    public static void kill(int pid, int sig) throws ErrnoException {
        Downcall.require(KILL, "kill");
        Downcall.call("kill", st -> (int) KILL.invokeExact(st, pid, sig));
    }

    /** getpid(2): never fails. */
    public static int getpid() {
        Downcall.require(GETPID, "getpid");
        return Downcall.invoke(st -> (int) GETPID.invokeExact(st), Downcall.state());
    }
}
