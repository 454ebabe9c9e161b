package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.internal.sys.Platform;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The errno module and the OSError subclasses, against Python's on this machine and real sockets. */
class ErrnoTest {
    /** {@code python3 -c script}'s lines, or null without python3. */
    private static List<String> python(String script) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        try (var in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out.lines().toList() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Integer> constants() throws IllegalAccessException {
        Map<String, Integer> m = new TreeMap<>();
        for (Field f : Errno.class.getFields()) {
            assertTrue(Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers()) && f.getType() == int.class, f.getName());
            m.put(f.getName(), f.getInt(null));
        }
        return m;
    }

    @Test
    void constantsAreThePlatformsAndPythonsWhereItHasThem() throws Exception {
        Map<String, Integer> ours = constants();
        assertEquals(Platform.constant("ECONNREFUSED"), Errno.ECONNREFUSED);
        assertEquals(Platform.constant("EAGAIN"), Errno.EWOULDBLOCK);
        List<String> lines = python("import errno\nfor n in dir(errno):\n    if n.startswith('E'): print(n, getattr(errno, n))");
        assumeTrue(lines != null, "no python3 here");
        Map<String, Integer> py = new TreeMap<>();
        lines.stream().map(l -> l.split(" ")).forEach(kv -> py.put(kv[0], Integer.parseInt(kv[1])));
        Map<String, Integer> defined = new TreeMap<>(ours);
        defined.values().removeIf(v -> v == -1);
        assertEquals(py, defined, "every name Python's errno has, with its value; -1 for the names only other platforms have");
    }

    @Test
    void errorcodeAndStrerrorAreAsPythons() throws Exception {
        List<String> lines = python("import errno, os\nfor n in range(0, 140):\n    print(n, errno.errorcode.get(n, '-'), os.strerror(n))");
        assumeTrue(lines != null, "no python3 here");
        for (String line : lines) {
            String[] f = line.split(" ", 3);
            int n = Integer.parseInt(f[0]);
            if (f[1].equals("-")) {
                assertThrows(NoSuchElementException.class, () -> Errno.errorcode(n), "Python: KeyError for " + n);
            } else {
                assertEquals(f[1], Errno.errorcode(n), "errorcode " + n);
                assertEquals(f[1], dev.jselect.internal.sys.ErrnoNames.exception(n, null).errnoName());
            }
            assertEquals(f[2], Errno.strerror(n), "strerror " + n);
            assertEquals(f[2], dev.jselect.internal.sys.ErrnoNames.exception(n, "call").strerror());
        }
        assertEquals("EAGAIN", Errno.errorcode(Errno.EWOULDBLOCK), "the alias Python shows");
        assertEquals(lines.stream().filter(l -> !l.split(" ")[1].equals("-")).count(), (long) Errno.errorcode().size(),
                "errorcode() names exactly the numbers Python names");
    }

    /** For every errno Python names, the exception class it picks, by our name. */
    @Test
    void subclassesAreChosenAsCPythonChoosesThem() throws Exception {
        List<String> lines = python("import errno\nfor n in sorted(errno.errorcode):\n    print(n, type(OSError(n, 'x')).__name__)");
        assumeTrue(lines != null, "no python3 here");
        Map<String, Class<?>> ours = Map.of(
                "BlockingIOError", BlockingIOException.class, "BrokenPipeError", BrokenPipeException.class,
                "ConnectionAbortedError", ConnectionAbortedException.class, "ConnectionRefusedError", ConnectionRefusedException.class,
                "ConnectionResetError", ConnectionResetException.class, "FileExistsError", FileExistsException.class,
                "PermissionError", PermissionException.class, "ProcessLookupError", ProcessLookupException.class,
                "ChildProcessError", ChildProcessException.class);
        int subclassed = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            ErrnoException e = dev.jselect.internal.sys.ErrnoNames.exception(Integer.parseInt(f[0]), "call");
            // Python subclasses this project leaves out (FileNotFoundError, InterruptedError, TimeoutError, ...) stay plain
            Class<?> expected = ours.getOrDefault(f[1], ErrnoException.class);
            assertSame(expected, e.getClass(), line);
            subclassed += expected == ErrnoException.class ? 0 : 1;
        }
        assertTrue(subclassed >= 13, "EAGAIN(=EWOULDBLOCK) EALREADY EINPROGRESS EPIPE ESHUTDOWN ECHILD ECONN* EEXIST EACCES EPERM ESRCH: " + subclassed);
        assertTrue(ConnectionException.class.isAssignableFrom(BrokenPipeException.class));
        assertTrue(ConnectionException.class.isAssignableFrom(ConnectionResetException.class));
    }

    @Test
    void messagesAreFormattedAsPythons() {
        ErrnoException e = dev.jselect.internal.sys.ErrnoNames.exception(Errno.ECONNREFUSED, "connect");
        assertEquals("[Errno " + Errno.ECONNREFUSED + "] Connection refused", e.pythonMessage());
        assertEquals(e.pythonMessage() + ": connect", e.getMessage());
        assertEquals("Connection refused", e.strerror());
        assertEquals("ECONNREFUSED", e.errnoName());
        assertEquals(e.pythonMessage(), dev.jselect.internal.sys.ErrnoNames.exception(Errno.ECONNREFUSED, null).getMessage());
        if (Platform.isLinux()) {
            assertEquals("[Errno 111] Connection refused", e.pythonMessage());
        }
    }

    // ---- the subclasses arrive from real sockets ----

    @Test
    void refusedConnectionIsConnectionRefused() throws Exception {
        int port;
        try (NativeSocket s = NativeSocket.createServer("127.0.0.1", 0)) {
            port = s.getSockName().getPort();
        }
        ConnectionRefusedException e = assertThrows(ConnectionRefusedException.class, () -> NativeSocket.createConnection("127.0.0.1", port));
        assertEquals(Errno.ECONNREFUSED, e.errno());
    }

    @Test
    void wouldBlockIsBlockingIO() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.first().setBlocking(false);
            BlockingIOException e = assertThrows(BlockingIOException.class, () -> pair.first().recv(10));
            assertEquals(Errno.EAGAIN, e.errno());
        }
    }

    @Test
    void writingToAClosedPeerIsBrokenPipeAndAResetIsConnectionReset() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            pair.second().close();
            BrokenPipeException e = assertThrows(BrokenPipeException.class, () -> pair.first().send(new byte[] {1}));
            assertInstanceOf(ConnectionException.class, e);
        }
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0);
                NativeSocket client = NativeSocket.createConnection("127.0.0.1", server.getSockName().getPort())) {
            NativeSocket accepted = server.accept().socket();
            client.sendAll(new byte[] {1, 2, 3}); // unread data makes the close a reset
            accepted.setLinger(true, 0);
            accepted.close();
            List<Class<?>> seen = new ArrayList<>();
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    seen.add(client.recv(10).getClass());
                }
            });
            assertInstanceOf(ConnectionResetException.class, e, "after " + seen);
        }
    }
}
