package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.BlockingIOException;
import dev.jselect.net.Accepted;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.testing.ThreadSignals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PEP 475 in the blocking calls that are not waits (EintrTest has the waits): read, write to a
 * full pipe, recv, send to a full socket, accept, connect to a listener whose backlog is full
 * (loopback), and Subprocess.waitFor, each on a platform thread with blocking fds.
 *
 * <p>A signal whose handler returns, sent to the blocked thread several times, makes the system
 * call return EINTR (the handler is installed without SA_RESTART, so the kernel does not restart
 * the call itself): the call goes on, and completes with the right result once its peer acts.
 * A handler installed with {@link Signals#signal} that throws ends the call at once with that
 * exception, raised as it is in the thread that installed the handler. That handler is for
 * SIGCHLD, which no other test gives a handler and whose default action, put back after each
 * case, is to ignore it (SignalsTest checks that SIGWINCH and SIGALRM start with none).
 */
@Timeout(60)
class InterruptedCallsTest {
    private static final long PAUSE_MS = 40;
    private static final int SIGNALS = 5;

    /** One blocking call, the peer's action that lets it complete, and the check of its result. */
    private abstract static class Scenario implements AutoCloseable {
        final List<AutoCloseable> resources = Collections.synchronizedList(new ArrayList<>());

        <T extends AutoCloseable> T keep(T resource) {
            resources.add(resource);
            return resource;
        }

        /** Blocks until {@link #release()}. */
        abstract Object call() throws Exception;

        abstract void release() throws Exception;

        abstract void check(Object result) throws Exception;

        @Override
        public void close() throws IOException {
            for (int i = resources.size() - 1; i >= 0; i--) {
                closeOne(resources.get(i));
            }
        }
    }

    private static Scenario scenario(String call) throws IOException {
        return switch (call) {
            case "read" -> new Scenario() {
                final Pipe pipe = keep(Os.pipe());

                Object call() throws Exception {
                    return Os.read(pipe.readFd(), 10);
                }

                void release() throws Exception {
                    Os.write(pipe.writeFd(), bytes("abc"));
                }

                void check(Object result) {
                    assertArrayEquals(bytes("abc"), (byte[]) result);
                }
            };
            case "write" -> new Scenario() {
                final Pipe pipe = keep(Os.pipe());

                {
                    Os.setBlocking(pipe.writeFd(), false);
                    try {
                        for (;;) {
                            Os.write(pipe.writeFd(), new byte[4096]);
                        }
                    } catch (BlockingIOException full) {
                        Os.setBlocking(pipe.writeFd(), true);
                    }
                }

                Object call() throws Exception {
                    return Os.write(pipe.writeFd(), new byte[100]);
                }

                void release() throws Exception {
                    Os.setBlocking(pipe.readFd(), false);
                    try {
                        for (;;) {
                            Os.read(pipe.readFd(), 65536);
                        }
                    } catch (BlockingIOException empty) {
                        // drained
                    }
                }

                void check(Object result) {
                    assertEquals(100, result, "bytes written");
                }
            };
            case "recv" -> new Scenario() {
                final SocketPair pair = keep(NativeSocket.socketpair());

                Object call() throws Exception {
                    return pair.first().recv(10);
                }

                void release() throws Exception {
                    pair.second().send(bytes("xyz"));
                }

                void check(Object result) {
                    assertArrayEquals(bytes("xyz"), (byte[]) result);
                }
            };
            case "send" -> new Scenario() {
                final SocketPair pair = keep(NativeSocket.socketpair());

                {
                    pair.first().setBlocking(false);
                    try {
                        for (;;) {
                            pair.first().send(new byte[4096]);
                        }
                    } catch (BlockingIOException full) {
                        pair.first().setBlocking(true);
                    }
                }

                Object call() throws Exception {
                    return pair.first().send(new byte[100]);
                }

                void release() throws Exception {
                    pair.second().setBlocking(false);
                    try {
                        for (;;) {
                            pair.second().recv(65536);
                        }
                    } catch (BlockingIOException empty) {
                        // drained
                    }
                }

                void check(Object result) {
                    assertEquals(100, result, "bytes sent");
                }
            };
            case "accept" -> new Scenario() {
                final NativeSocket server = keep(NativeSocket.createServer("127.0.0.1", 0));
                NativeSocket client;

                Object call() throws Exception {
                    Accepted accepted = server.accept();
                    keep(accepted.socket());
                    return accepted.address();
                }

                void release() throws Exception {
                    client = keep(NativeSocket.createConnection("127.0.0.1", server.getSockName().getPort()));
                }

                void check(Object result) throws Exception {
                    assertEquals(client.getSockName(), result, "the peer accepted");
                }
            };
            case "connect" -> new Scenario() {
                // Backlog 0: one connection fills the accept queue, and the kernel drops the next
                // one's SYN until it is accepted; the client's SYN is sent again after a second.
                final NativeSocket server = keep(NativeSocket.open());
                final NativeSocket client = keep(NativeSocket.open());

                {
                    server.bind("127.0.0.1", 0);
                    server.listen(0);
                    keep(NativeSocket.createConnection("127.0.0.1", port()));
                }

                int port() throws IOException {
                    return server.getSockName().getPort();
                }

                Object call() throws Exception {
                    client.connect("127.0.0.1", port());
                    return client.getPeerName();
                }

                void release() throws Exception {
                    keep(server.accept().socket());
                }

                void check(Object result) throws Exception {
                    assertEquals(new InetSocketAddress("127.0.0.1", port()), result, "connected to the listener");
                }
            };
            case "waitFor" -> new Scenario() {
                final Subprocess child = keep(Subprocess.popen(List.of("sh", "-c", "sleep 1; exit 7")));

                Object call() throws Exception {
                    return child.waitFor();
                }

                void release() {
                    // the child exits by itself a second after it started
                }

                void check(Object result) {
                    assertEquals(7, result, "the child's exit status");
                }
            };
            default -> throw new IllegalArgumentException(call);
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String outcome(CompletableFuture<Object> result) {
        try {
            return String.valueOf(result.getNow(null));
        } catch (RuntimeException e) {
            return e.getCause().toString();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "write", "recv", "send", "accept", "connect", "waitFor"})
    void aSignalWhoseHandlerReturnsLeavesTheCallToComplete(String call) throws Throwable {
        ThreadSignals.interruptEveryCall();
        try (Scenario s = scenario(call)) {
            CompletableFuture<Long> pthread = new CompletableFuture<>();
            CompletableFuture<Object> result = new CompletableFuture<>();
            Thread thread = Thread.ofPlatform().start(() -> {
                try {
                    pthread.complete(ThreadSignals.currentThread());
                    result.complete(s.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            long target = pthread.get(5, TimeUnit.SECONDS);
            for (int i = 0; i < SIGNALS; i++) {
                Thread.sleep(PAUSE_MS);
                assertFalse(result.isDone(), () -> call + " ended before its peer acted: " + outcome(result));
                ThreadSignals.interrupt(target);
            }
            Thread.sleep(PAUSE_MS);
            assertFalse(result.isDone(), () -> call + " ended after EINTR: " + outcome(result));
            s.release();
            s.check(result.get(10, TimeUnit.SECONDS));
            thread.join(5_000);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "write", "recv", "send", "accept", "connect", "waitFor"})
    void aHandlerThatThrowsEndsTheCallWithItsException(String call) throws Throwable {
        assertTheHandlersExceptionEnds(call);
    }

    private static void assertTheHandlersExceptionEnds(String call) throws Throwable {
        IOException raised = new IOException("raised by the SIGCHLD handler");
        try (Scenario s = scenario(call)) {
            CountDownLatch installed = new CountDownLatch(1);
            CompletableFuture<Object> result = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    Signals.signal(Signals.SIGCHLD, sig -> {
                        throw raised;
                    });
                    installed.countDown();
                    result.complete(s.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            assertTrue(installed.await(5, TimeUnit.SECONDS));
            Thread.sleep(PAUSE_MS * 3);
            assertFalse(result.isDone(), () -> call + " ended before the signal: " + outcome(result));
            long t0 = System.nanoTime();
            Os.kill(Os.getpid(), Signals.SIGCHLD); // to the process, as kill(1) sends it
            ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertInstanceOf(IOException.class, e.getCause());
            assertSame(raised, e.getCause(), "the handler's own exception");
            assertTrue(ms < 1_000, call + " ended " + ms + " ms after the signal");
        } finally {
            Signals.signal(Signals.SIGCHLD, Signals.SIG_DFL);
        }
    }

    /** Closes a test resource; the kinds kept here throw nothing but I/O and runtime exceptions. */
    static void closeOne(AutoCloseable resource) throws IOException {
        try {
            resource.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
