package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.SocketCalls;
import dev.jselect.internal.sys.TestCalls;
import dev.jselect.net.NativeSocket;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.os.Os;
import dev.jselect.testing.TestFds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Select.select against pipes, socketpairs, TCP on 127.0.0.1 and /dev/null; ports CPython's test_select. */
class SelectTest {
    private static final List<Object> NONE = List.of();

    private final TestFds fds = new TestFds();

    @AfterEach
    void closeFds() throws Exception {
        fds.close();
    }

    /** A HasFileno that is not an Integer, so identity in the result is observable. */
    private record File(int fileno) implements HasFileno {}

    @Test
    void errorConditions() {
        // test_error_conditions: elements that are not files, a negative timeout
        var e = assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(new Object()), NONE, NONE, 0));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, List.of(3L), NONE, 0));
        assertTrue(e.getMessage().contains("java.lang.Long (3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, NONE, Collections.singletonList(null), 0));
        e = assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(new File(-1)), NONE, NONE, 0));
        assertEquals("file descriptor cannot be a negative integer (-1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(-5), NONE, NONE, 0));
        assertThrows(IllegalArgumentException.class, () -> Select.select(null, NONE, NONE, 0));

        e = assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, NONE, NONE, -1));
        assertEquals("timeout must be non-negative", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, NONE, NONE, -1e-300));
        assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, NONE, NONE, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, NONE, NONE, 1e300));
        assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, NONE, NONE, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Select.select(NONE, NONE, NONE, Duration.ofNanos(-1)));
    }

    @Test
    void closedFdIsEbadf() throws Exception {
        // test_errno
        int[] p = fds.pipe();
        fds.closeNow(p[0]);
        var e = assertThrows(ErrnoException.class, () -> Select.select(List.of(p[0]), NONE, NONE, 0));
        assertEquals(Errno.EBADF, e.errno());
    }

    @Test
    void returnsThreeDistinctLists() throws Exception {
        // test_returned_list_identity
        SelectResult<Object> r = Select.select(NONE, NONE, NONE, 0.001);
        assertNotSame(r.readable(), r.writable());
        assertNotSame(r.readable(), r.exceptional());
        assertNotSame(r.writable(), r.exceptional());
        assertEquals(List.of(), r.readable());
    }

    @Test
    void returnsTheGivenObjectsInOrderWithDuplicates() throws Exception {
        int[] p = fds.pipe();
        File reader = new File(p[0]);
        File writer = new File(p[1]);
        Integer writerFd = p[1];
        List<Object> w = List.of(writer, writerFd, reader, writer);
        SelectResult<Object> r = Select.select(List.of(reader, writer), w, List.of(reader), 0);
        assertEquals(List.of(), r.readable());
        assertEquals(List.of(writer, writerFd, writer), r.writable());
        assertSame(writer, r.writable().get(0));
        assertSame(writerFd, r.writable().get(1));
        assertSame(writer, r.writable().get(2));
        assertEquals(List.of(), r.exceptional());

        TestFds.write(p[1], "x");
        r = Select.select(List.of(writer, reader, reader), NONE, NONE);
        assertEquals(List.of(reader, reader), r.readable());
        assertSame(reader, r.readable().get(0));
    }

    @Test
    void readsLinesAsTheyArriveWithGrowingTimeouts() throws Exception {
        // test_select: a writer that prints "testing..." ten times, 20 ms apart, then closes
        int[] p = fds.pipe();
        Thread writer = fds.writeLinesThenClose(p[1], "testing...\n", 10, 20);
        StringBuilder got = new StringBuilder();
        boolean eof = false;
        List<Duration> timeouts = new ArrayList<>(Arrays.asList(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16)));
        timeouts.addAll(Collections.nCopies(20, null));
        for (Duration timeout : timeouts) {
            SelectResult<Integer> r = Select.select(List.of(p[0]), List.of(), List.of(), timeout);
            assertEquals(List.of(), r.writable());
            assertEquals(List.of(), r.exceptional());
            if (r.readable().isEmpty()) {
                continue;
            }
            assertEquals(List.of(p[0]), r.readable());
            String chunk = TestFds.read(p[0], 1000);
            if (chunk.isEmpty()) {
                eof = true;
                break;
            }
            got.append(chunk);
        }
        writer.join();
        assertTrue(eof, "saw end of file");
        assertEquals("testing...\n".repeat(10), got.toString());
    }

    @Test
    void timeoutIsHonoured() throws Exception {
        int[] p = fds.pipe();
        long t0 = System.nanoTime();
        SelectResult<Integer> r = Select.select(List.of(p[0]), List.of(), List.of(), 0.2);
        long waited = System.nanoTime() - t0;
        assertEquals(List.of(), r.readable());
        assertTrue(waited >= 190_000_000L, "waited " + waited + " ns of 200 ms");
        t0 = System.nanoTime();
        Select.select(List.of(p[0]), List.of(), List.of(), Duration.ofMillis(100));
        assertTrue(System.nanoTime() - t0 >= 95_000_000L);
    }

    @Test
    void noTimeoutBlocksUntilReady() throws Exception {
        int[] p = fds.pipe();
        Thread later = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
                TestFds.write(p[1], "x");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long t0 = System.nanoTime();
        assertEquals(List.of(p[0]), Select.select(List.of(p[0]), List.of(), List.of(), (Duration) null).readable());
        assertTrue(System.nanoTime() - t0 >= 90_000_000L);
        later.join();
    }

    @Test
    void fdAtOrAboveFdSetSizeIsRejectedBeforeTheSystemCall() throws Exception {
        int[] p = fds.pipe();
        int high = dupTo(p[1], Select.FD_SETSIZE);
        int closed = fds.pipe()[0];
        fds.closeNow(closed);
        // The kernel would report EBADF for `closed`: IllegalArgumentException proves select(2) never ran.
        var e = assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(closed), List.of(high), List.of(), 0));
        assertTrue(e.getMessage().startsWith("filedescriptor out of range in select()"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(), List.of(), List.of(new File(high)), 0));
        assertThrows(IllegalArgumentException.class, () -> Select.select(List.of(Integer.MAX_VALUE), List.of(), List.of(), 0));
    }

    @Test
    void highestSelectableFdWorks() throws Exception {
        int[] p = fds.pipe();
        int top = dupTo(p[1], Select.FD_SETSIZE - 1);
        int readTop = dupTo(p[0], Select.FD_SETSIZE - 65); // another word of the fd_set
        SelectResult<Integer> r = Select.select(List.of(readTop), List.of(top), List.of(top), 0);
        assertEquals(List.of(), r.readable());
        assertEquals(List.of(top), r.writable());
        TestFds.write(top, "x");
        assertEquals(List.of(readTop), Select.select(List.of(readTop), List.of(), List.of(), 0).readable());
    }

    @Test
    void devNullIsReadableAndWritable() throws Exception {
        int dn = fds.devNull();
        SelectResult<Integer> r = Select.select(List.of(dn), List.of(dn), List.of(dn), 0);
        assertEquals(List.of(dn), r.readable());
        assertEquals(List.of(dn), r.writable());
        assertEquals(List.of(), r.exceptional());
    }

    @Test
    void socketsOverTcpAndUnix() throws Exception {
        for (int[] pair : new int[][] {fds.tcpPair(), fds.socketpair()}) {
            int a = pair[0];
            int b = pair[1];
            SelectResult<Integer> r = Select.select(List.of(a, b), List.of(a, b), List.of(), 5.0);
            assertEquals(List.of(), r.readable());
            assertEquals(List.of(a, b), r.writable());
            TestFds.write(a, "hello");
            assertEquals(List.of(b), Select.select(List.of(a, b), List.of(), List.of(), 5.0).readable());
            assertEquals("hello", TestFds.read(b, 100));
            SocketCalls.shutdown(a, TestFds.SHUT_WR);
            assertEquals(List.of(b), Select.select(List.of(a, b), List.of(), List.of(), 5.0).readable(), "EOF is readable");
        }
    }

    @Test
    void aListeningSocketIsReadableWhenAClientConnects() throws Exception {
        // the articles' select servers: the server socket object itself comes back in rlist
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0)) {
            List<NativeSocket> inputs = List.of(server);
            assertEquals(List.of(), Select.select(inputs, List.of(), List.of(), 0).readable());
            try (NativeSocket client = NativeSocket.createConnection("127.0.0.1", server.getSockName().getPort())) {
                List<NativeSocket> readable = Select.select(inputs, List.of(), List.of(), 5.0).readable();
                assertEquals(1, readable.size());
                assertSame(server, readable.get(0));
                try (NativeSocket conn = server.accept().socket()) {
                    SelectResult<NativeSocket> r = Select.select(List.of(server, conn), List.of(conn, client), List.of(), 5.0);
                    assertEquals(List.of(), r.readable());
                    assertEquals(List.of(conn, client), r.writable());
                }
            }
        }
    }

    @Test
    void aFilenoThatChangesTheCollectionCannotChangeTheSelection() throws Exception {
        // test_select_mutated: CPython must not crash; here the collection is copied first
        int[] p = fds.pipe();
        List<HasFileno> a = new ArrayList<>();
        HasFileno f = () -> {
            if (!a.isEmpty()) {
                a.remove(a.size() - 1);
            }
            return p[1];
        };
        a.addAll(Collections.nCopies(10, f));
        assertEquals(10, Select.select(List.of(), a, List.of(), 0).writable().size());
    }

    @Test
    void tenThousandSelectsLeakNoFdsAndNoNativeMemory() throws Exception {
        int[] p = fds.pipe();
        List<Integer> r = List.of(p[0]);
        List<Integer> w = List.of(p[1]);
        ResourceGrowth.assertNoGrowth(10_000, i -> {
            if (Select.select(r, w, r, 0).writable().size() != 1) {
                throw new AssertionError("select " + i + " did not report the writable pipe");
            }
        });
    }

    /** Puts a duplicate of {@code fd} at exactly {@code target}; skips the test where that fd is taken or beyond RLIMIT_NOFILE. */
    private int dupTo(int fd, int target) throws Exception {
        boolean taken = true;
        try {
            FdCalls.fcntl(target, Platform.constant("F_GETFD"), 0);
        } catch (ErrnoException e) {
            taken = false;
        }
        assumeTrue(!taken, "fd " + target + " is in use by this JVM");
        try {
            int dup = fds.keep(TestCalls.dup2(fd, target)); // dup3 is Linux's
            Os.setInheritable(dup, false);
            return dup;
        } catch (ErrnoException e) {
            assumeTrue(e.errno() != Errno.EBADF, "fd " + target + " is beyond RLIMIT_NOFILE here");
            throw e;
        }
    }
}
