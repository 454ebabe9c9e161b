package dev.jselect.selectors;

import static dev.jselect.selectors.Selectors.EVENT_READ;
import static dev.jselect.selectors.Selectors.EVENT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.HasFileno;
import dev.jselect.Select;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.TestCalls;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.testing.EchoServerCheck;
import dev.jselect.testing.FdLimit;
import dev.jselect.testing.ProcessState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPython's test_selectors.BaseSelectorTestCase (and ScalableSelectorMixIn), against real
 * socketpairs and pipes. One concrete subclass per selector class (EpollSelectorTest,
 * PollSelectorTest, SelectSelectorTest); {@link DefaultSelectorTest} checks only which one
 * {@link Selectors#open()} picks.
 */
@Timeout(120)
abstract class SelectorContract {
    private static final byte[] MSG = " This is a test.".getBytes();

    /** Closed after each test, last opened first. */
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();

    abstract BaseSelector newSelector() throws IOException;

    @AfterEach
    void closeEverything() throws Exception {
        while (!cleanup.isEmpty()) {
            cleanup.pop().close();
        }
    }

    BaseSelector selector() throws IOException {
        BaseSelector s = newSelector();
        cleanup.push(s);
        return s;
    }

    SocketPair socketpair() throws IOException {
        SocketPair p = NativeSocket.socketpair();
        cleanup.push(p);
        return p;
    }

    Pipe pipe() throws IOException {
        Pipe p = Os.pipe();
        cleanup.push(p);
        return p;
    }

    /** An fd number that was open a moment ago and is closed now. */
    private int closedFd() throws IOException {
        Pipe p = Os.pipe();
        p.close();
        return p.readFd();
    }

    // ---- register / unregister ----

    @Test
    void register() throws IOException {
        BaseSelector s = selector();
        NativeSocket rd = socketpair().first();

        SelectorKey key = s.register(rd, EVENT_READ, "data");
        assertSame(rd, key.fileobj());
        assertEquals(rd.fileno(), key.fd());
        assertEquals(EVENT_READ, key.events());
        assertEquals("data", key.data());

        assertThrows(IllegalArgumentException.class, () -> s.register(0, 999999), "unknown event");
        assertThrows(IllegalArgumentException.class, () -> s.register(0, 0), "no event");
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> s.register(-10, EVENT_READ));
        assertTrue(negative.getMessage().contains("-10"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.register("not a file", EVENT_READ));
        assertThrows(IllegalArgumentException.class, () -> s.register(null, EVENT_READ));
        assertThrows(IllegalArgumentException.class, () -> s.register(rd, EVENT_READ), "twice");
        assertThrows(IllegalArgumentException.class, () -> s.register(rd.fileno(), EVENT_WRITE), "same fd, another object");
        HasFileno sameFd = rd::fileno;
        assertThrows(IllegalArgumentException.class, () -> s.register(sameFd, EVENT_WRITE), "same fd, a third object");
        assertEquals(1, s.getMap().size());
        assertEquals(key, s.getKey(rd));
    }

    @Test
    void registerClosedFdFailsAndLeavesNothingRegistered() throws IOException {
        BaseSelector s = selector();
        int fd = closedFd();
        ErrnoException e = assertThrows(ErrnoException.class, () -> s.register(fd, EVENT_READ));
        assertEquals(Errno.EBADF, e.errno());
        assertTrue(s.getMap().isEmpty());
        assertThrows(NoSuchElementException.class, () -> s.getKey(fd));
    }

    @Test
    void registerObjectWhoseFilenoFails() throws IOException {
        BaseSelector s = selector();
        HasFileno broken = () -> {
            throw new IllegalStateException("closed");
        };
        assertThrows(IllegalArgumentException.class, () -> s.register(broken, EVENT_READ));
        assertTrue(s.getMap().isEmpty());
    }

    @Test
    void unregister() throws IOException {
        BaseSelector s = selector();
        NativeSocket rd = socketpair().first();
        SelectorKey key = s.register(rd, EVENT_READ);
        assertEquals(key, s.unregister(rd));
        assertTrue(s.getMap().isEmpty());

        assertThrows(NoSuchElementException.class, () -> s.unregister(999999), "unknown");
        assertThrows(NoSuchElementException.class, () -> s.unregister(rd), "twice");
        s.register(rd.fileno(), EVENT_WRITE); // the fd is free to register again
    }

    @Test
    void unregisterAfterFdClose() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        int r = p.first().fileno();
        int w = p.second().fileno();
        s.register(r, EVENT_READ);
        s.register(w, EVENT_WRITE);
        p.close();
        assertEquals(r, s.unregister(r).fd());
        assertEquals(w, s.unregister(w).fd());
        assertTrue(s.getMap().isEmpty());
    }

    @Test
    void unregisterAfterFdCloseAndReuse() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        int r = p.first().fileno();
        int w = p.second().fileno();
        s.register(r, EVENT_READ);
        s.register(w, EVENT_WRITE);
        SocketPair p2 = socketpair();
        p.close();
        TestCalls.dup2(p2.first().fileno(), r);
        cleanup.push(() -> Os.close(r));
        TestCalls.dup2(p2.second().fileno(), w);
        cleanup.push(() -> Os.close(w));
        s.unregister(r);
        s.unregister(w);
        assertTrue(s.getMap().isEmpty());
        // The numbers now stand for the new sockets and register as such.
        s.register(r, EVENT_READ);
        s.register(w, EVENT_WRITE);
        p2.second().send(MSG);
        List<SelectedKey> ready = s.select(5.0);
        assertEquals(2, ready.size(), ready.toString());
    }

    /**
     * A registered number closed while its file lives on (here through another fd), unregistered,
     * then reused for another file and registered again: events of the old file are never
     * reported for the new key. (epoll would report them, since it watches files: see
     * {@link EpollSelector}'s class comment.)
     */
    @Test
    void aReusedNumberIsNeverReportedForTheFileItNamedBefore() throws IOException {
        BaseSelector s = selector();
        SocketPair old = socketpair();
        SocketPair fresh = socketpair();
        int n = Os.dup(old.first().fileno());
        s.register(n, EVENT_READ, "old");
        Os.close(n);
        s.unregister(n);
        TestCalls.dup2(fresh.first().fileno(), n);
        cleanup.push(() -> Os.close(n));
        SelectorKey key = s.register(n, EVENT_READ, "new");
        old.second().send(MSG);
        assertEquals(List.of(), s.select(0.2), "the old file is readable, the file now behind fd " + n + " is not");
        fresh.second().send(MSG);
        assertEquals(List.of(new SelectedKey(key, EVENT_READ)), s.select(5.0));
        assertEquals(List.of(new SelectedKey(key, EVENT_READ)), s.select(0), "and again: nothing else is watched under " + n);
    }

    @Test
    void unregisterAfterSocketClose() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        NativeSocket rd = p.first();
        NativeSocket wr = p.second();
        SelectorKey rdKey = s.register(rd, EVENT_READ);
        SelectorKey wrKey = s.register(wr, EVENT_WRITE);
        rd.close();
        wr.close();
        assertEquals(rdKey, s.getKey(rd), "a closed socket is still found by identity");
        assertEquals(rdKey, s.unregister(rd));
        assertEquals(wrKey, s.unregister(wr));
        assertTrue(s.getMap().isEmpty());
    }

    // ---- modify ----

    @Test
    void modify() throws IOException {
        BaseSelector s = selector();
        NativeSocket rd = socketpair().first();

        SelectorKey key = s.register(rd, EVENT_READ);
        SelectorKey key2 = s.modify(rd, EVENT_WRITE);
        assertNotEquals(key.events(), key2.events());
        assertEquals(key2, s.getKey(rd));
        s.unregister(rd);

        Object d1 = new Object();
        Object d2 = new Object();
        key = s.register(rd, EVENT_READ, d1);
        key2 = s.modify(rd, EVENT_READ, d2);
        assertEquals(key.events(), key2.events());
        assertSame(d2, key2.data());
        assertEquals(key2, s.getKey(rd));
        assertSame(key2, s.modify(rd, EVENT_READ, d2), "nothing changed: the same key");

        assertThrows(NoSuchElementException.class, () -> s.modify(999999, EVENT_READ), "unknown");
        assertThrows(IllegalArgumentException.class, () -> s.modify(rd, 999999), "unknown event");
        assertEquals(key2, s.getKey(rd), "a refused modify leaves the key as it was");
    }

    @Test
    void modifyOfDataAloneMakesNoSystemCall() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        int fd = p.first().fileno();
        s.register(fd, EVENT_READ, "old");
        p.close(); // any system call on fd would fail now
        SelectorKey key = s.modify(fd, EVENT_READ, "new");
        assertEquals("new", key.data());
        assertEquals(key, s.getKey(fd));
    }

    @Test
    void failedModifyUnregisters() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        int fd = p.first().fileno();
        s.register(fd, EVENT_READ);
        p.close();
        ErrnoException e = assertThrows(ErrnoException.class, () -> s.modify(fd, EVENT_WRITE));
        assertEquals(Errno.EBADF, e.errno(), e.getMessage());
        assertTrue(s.getMap().isEmpty(), "never half-registered");
        assertThrows(NoSuchElementException.class, () -> s.getKey(fd));
        assertTrue(s.select(0).isEmpty());
    }

    // ---- close, get_key, get_map ----

    @Test
    void close() throws IOException {
        BaseSelector s = selector();
        Map<Object, SelectorKey> mapping = s.getMap();
        SocketPair p = socketpair();
        s.register(p.first(), EVENT_READ);
        s.register(p.second(), EVENT_WRITE);

        s.close();
        assertThrows(IllegalStateException.class, () -> s.getKey(p.first()));
        assertThrows(IllegalStateException.class, () -> s.getKey(p.second()));
        assertNull(mapping.get(p.first()));
        assertTrue(mapping.isEmpty());
        assertTrue(s.getMap().isEmpty());
        assertThrows(IllegalStateException.class, () -> s.register(p.first(), EVENT_READ));
        assertThrows(IllegalStateException.class, () -> s.unregister(p.first()));
        assertThrows(IllegalStateException.class, () -> s.modify(p.first(), EVENT_WRITE));
        assertThrows(IllegalStateException.class, () -> s.select(0));
        s.close(); // idempotent
    }

    @Test
    void closeReleasesTheKernelObject() throws Exception {
        int before = openFdCount();
        for (int i = 0; i < 50; i++) {
            BaseSelector s = newSelector();
            s.register(socketpair().first(), EVENT_READ);
            s.close();
        }
        closeEverything();
        int after = openFdCount();
        assertTrue(after < before + 10, "50 selectors opened and closed, fds " + before + " -> " + after);
    }

    private static int openFdCount() throws IOException {
        return ProcessState.openFds();
    }

    @Test
    void tryWithResourcesCloses() throws IOException {
        SocketPair p = socketpair();
        BaseSelector outer;
        try (BaseSelector s = newSelector()) {
            outer = s;
            s.register(p.first(), EVENT_READ);
            s.register(p.second(), EVENT_WRITE);
        }
        assertThrows(IllegalStateException.class, () -> outer.getKey(p.first()));
        assertThrows(IllegalStateException.class, () -> outer.getKey(p.second()));
    }

    @Test
    void getKey() throws IOException {
        BaseSelector s = selector();
        NativeSocket rd = socketpair().first();
        SelectorKey key = s.register(rd, EVENT_READ, "data");
        assertEquals(key, s.getKey(rd));
        assertEquals(key, s.getKey(rd.fileno()), "found by fd as well as by object");
        assertThrows(NoSuchElementException.class, () -> s.getKey(999999));
        assertThrows(IllegalArgumentException.class, () -> s.getKey("not a file"));
    }

    @Test
    void getMap() throws IOException {
        BaseSelector s = selector();
        NativeSocket rd = socketpair().first();

        Map<Object, SelectorKey> keys = s.getMap();
        assertTrue(keys.isEmpty());
        assertEquals(0, keys.size());
        assertEquals(List.of(), List.copyOf(keys.keySet()));

        SelectorKey key = s.register(rd, EVENT_READ, "data");
        assertTrue(keys.containsKey(rd), "live");
        assertTrue(keys.containsKey(rd.fileno()));
        assertEquals(key, keys.get(rd));
        assertEquals(key, keys.get(rd.fileno()));
        assertEquals(key, keys.get((HasFileno) rd::fileno));
        assertEquals(1, keys.size());
        assertEquals(List.of(rd.fileno()), List.copyOf(keys.keySet()));
        assertEquals(List.of(key), List.copyOf(keys.values()));
        assertEquals(Map.of(rd.fileno(), key), keys);

        assertNull(keys.get(999999));
        assertNull(keys.get("not a file"));
        assertFalse(keys.containsKey(-1));

        assertThrows(UnsupportedOperationException.class, () -> keys.remove(rd));
        assertThrows(UnsupportedOperationException.class, () -> keys.put(rd.fileno(), key));
        assertThrows(UnsupportedOperationException.class, keys::clear);
        assertThrows(UnsupportedOperationException.class, () -> keys.keySet().clear());
        assertThrows(UnsupportedOperationException.class, () -> keys.entrySet().iterator().next().setValue(key));
        assertEquals(1, keys.size());

        s.unregister(rd);
        assertTrue(keys.isEmpty(), "live");
    }

    // ---- select ----

    @Test
    void select() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        s.register(p.first(), EVENT_READ);
        SelectorKey wrKey = s.register(p.second(), EVENT_WRITE);
        assertEquals(List.of(new SelectedKey(wrKey, EVENT_WRITE)), s.select());
    }

    @Test
    void selectReadWriteInOneEntry() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        p.second().send("foo".getBytes());
        SelectorKey key = s.register(p.first(), EVENT_READ | EVENT_WRITE);
        assertEquals(List.of(new SelectedKey(key, EVENT_READ | EVENT_WRITE)), s.select());
    }

    @Test
    void hangUpCountsAsReadableAndErrorAsWritable() throws IOException {
        BaseSelector s = selector();
        Pipe readSide = pipe();
        Os.close(readSide.writeFd()); // no data and no writer: the kernel reports only POLLHUP
        SelectorKey r = s.register(readSide.readFd(), EVENT_READ);

        Pipe writeSide = pipe();
        fill(writeSide.writeFd());
        Os.close(writeSide.readFd()); // full and no reader: the kernel reports only POLLERR
        SelectorKey w = s.register(writeSide.writeFd(), EVENT_WRITE);

        Map<SelectorKey, Integer> ready = events(s.select(5.0));
        assertEquals(Map.of(r, EVENT_READ, w, EVENT_WRITE), ready);
    }

    @Test
    void hangUpIsLimitedToTheRegisteredEvents() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        SelectorKey key = s.register(p.first(), EVENT_READ);
        p.second().close();
        assertEquals(List.of(new SelectedKey(key, EVENT_READ)), s.select(5.0));
    }

    /** Writes to a non-blocking pipe until it is full. */
    private static void fill(int fd) throws IOException {
        Os.setBlocking(fd, false);
        byte[] chunk = new byte[1 << 16];
        for (int i = 0; i < 1024; i++) {
            try {
                Os.write(fd, chunk);
            } catch (ErrnoException e) {
                assertEquals(Errno.EAGAIN, e.errno(), e.getMessage());
                return;
            }
        }
        fail("pipe never filled");
    }

    private static Map<SelectorKey, Integer> events(List<SelectedKey> ready) {
        Map<SelectorKey, Integer> m = new HashMap<>();
        for (SelectedKey k : ready) {
            assertEquals(null, m.put(k.key(), k.events()), "one entry per key: " + ready);
        }
        return m;
    }

    @Test
    void twelveSocketpairsRoundTrip() throws IOException {
        BaseSelector s = selector();
        final int sockets = 12;
        List<NativeSocket> writers = new ArrayList<>();
        Map<NativeSocket, NativeSocket> r2w = new HashMap<>();
        Map<NativeSocket, NativeSocket> w2r = new HashMap<>();
        for (int i = 0; i < sockets; i++) {
            SocketPair p = socketpair();
            s.register(p.first(), EVENT_READ);
            s.register(p.second(), EVENT_WRITE);
            writers.add(p.second());
            r2w.put(p.first(), p.second());
            w2r.put(p.second(), p.first());
        }
        Random random = new Random(18963);
        List<byte[]> bufs = new ArrayList<>();
        while (!writers.isEmpty()) {
            List<Object> readyWriters = matching(s.select(), EVENT_WRITE);
            assertEquals(writers.size(), readyWriters.size(), "every registered writer is writable");
            NativeSocket wr = (NativeSocket) readyWriters.get(random.nextInt(readyWriters.size()));
            wr.send(MSG);

            List<Object> readyReaders = matching(s.select(5.0), EVENT_READ);
            assertEquals(List.of(w2r.get(wr)), readyReaders);
            NativeSocket rd = (NativeSocket) readyReaders.get(0);
            bufs.add(rd.recv(MSG.length));
            s.unregister(r2w.get(rd));
            s.unregister(rd);
            writers.remove(r2w.get(rd));
        }
        assertEquals(sockets, bufs.size());
        for (byte[] b : bufs) {
            assertEquals(new String(MSG), new String(b));
        }
        assertTrue(s.getMap().isEmpty());
    }

    private static List<Object> matching(List<SelectedKey> ready, int flag) {
        List<Object> match = new ArrayList<>();
        for (SelectedKey k : ready) {
            if ((k.events() & flag) != 0) {
                match.add(k.key().fileobj());
            }
        }
        return match;
    }

    @Test
    void emptySelect() throws IOException {
        BaseSelector s = selector();
        assertEquals(List.of(), s.select(0));
        assertEquals(List.of(), s.select(Duration.ZERO));
        assertEquals(List.of(), s.select(0.01));
    }

    @Test
    void timeout() throws IOException {
        BaseSelector s = selector();
        SocketPair p = socketpair();

        s.register(p.second(), EVENT_WRITE);
        long t = System.nanoTime();
        assertEquals(1, s.select(0).size());
        assertEquals(1, s.select(-1).size());
        assertEquals(1, s.select(Duration.ofSeconds(-1)).size());
        assertTrue(seconds(System.nanoTime() - t) < 0.5);

        s.unregister(p.second());
        s.register(p.first(), EVENT_READ);
        t = System.nanoTime();
        assertTrue(s.select(0).isEmpty());
        assertTrue(s.select(-1).isEmpty());
        assertTrue(seconds(System.nanoTime() - t) < 0.5);

        t = System.nanoTime();
        assertTrue(s.select(1).isEmpty());
        double dt = seconds(System.nanoTime() - t);
        assertTrue(dt >= 1.0 && dt <= 3.0, "select(1) took " + dt + " s");

        t = System.nanoTime();
        assertTrue(s.select(Duration.ofMillis(300)).isEmpty());
        dt = seconds(System.nanoTime() - t);
        assertTrue(dt >= 0.3 && dt <= 2.3, "select(300 ms) took " + dt + " s");

        assertThrows(IllegalArgumentException.class, () -> s.select(Double.NaN));
    }

    /** Python raises OverflowError for a timeout the system call cannot take; so does jselect, before waiting. */
    @Test
    void timeoutOutOfRange() throws IOException {
        BaseSelector s = selector();
        s.register(socketpair().second(), EVENT_WRITE);
        assertThrows(IllegalArgumentException.class, () -> s.select(1e300));
        assertThrows(IllegalArgumentException.class, () -> s.select(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> s.select(Duration.ofSeconds(Long.MAX_VALUE)));
        if (!(s instanceof SelectSelector)) { // poll(2) and epoll_wait(2) take int milliseconds
            assertThrows(IllegalArgumentException.class, () -> s.select(2147483.648));
        }
        assertEquals(1, s.select(Double.NEGATIVE_INFINITY).size(), "negative polls, however large");
        assertEquals(1, s.select(2147483.647).size(), "the largest timeout poll and epoll take");
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Test
    void selectWithoutTimeoutReturnsWhenReady() throws Exception {
        BaseSelector s = selector();
        SocketPair p = socketpair();
        SelectorKey key = s.register(p.first(), EVENT_READ);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(200);
                p.second().send(MSG);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(List.of(new SelectedKey(key, EVENT_READ)), s.select());
        assertEquals(List.of(new SelectedKey(key, EVENT_READ)), s.select((Duration) null));
        writer.join();
    }

    // ---- threads ----

    /** CPython's poll RuntimeError as the model: one thread selects at a time. */
    @Test
    void aSecondConcurrentSelectIsIllegalState() throws Exception {
        BaseSelector s = selector();
        Pipe p = pipe();
        SelectorKey key = s.register(p.readFd(), EVENT_READ);
        CompletableFuture<List<SelectedKey>> first = CompletableFuture.supplyAsync(() -> {
            for (;;) {
                try {
                    return s.select(30.0);
                } catch (IllegalStateException startedWhileTheOtherThreadPolled) {
                    Thread.onSpinWait();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, task -> Thread.ofPlatform().start(task));
        IllegalStateException refused = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (refused == null && System.nanoTime() < deadline) {
            try {
                s.select(0);
                Thread.sleep(1);
            } catch (IllegalStateException e) {
                refused = e;
            }
        }
        assertNotNull(refused, "a select while another thread selects was refused");
        assertTrue(refused.getMessage().contains("concurrent"), refused.getMessage());
        Os.write(p.writeFd(), MSG);
        assertEquals(List.of(new SelectedKey(key, EVENT_READ)), first.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(new SelectedKey(key, EVENT_READ)), s.select(0), "free again once it returned");
    }

    /**
     * Threads register, write, wait to be told and unregister while one thread selects in a
     * loop: every registration's byte is reported with that registration's data (a report that
     * never comes is a lost event), whatever the interleaving.
     */
    @Test
    void registrationsFromOtherThreadsWhileOneSelectsAreAllServed() throws Exception {
        BaseSelector s = selector();
        Map<Object, Semaphore> reported = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread selecting = Thread.ofPlatform().start(() -> {
            try {
                while (!done.get()) {
                    for (SelectedKey k : s.select(0.005)) {
                        reported.get(k.key().data()).release();
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        List<Thread> mutators = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            List<Pipe> pipes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Pipe p = pipe();
                Os.setBlocking(p.readFd(), false);
                pipes.add(p);
            }
            Random random = new Random(m);
            mutators.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 0; round < 100; round++) {
                        Pipe p = pipes.get(random.nextInt(pipes.size()));
                        Object token = new Object();
                        reported.put(token, new Semaphore(0));
                        s.register(p.readFd(), EVENT_READ, token);
                        Os.write(p.writeFd(), MSG);
                        // a report may predate the read of an earlier round: wait for one with data
                        do {
                            assertTrue(reported.get(token).tryAcquire(10, TimeUnit.SECONDS), "lost event in round " + round);
                        } while (!readSome(p.readFd()));
                        s.unregister(p.readFd());
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : mutators) {
            t.join();
        }
        done.set(true);
        selecting.join();
        assertEquals(List.of(), failures);
        assertTrue(s.getMap().isEmpty());
    }

    private static boolean readSome(int fd) throws IOException {
        try {
            return Os.read(fd, 100).length > 0;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) {
                return false;
            }
            throw e;
        }
    }

    // ---- ScalableSelectorMixIn.test_above_fd_setsize ----

    /**
     * Poll and epoll watch more than 4000 fds at once. select(2) cannot watch an fd at or above
     * FD_SETSIZE: as Python's, SelectSelector registers it and select() refuses it (ValueError),
     * naming the alternatives.
     */
    @Test
    void aboveFdSetsize() throws IOException {
        final int pairs = 2100;
        cleanup.push(FdLimit.atLeast(2L * pairs + 256)); // restored last, once every fd is closed
        BaseSelector s = selector();
        if (s instanceof SelectSelector) {
            Pipe p = pipe();
            int high = FdCalls.fcntl(p.readFd(), Platform.constant("F_DUPFD_CLOEXEC"), Select.FD_SETSIZE);
            cleanup.push(() -> Os.close(high));
            s.register(high, EVENT_READ);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.select(0));
            assertTrue(e.getMessage().contains("out of range") && e.getMessage().contains("PollSelector")
                    && e.getMessage().contains("EpollSelector"), e.getMessage());
            assertEquals(1, s.getMap().size());
            return;
        }
        int highest = 0;
        for (int i = 0; i < pairs; i++) {
            SocketPair p = socketpair();
            s.register(p.first(), EVENT_READ);
            s.register(p.second(), EVENT_WRITE);
            highest = Math.max(highest, p.second().fileno());
        }
        assertTrue(highest >= Select.FD_SETSIZE, "fds above FD_SETSIZE are in use: " + highest);
        assertEquals(2 * pairs, s.getMap().size());
        List<SelectedKey> ready = s.select();
        assertEquals(pairs, ready.size());
        for (SelectedKey k : ready) {
            assertEquals(EVENT_WRITE, k.events());
        }
    }

    // ---- a selectors-based server ----

    @Test
    void echoServerServes200ConcurrentClients() throws Exception {
        new EchoServerCheck(this::newSelector, 200, 64 * 1024).run();
    }
}
