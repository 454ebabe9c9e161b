package dev.jselect.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.os.Os;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CPython's settimeout/gettimeout/setdefaulttimeout/create_connection(timeout), on platform threads; each case as python3 does it. */
class SocketTimeoutTest {
    @AfterEach
    void resetDefault() {
        NativeSocket.setDefaultTimeout(null);
    }

    @Test
    void timeoutModesAndTheFdFlagAsInCPython() throws Exception {
        try (NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM)) {
            // python3: new None True True
            assertNull(s.getTimeout());
            assertTrue(s.getBlocking());
            assertTrue(Os.getBlocking(s.fileno()));
            // settimeout(2.5): 2.5 True False
            s.setTimeout(2.5);
            assertEquals(Duration.ofMillis(2500), s.getTimeout());
            assertTrue(s.getBlocking());
            assertFalse(Os.getBlocking(s.fileno()));
            // setblocking(True): None True
            s.setBlocking(true);
            assertNull(s.getTimeout());
            assertTrue(Os.getBlocking(s.fileno()));
            // setblocking(False): 0.0 False
            s.setBlocking(false);
            assertEquals(Duration.ZERO, s.getTimeout());
            assertFalse(s.getBlocking());
            assertFalse(Os.getBlocking(s.fileno()));
            // settimeout(None): None True
            s.setTimeout((Duration) null);
            assertNull(s.getTimeout());
            assertTrue(Os.getBlocking(s.fileno()));
            // settimeout(0): 0.0 False
            s.setTimeout(0);
            assertFalse(s.getBlocking());
            // settimeout(1e-10): 1e-09 (rounded up to a nanosecond)
            s.setTimeout(1e-10);
            assertEquals(Duration.ofNanos(1), s.getTimeout());
            // ValueError / OverflowError
            assertThrows(IllegalArgumentException.class, () -> s.setTimeout(-1));
            assertThrows(IllegalArgumentException.class, () -> s.setTimeout(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> s.setTimeout(Double.POSITIVE_INFINITY));
            assertThrows(IllegalArgumentException.class, () -> s.setTimeout(Duration.ofSeconds(-1)));
        }
        try (NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM | NativeSocket.SOCK_NONBLOCK)) {
            assertEquals(Duration.ZERO, s.getTimeout(), "SOCK_NONBLOCK: 0.0, as in CPython");
        }
    }

    /** recvfrom, recvfrom_into, recv_into a slice and recv with flags honour the timeout too; MSG_DONTWAIT does not wait for it. */
    @Test
    void everyDataFormHonoursTheTimeout() throws Exception {
        try (NativeSocket udp = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_DGRAM);
                SocketPair p = NativeSocket.socketpair()) {
            udp.bind("127.0.0.1", 0);
            udp.setTimeout(Duration.ofMillis(100));
            p.second().setTimeout(Duration.ofMillis(100));
            long t0 = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> udp.recvFrom(100));
            assertThrows(SocketTimeoutException.class, () -> udp.recvFromInto(java.nio.ByteBuffer.allocate(10)));
            assertThrows(SocketTimeoutException.class, () -> p.second().recvInto(new byte[10], 2, 5));
            assertThrows(SocketTimeoutException.class, () -> p.second().recv(10, NativeSocket.MSG_WAITALL));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(400));
            t0 = System.nanoTime();
            ErrnoException e = assertThrows(ErrnoException.class, () -> p.second().recv(10, NativeSocket.MSG_DONTWAIT));
            assertEquals(Errno.EAGAIN, e.errno());
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(100), "MSG_DONTWAIT returns at once");
            udp.sendTo(new byte[] {7}, udp.getSockName());
            assertArrayEquals(new byte[] {7}, udp.recvFrom(100).data(), "the socket still works");
        }
    }

    @Test
    void recvTimesOutAndTheSocketStillWorks() throws Exception {
        try (SocketPair p = NativeSocket.socketpair()) {
            p.second().setTimeout(Duration.ofMillis(150));
            long t0 = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> p.second().recv(10));
            assertEquals("timed out", e.getMessage());
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150));
            p.first().sendAll(new byte[] {1, 2});
            assertArrayEquals(new byte[] {1, 2}, p.second().recv(10));
        }
    }

    @Test
    void acceptTimesOutAndAcceptedSocketsTakeTheDefaultTimeout() throws Exception {
        try (NativeSocket listener = NativeSocket.createServer("127.0.0.1", 0)) {
            int port = listener.getSockName().getPort();
            listener.setTimeout(0.2);
            assertThrows(SocketTimeoutException.class, listener::accept);
            // python3: accepted from a listener with a timeout, no default: None, fd blocking
            try (NativeSocket _ = NativeSocket.createConnection("127.0.0.1", port);
                    NativeSocket a = listener.accept().socket()) {
                assertNull(a.getTimeout());
                assertTrue(Os.getBlocking(a.fileno()));
            }
            // python3: setdefaulttimeout(3): new sockets, accepted ones and socketpairs get 3.0, fd non-blocking
            NativeSocket.setDefaultTimeout(Duration.ofSeconds(3));
            assertEquals(Duration.ofSeconds(3), NativeSocket.getDefaultTimeout());
            try (NativeSocket c = NativeSocket.createConnection("127.0.0.1", port);
                    NativeSocket a = listener.accept().socket();
                    SocketPair p = NativeSocket.socketpair()) {
                assertEquals(Duration.ofSeconds(3), a.getTimeout());
                assertFalse(Os.getBlocking(a.fileno()));
                assertEquals(Duration.ofSeconds(3), c.getTimeout());
                assertEquals(Duration.ofSeconds(3), p.first().getTimeout());
            }
            assertThrows(IllegalArgumentException.class, () -> NativeSocket.setDefaultTimeout(Duration.ofSeconds(-1)));
        }
    }

    @Test
    void aZeroDefaultTimeoutGivesNewSocketsANonBlockingFd() throws Exception {
        // python3: setdefaulttimeout(0); s = socket.socket(); s.bind(...); s.listen()
        //   s.getblocking() False, os.get_blocking(s.fileno()) False, s.accept() BlockingIOError at once
        NativeSocket.setDefaultTimeout(Duration.ZERO);
        try (NativeSocket listener = NativeSocket.open(); SocketPair pair = NativeSocket.socketpair()) {
            listener.bind("127.0.0.1", 0);
            listener.listen();
            assertFalse(listener.getBlocking());
            assertFalse(Os.getBlocking(listener.fileno())); // else accept below would block for good
            assertFalse(Os.getBlocking(pair.first().fileno()));
            ErrnoException e = assertThrows(ErrnoException.class, listener::accept);
            assertEquals(Errno.EAGAIN, e.errno());
        }
    }

    @Test
    @SuppressWarnings("try") // the server is closed inside its try on purpose: the connect that follows must be refused
    void createConnectionWithATimeoutKeepsIt() throws Exception {
        try (NativeSocket listener = NativeSocket.createServer("127.0.0.1", 0)) {
            int port = listener.getSockName().getPort();
            try (NativeSocket c = NativeSocket.createConnection("127.0.0.1", port, Duration.ofSeconds(2));
                    NativeSocket a = listener.accept().socket()) {
                assertEquals(Duration.ofSeconds(2), c.getTimeout());
                c.sendAll("hello".getBytes());
                assertEquals("hello", new String(a.recv(10)));
            }
        }
        try (NativeSocket closed = NativeSocket.createServer("127.0.0.1", 0)) {
            int port = closed.getSockName().getPort();
            closed.close();
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> NativeSocket.createConnection("127.0.0.1", port, Duration.ofSeconds(1)));
            assertEquals("ECONNREFUSED", e.errnoName());
        }
    }

    @Test
    void connectTimesOutWhenTheListenersBacklogIsFull() throws Exception {
        // Linux drops the SYN of a connection to a listener whose accept queue is full: the connect hangs
        try (NativeSocket listener = NativeSocket.createServer("127.0.0.1", 0)) {
            listener.listen(0);
            int port = listener.getSockName().getPort();
            java.util.List<NativeSocket> fillers = new java.util.ArrayList<>();
            try {
                SocketTimeoutException timedOut = null;
                for (int i = 0; i < 8 && timedOut == null; i++) {
                    NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
                    fillers.add(s);
                    s.setTimeout(0.3);
                    try {
                        s.connect("127.0.0.1", port);
                    } catch (SocketTimeoutException e) {
                        timedOut = e;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(timedOut != null, "this kernel accepted every connection");
                assertEquals("timed out", timedOut.getMessage());
                // connect_ex returns EWOULDBLOCK where connect raises "timed out", as in CPython
                NativeSocket s = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
                fillers.add(s);
                s.setTimeout(0.3);
                assertEquals(Errno.EAGAIN, s.connectEx("127.0.0.1", port));
            } finally {
                for (NativeSocket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void sendAllTimesOutWhenNobodyReads() throws Exception {
        try (SocketPair p = NativeSocket.socketpair()) {
            p.first().setTimeout(0.2);
            assertThrows(SocketTimeoutException.class, () -> p.first().sendAll(new byte[16 << 20]));
        }
    }
}
