package dev.jselect.internal.wait;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Epoll;
import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.Select;
import dev.jselect.internal.wait.Poller;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Virtual-thread waits in a JVM where a seccomp filter refuses epoll_create1 and epoll_create
 * (with ENOSYS, as an old kernel, or EPERM, as a container's policy): the pollers fall back to
 * poll(2), and a poller that cannot start (no fd left for its wakeup) fails that one call with an
 * ErrnoException and starts on the next, never with an Error. The filter is installed by a
 * small python3 launcher (prctl and seccomp through ctypes) that then execs the child JVM.
 */
class PollerFallbackTest {
    /** Installs a filter returning errno argv[1] for epoll_create1/epoll_create, then execs argv[2:]. */
    private static final String LAUNCHER = """
            import ctypes, os, platform, resource, struct, sys
            err = int(sys.argv[1])
            arch = {'x86_64': (0xc000003e, [291, 213]), 'aarch64': (0xc00000b7, [20])}[platform.machine()]
            ld = lambda off: struct.pack('HBBI', 0x20, 0, 0, off)
            jeq = lambda k, jt, jf: struct.pack('HBBI', 0x15, jt, jf, k)
            ret = lambda k: struct.pack('HBBI', 0x06, 0, 0, k)
            calls = arch[1]
            prog = [ld(4), jeq(arch[0], 0, len(calls) + 1), ld(0)]
            for i, nr in enumerate(calls):
                prog.append(jeq(nr, len(calls) - i, 0))
            prog += [ret(0x7fff0000), ret(0x00050000 | err)]
            code = b''.join(prog)
            buf = ctypes.create_string_buffer(code, len(code))
            fprog = struct.pack('HxxxxxxQ', len(prog), ctypes.addressof(buf))
            libc = ctypes.CDLL(None, use_errno=True)
            resource.setrlimit(resource.RLIMIT_NOFILE, (512, 512))
            if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.prctl(22, 2, ctypes.c_char_p(fprog), 0, 0) != 0:
                sys.exit('seccomp: ' + os.strerror(ctypes.get_errno()))
            os.execv(sys.argv[2], sys.argv[2:])
            """;

    @ParameterizedTest
    @ValueSource(strings = {"ENOSYS", "EPERM"})
    void virtualThreadWaitsWorkWhenEpollIsRefused(String errno) throws Exception {
        Assumptions.assumeTrue(List.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch")), "the filter knows x86_64 and aarch64");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 installs the seccomp filter");
        String classPath = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        int value = errno.equals("ENOSYS") ? Errno.ENOSYS : Errno.EPERM;
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", LAUNCHER, String.valueOf(value),
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", classPath, Child.class.getName())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.strip().endsWith("ok"), out);
    }

    /** The child JVM: the same virtual-thread waits, first with the fd table full, then freed. */
    static final class Child {
        public static void main(String[] args) throws Throwable {
            check(!Select.hasEpoll() || refused(), "epoll_create1 is refused");
            try (SocketPair pair = NativeSocket.socketpair(); Pipe pipe = Os.pipe()) {
                // a full fd table cannot open class files: load what the failing calls use first
                for (String c : List.of("wait.Poller", "wait.PollPoller", "wait.EpollPoller", "sys.PollFdStruct", "wait.Wakeup",
                        "wait.PlatformWait", "wait.FdCloses", "wait.Waits", "Deadline")) {
                    Class.forName("dev.jselect.internal." + c);
                }
                Class.forName("dev.jselect.Errno"); // read after the table is full
                try {
                    pair.second().recv(10, NativeSocket.MSG_DONTWAIT);
                } catch (ErrnoException expected) {
                    // EAGAIN: the recv path's classes are loaded
                }
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Runnable attempt = () -> {
                    try {
                        pair.second().recv(10);
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                };
                List<Pipe> filler = new ArrayList<>();
                List<Integer> singles = new ArrayList<>();
                try {
                    for (;;) {
                        filler.add(Os.pipe());
                    }
                } catch (ErrnoException full) {
                    check(full.errno() == Errno.EMFILE, "filled the fd table: " + full);
                }
                try {
                    for (;;) {
                        singles.add(Os.dup(pipe.readFd()));
                    }
                } catch (ErrnoException full) {
                    check(full.errno() == Errno.EMFILE, "filled the fd table: " + full);
                }
                // the poller cannot start: that call fails with an ErrnoException, the next ones alike
                Throwable[] failures = new Throwable[2];
                for (int i = 0; i < 2; i++) {
                    thrown.set(null);
                    Thread t = Thread.ofVirtual().start(attempt);
                    t.join();
                    failures[i] = thrown.get();
                }
                for (Pipe f : filler) {
                    f.close();
                }
                for (int fd : singles) {
                    Os.close(fd);
                }
                for (Throwable t : failures) {
                    check(t instanceof ErrnoException e && e.errno() == Errno.EMFILE, "a poller without an fd: " + t);
                }
                // now it starts, in its poll(2) form
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread reader = Thread.ofVirtual().start(() -> {
                    try {
                        check(new String(pair.second().recv(10)).equals("hi"), "recv");
                        check(Select.select(List.of(pipe.readFd()), List.of(), List.of(), 5.0).readable().size() == 1, "select");
                        check(Os.read(pipe.readFd(), 10).length == 1, "Os.read");
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                });
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(200);
                        pair.first().send("hi".getBytes());
                        Thread.sleep(200);
                        Os.write(pipe.writeFd(), new byte[] {1});
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }).join();
                check(reader.join(Duration.ofSeconds(20)), "the reader finished");
                if (failure.get() != null) {
                    throw failure.get();
                }
                check(Poller.epollFds().length == 0, "the pollers are the poll(2) form");
                check(Poller.registrations() == 0, "nothing left registered");
                assertArrayEquals(new int[0], Poller.epollFds());
            }
            System.out.println("ok");
        }

        private static boolean refused() {
            try {
                Epoll.open().close();
                return false;
            } catch (ErrnoException e) {
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        private static void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError(what);
            }
        }
    }
}
