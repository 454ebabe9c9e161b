package dev.jselect.os;

import dev.jselect.internal.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.internal.Platform;
import dev.jselect.internal.FdCalls;
import dev.jselect.internal.ProcessCalls;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with posix_spawn(3), never fork from the JVM: glibc clones with CLONE_VM and
 * CLONE_VFORK, so the child runs no Java code and copies no page tables. In the child, in order:
 * the requested fds are dup2'd onto 0, 1 and 2; every other fd from 3 up is closed (Python's
 * {@code close_fds=True}); the working directory changes; the signal mask is emptied and every
 * signal's disposition reset to its default (a JVM-ignored signal must not stay ignored in the
 * child, as Python's {@code restore_signals}); then the exec. An exec that fails (ENOENT,
 * EACCES) is reported by posix_spawn itself, and glibc has reaped that child already.
 *
 * <p>Native memory: one confined arena per spawn holds argv, envp and the attribute objects,
 * freed when {@link #spawn} returns.
 */
final class Spawner {
    private static final short SETSIGMASK = (short) Platform.constant("POSIX_SPAWN_SETSIGMASK");
    private static final short SETSIGDEF = (short) Platform.constant("POSIX_SPAWN_SETSIGDEF");
    private static final int F_DUPFD_CLOEXEC = Platform.constant("F_DUPFD_CLOEXEC");
    private static final int F_GETFD = Platform.constant("F_GETFD");
    private static final int FD_CLOEXEC = Platform.constant("FD_CLOEXEC");
    private static final int ENOENT = Platform.constant("ENOENT");
    /** Python's os.defpath: the search path when the environment has no PATH. */
    private static final String DEFPATH = "/bin:/usr/bin";

    private Spawner() {}

    /**
     * The pid of a new child running {@code args}. {@code stdio[i]} is the parent's fd that
     * becomes the child's fd {@code i}, or -1 to inherit fd {@code i}; the parent keeps its fds.
     */
    static int spawn(List<String> args, Path cwd, Map<String, String> env, int[] stdio) throws IOException {
        return spawn(args, cwd, env, stdio, ProcessCalls.hasAddClosefrom());
    }

    /** {@link #spawn}, closing fds from 3 up with one closefrom action or (the older glibc's way) one close each. */
    static int spawn(List<String> args, Path cwd, Map<String, String> env, int[] stdio, boolean closefrom) throws IOException {
        String program = resolve(args.getFirst(), cwd, env);
        List<Integer> temps = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(Platform.abi().layout("posix_spawn_file_actions_t"));
            MemorySegment attr = arena.allocate(Platform.abi().layout("posix_spawnattr_t"));
            MemorySegment sigset = arena.allocate(Platform.abi().layout("sigset_t"));
            ProcessCalls.fileActionsInit(actions);
            try {
                ProcessCalls.spawnattrInit(attr);
                try {
                    for (int target = 0; target < 3; target++) {
                        int source = stdio[target];
                        if (source >= 0 && source < 3) {
                            // dup2 onto 0..2 could overwrite a source still needed, and dup2(fd, fd)
                            // would keep close-on-exec: give the child a copy from 3 up instead.
                            source = FdCalls.fcntl(source, F_DUPFD_CLOEXEC, 3);
                            temps.add(source);
                        }
                        if (source >= 0) {
                            ProcessCalls.fileActionsAddDup2(actions, source, target);
                        }
                    }
                    closeFromThree(actions, closefrom);
                    if (cwd != null) {
                        ProcessCalls.fileActionsAddChdir(actions, arena.allocateFrom(cwd.toString()));
                    }
                    ProcessCalls.sigemptyset(sigset);
                    ProcessCalls.spawnattrSetsigmask(attr, sigset);
                    // Every bit set, not sigfillset(3): that leaves out glibc's two internal
                    // signals (32, 33), which glibc's spawn then sets to SIG_IGN, and SIG_IGN
                    // survives the exec.
                    sigset.fill((byte) 0xff);
                    ProcessCalls.spawnattrSetsigdefault(attr, sigset);
                    ProcessCalls.spawnattrSetflags(attr, (short) (SETSIGMASK | SETSIGDEF));
                    MemorySegment pid = arena.allocate(ValueLayout.JAVA_INT);
                    ProcessCalls.posixSpawn(pid, arena.allocateFrom(program), actions, attr,
                            strings(arena, args), strings(arena, environment(env)));
                    return pid.get(ValueLayout.JAVA_INT, 0);
                } finally {
                    ProcessCalls.spawnattrDestroy(attr);
                }
            } finally {
                ProcessCalls.fileActionsDestroy(actions);
            }
        } finally {
            for (int fd : temps) {
                FdCalls.close(fd);
            }
        }
    }

    /**
     * Every fd from 3 up closed in the child: one action on glibc 2.34+; on an older glibc one
     * close per fd open now without close-on-exec (fds opened later by other threads are
     * close-on-exec if they are jselect's or the JDK's).
     */
    private static void closeFromThree(MemorySegment actions, boolean closefrom) throws IOException {
        if (closefrom) {
            ProcessCalls.fileActionsAddClosefrom(actions, 3);
            return;
        }
        List<Integer> open = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path p : fds) {
                open.add(Integer.parseInt(p.getFileName().toString()));
            }
        }
        for (int fd : open) {
            try {
                if (fd >= 3 && (FdCalls.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC) == 0) {
                    ProcessCalls.fileActionsAddClose(actions, fd);
                }
            } catch (ErrnoException closedMeanwhile) {
                // the directory listing's own fd, or one another thread closed
            }
        }
    }

    /**
     * The program to exec, as Python finds it: a name with a slash as it is (relative to
     * {@code cwd} when given, since the exec follows the chdir); else the first executable
     * regular file of that name in the PATH of the child's environment. None: ENOENT.
     */
    static String resolve(String name, Path cwd, Map<String, String> env) throws ErrnoException {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad program name " + repr(name));
        }
        if (name.contains("/")) {
            return name;
        }
        String path = env != null ? env.get("PATH") : System.getenv("PATH");
        for (String dir : (path != null ? path : DEFPATH).split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (!candidate.isAbsolute() && cwd != null) {
                candidate = cwd.resolve(candidate);
            }
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw Errno.exception(ENOENT, repr(name));
    }

    /** The child's environment: {@code env}, or this process's (as Java sees it) when null. */
    private static List<String> environment(Map<String, String> env) {
        List<String> entries = new ArrayList<>();
        for (var e : (env != null ? env : System.getenv()).entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0 || (e.getKey() + e.getValue()).indexOf('\0') >= 0) {
                throw new IllegalArgumentException("illegal environment variable " + repr(e.getKey()));
            }
            entries.add(e.getKey() + "=" + e.getValue());
        }
        return entries;
    }

    /** A NULL-terminated {@code char *[]} of NUL-terminated UTF-8 strings. */
    private static MemorySegment strings(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1);
        for (int i = 0; i < strings.size(); i++) {
            String s = strings.get(i);
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("embedded null byte in " + repr(s));
            }
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(s));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    /** Python's repr of a str, for messages. */
    private static String repr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
