package dev.jselect.os;

import dev.jselect.internal.sys.ProcessCalls;
import dev.jselect.internal.sys.ErrnoNames;
import dev.jselect.internal.sys.Constants;
import dev.jselect.ErrnoException;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.process.PosixSpawn;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Starts a program as Python's {@code subprocess} does, with posix_spawn(3), never fork from the
 * JVM: glibc clones with CLONE_VM and CLONE_VFORK, so the child runs no Java code and copies no
 * page tables. This class holds Python's rules (the program looked up in the child's PATH, the
 * environment checked, NUL bytes refused); {@link PosixSpawn} makes the call. In the child, in
 * order: the requested fds are dup2'd onto 0, 1 and 2; every other fd from 3 up is closed
 * (Python's {@code close_fds=True}); the working directory changes; the signal mask is emptied
 * and every signal's disposition reset to its default (Python's {@code restore_signals}); then
 * the exec. An exec that fails (ENOENT, EACCES) is reported by posix_spawn itself, and glibc has
 * reaped that child already.
 */
final class Spawner {
    private static final int ENOENT = Constants.ENOENT;
    private static final int ENOTDIR = dev.jselect.Errno.ENOTDIR;
    private static final int EACCES = Constants.EACCES;
    /** Python's os.defpath: the search path when the environment has no PATH. */
    private static final String DEFPATH = "/bin:/usr/bin";

    private Spawner() {}

    /**
     * The pid of a new child running {@code args}. {@code stdio[i]} is the parent's fd that
     * becomes the child's fd {@code i}, or -1 to inherit fd {@code i}; the parent keeps its fds.
     */
    static int spawn(List<String> args, @Nullable Path cwd, @Nullable Map<String, String> env, int[] stdio) throws IOException {
        return spawn(args, cwd, env, stdio, ProcessCalls.hasAddClosefrom());
    }

    /** {@link #spawn}, closing fds from 3 up with one closefrom action or (the older glibc's way) one close each. */
    static int spawn(List<String> args, @Nullable Path cwd, @Nullable Map<String, String> env, int[] stdio, boolean closefrom) throws IOException {
        String program;
        try {
            program = resolve(args.getFirst(), cwd, env);
        } catch (ErrnoException notFound) {
            throw cwdError(cwd, notFound); // in Python's child the chdir comes first, and its failure wins
        }
        for (String arg : args) {
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("embedded null byte in " + repr(arg));
            }
        }
        try {
            return PosixSpawn.spawn(program, args, environment(env), cwd == null ? null : cwd.toString(), stdio, closefrom);
        } catch (ErrnoException e) {
            throw named(e, args.getFirst(), cwd);
        }
    }

    /**
     * A failed spawn as Python reports it, naming what failed: the working directory where the
     * chdir failed ({@code [Errno 2] No such file or directory: '/no/such/dir'}), else the program
     * as given where the exec failed; any other error as it is.
     */
    private static ErrnoException named(ErrnoException e, String program, @Nullable Path cwd) {
        ErrnoException cwdFailure = cwdError(cwd, null);
        if (cwdFailure != null && CHDIR_ERRORS.contains(e.errnoName())) {
            return cwdFailure.errno() == e.errno() ? cwdFailure : ErrnoNames.exception(e.errno(), repr(Objects.requireNonNull(cwd).toString())); // cwdFailure: there is a cwd
        }
        return EXEC_ERRORS.contains(e.errnoName()) ? ErrnoNames.exception(e.errno(), repr(program)) : e;
    }

    /** The errors of chdir(2), and of execve(2) when the program is at fault. */
    private static final Set<String> CHDIR_ERRORS = Set.of("ENOENT", "ENOTDIR", "EACCES", "ELOOP", "ENAMETOOLONG");
    private static final Set<String> EXEC_ERRORS = Set.of("ENOENT", "ENOTDIR", "EACCES", "EPERM", "ENOEXEC", "ELOOP",
            "ENAMETOOLONG", "ETXTBSY", "EISDIR", "ELIBBAD", "E2BIG");

    /**
     * The error a chdir to {@code cwd} would give, naming it: ENOENT for a missing directory,
     * ENOTDIR where a file stands in the path, EACCES for one that cannot be entered. {@code
     * otherwise} (possibly null) where {@code cwd} is null or a usable directory.
     */
    private static @Nullable ErrnoException cwdError(@Nullable Path cwd, @Nullable ErrnoException otherwise) {
        if (cwd == null || cwd.toString().isEmpty()) {
            return otherwise;
        }
        int errno;
        if (Files.isDirectory(cwd)) {
            if (Files.isExecutable(cwd)) {
                return otherwise;
            }
            errno = EACCES;
        } else {
            errno = Files.exists(cwd) ? ENOTDIR : ENOENT;
            for (Path p = cwd.toAbsolutePath().getParent(); errno == ENOENT && p != null; p = p.getParent()) {
                if (Files.exists(p)) {
                    errno = Files.isDirectory(p) ? ENOENT : ENOTDIR; // the nearest existing ancestor decides
                    break;
                }
            }
        }
        return ErrnoNames.exception(errno, repr(cwd.toString()));
    }

    /**
     * The program to exec, as Python finds it: a name with a slash as it is (relative to
     * {@code cwd} when given, since the exec follows the chdir); else the first executable
     * regular file of that name in the PATH of the child's environment. None: as Python's
     * child, which tries each in turn, the first error that is not "no such file" (EACCES for a
     * file that cannot be executed or a directory), else ENOENT; naming the program as given.
     */
    static String resolve(String name, @Nullable Path cwd, @Nullable Map<String, String> env) throws ErrnoException {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad program name " + repr(name));
        }
        if (name.contains("/")) {
            return name;
        }
        String path = env != null ? env.get("PATH") : System.getenv("PATH");
        int error = ENOENT;
        for (String dir : (path != null ? path : DEFPATH).split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (!candidate.isAbsolute() && cwd != null) {
                candidate = cwd.resolve(candidate);
            }
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
            if (Files.exists(candidate)) {
                error = EACCES; // execve's answer for a non-executable file or a directory
            }
        }
        throw ErrnoNames.exception(error, repr(name));
    }

    /** The child's environment: {@code env}, or this process's (as Java sees it) when null. */
    private static List<String> environment(@Nullable Map<String, String> env) {
        List<String> entries = new ArrayList<>();
        for (var e : (env != null ? env : System.getenv()).entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().indexOf('=') >= 0 || (e.getKey() + e.getValue()).indexOf('\0') >= 0) {
                throw new IllegalArgumentException("illegal environment variable " + repr(e.getKey()));
            }
            entries.add(e.getKey() + "=" + e.getValue());
        }
        return entries;
    }

    /** Python's {@code [unix_shell, "-c"] + args}: the argv of {@code shell=True}. */
    static List<String> shellArgs(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c"));
        argv.addAll(args);
        return argv;
    }

    /** Python's repr of a str, for messages. */
    private static String repr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
