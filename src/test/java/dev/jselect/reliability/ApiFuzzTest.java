package dev.jselect.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.Epoll;
import dev.jselect.ErrnoException;
import dev.jselect.FdSet;
import dev.jselect.HasFileno;
import dev.jselect.Poll;
import dev.jselect.Select;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.Timeouts;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.SelectorKinds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property-based fuzzing of the public API with jqwik: random call sequences with arbitrary fds,
 * masks, timeouts, maxevents, buffer sizes and file objects on Epoll, Poll, Select.select, FdSet,
 * the three selectors, NativeSocket and Os. The only acceptable outcomes of a call are a normal
 * return and the documented exceptions ({@link ErrnoException}, {@link IllegalArgumentException},
 * {@link IllegalStateException}, {@link NoSuchElementException}); anything else fails the
 * property (and jqwik shrinks it to a smallest failing sequence). Every try ends with as many
 * fds open as it started with.
 *
 * <p>The "arbitrary" fds never reach an fd that this test did not make, since a random fd could
 * be one of the JVM's or surefire's: they are negative numbers, numbers of 2^20 and above (never
 * open), numbers at or above FD_SETSIZE that were checked closed, and the fds each try opens
 * itself (a pipe, a socketpair, an epoll fd), all nonblocking. Timeouts are arbitrary too, but a
 * valid one that would block for more than a millisecond is shortened to 1 ms so that every
 * run is bounded (the conversions of the long ones are covered by TimeoutsTest).
 *
 * <p>Tries per property: {@code jqwik.tries.default} in junit-platform.properties for
 * {@code mvn verify}; {@code mvn verify -Dsoak=long} raises it (pom.xml's {@code soak-long} profile).
 */
// Own.close() declares Exception because it closes AutoCloseables; none of them throws InterruptedException.
@SuppressWarnings("try")
class ApiFuzzTest {
    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final int HUGE_FD = 1 << 20;
    private static final List<Integer> CLOSED_HIGH = closedHighFds();

    // ---- the domains ----

    /** An fd as the fuzzer picks it: a raw number that is never open, or the i-th fd this try opened. */
    record Fd(int raw, int own) {
        int resolve(Own fds) {
            return own < 0 ? raw : fds.fds.get(own % fds.fds.size());
        }

        @Override
        public String toString() {
            return own < 0 ? "fd " + raw : "own fd #" + own;
        }
    }

    /** One call: {@code kind} picks the method; the other fields are its arguments, used as that method needs. */
    record Call(int kind, Fd fd, int mask, double seconds, long millis, int n) {}

    static Arbitrary<Fd> fds() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().lessOrEqual(-1).map(n -> new Fd(n, -1))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(HUGE_FD, Integer.MAX_VALUE).map(n -> new Fd(n, -1))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(CLOSED_HIGH).map(n -> new Fd(n, -1))),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 31).map(i -> new Fd(-1, i))));
    }

    static Arbitrary<Integer> masks() {
        return Arbitraries.oneOf(
                Arbitraries.integers(),
                Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.of(Select.EPOLLIN, Select.EPOLLOUT, Select.EPOLLIN | Select.EPOLLET, Select.EPOLLIN | Select.EPOLLONESHOT,
                        Select.EPOLLIN | Select.EPOLLEXCLUSIVE, Select.EPOLLRDHUP | Select.EPOLLPRI, 0, -1, 1, 2, 3,
                        Integer.MIN_VALUE, Integer.MAX_VALUE, 0x10000));
    }

    static Arbitrary<Double> seconds() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-0.01, 0.01),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, -0.0005, 1e-9,
                        Double.MIN_VALUE, -1.0, 2147483.647, 2147483.648, 9.3e9, -9.3e9, Double.MAX_VALUE, -Double.MAX_VALUE));
    }

    static Arbitrary<Long> millis() {
        return Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(-3, 5),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
                        (long) Integer.MIN_VALUE, Integer.MIN_VALUE - 1L));
    }

    static Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(
                Arbitraries.integers(),
                Arbitraries.integers().between(-2, 70_000),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1, 64, 65, 1 << 20, (1 << 20) + 1));
    }

    static Arbitrary<List<Call>> calls(int kinds) {
        return Combinators.combine(Arbitraries.integers().between(0, kinds - 1), fds(), masks(), seconds(), millis(), sizes())
                .as(Call::new).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Double> anySeconds() {
        return seconds();
    }

    @Provide
    Arbitrary<Long> anyMillis() {
        return millis();
    }

    @Provide
    Arbitrary<List<Call>> epollCalls() {
        return calls(13);
    }

    @Provide
    Arbitrary<List<Call>> pollCalls() {
        return calls(9);
    }

    @Provide
    Arbitrary<List<Call>> selectCalls() {
        return calls(3);
    }

    @Provide
    Arbitrary<List<Call>> selectorCalls() {
        return calls(12);
    }

    @Provide
    Arbitrary<List<Call>> ioCalls() {
        return calls(7);
    }

    // ---- the properties ----

    @Property
    void epollSurvivesAnyCallSequence(@ForAll("epollCalls") List<Call> calls) throws Exception {
        if (!Select.hasEpoll()) {
            return; // Linux only
        }
        int fdsBefore = ProcessState.openFds();
        try (Own own = new Own()) {
            Epoll ep = own.keep(Select.epoll());
            for (Call c : calls) {
                int fd = c.fd().resolve(own);
                call(() -> {
                    switch (c.kind()) {
                        case 0 -> ep.register(fd, c.mask());
                        case 1 -> ep.register(fd);
                        case 2 -> ep.modify(fd, c.mask());
                        case 3 -> ep.unregister(fd);
                        case 4 -> ep.poll(bounded(c.seconds(), Timeouts::epollMillis, 1_000), c.n());
                        case 5 -> ep.poll(bounded(c.seconds(), Timeouts::epollMillis, 1_000));
                        case 6 -> ep.fileno();
                        case 7 -> ep.close();
                        case 8 -> ep.register(own.socket(c.n()), c.mask());
                        case 9 -> Epoll.fromFd(c.fd().own() < 0 ? c.fd().raw() : -1).close(); // never an fd in use
                        case 10 -> Epoll.open(c.n(), c.mask()).close();
                        case 11 -> ep.wakeup();
                        default -> ep.isClosed();
                    }
                });
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after " + calls);
    }

    @Property
    void pollSurvivesAnyCallSequence(@ForAll("pollCalls") List<Call> calls) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (Own own = new Own()) {
            Poll p = own.keep(Select.poll());
            for (Call c : calls) {
                int fd = c.fd().resolve(own);
                call(() -> {
                    switch (c.kind()) {
                        case 0 -> p.register(fd, c.mask());
                        case 1 -> p.register(fd);
                        case 2 -> p.modify(fd, c.mask());
                        case 3 -> p.unregister(fd);
                        case 4 -> p.poll(bounded(c.millis(), Timeouts::pollMillis));
                        case 5 -> p.poll(boundedDuration(Duration.ofNanos(c.millis()), Timeouts::pollMillis, 1_000));
                        case 6 -> p.register(own.socket(c.n()), c.mask());
                        case 7 -> p.wakeup();
                        default -> p.close();
                    }
                });
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after " + calls);
    }

    @Property
    void selectSurvivesAnyArguments(@ForAll("selectCalls") List<Call> r, @ForAll("selectCalls") List<Call> w,
            @ForAll("selectCalls") List<Call> x, @ForAll("anySeconds") double seconds, @ForAll("anyMillis") long nanos) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (Own own = new Own()) {
            List<Object> rl = own.fileobjs(r);
            List<Object> wl = own.fileobjs(w);
            List<Object> xl = own.fileobjs(x);
            call(() -> Select.select(rl, wl, xl, bounded(seconds, Timeouts::selectMicros, 1_000_000)));
            call(() -> Select.select(rl, wl, xl, boundedDuration(Duration.ofNanos(nanos), Timeouts::selectMicros, 1_000_000)));
            call(() -> Select.select(rl, null, xl, 0));
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after select");
    }

    /** FdSet against a BitSet model: the same answers for every in-range fd, IllegalArgumentException for the others. */
    @Property
    void fdSetIsABoundsCheckedBitSet(@ForAll("selectCalls") List<Call> calls) {
        FdSet set = new FdSet();
        BitSet model = new BitSet();
        for (Call c : calls) {
            int fd = c.fd().own() >= 0 ? c.fd().own() * 37 % (Select.FD_SETSIZE + 64) : c.fd().raw();
            boolean inRange = fd >= 0 && fd < Select.FD_SETSIZE;
            call(() -> {
                switch (c.kind()) {
                    case 0 -> set.set(fd);
                    case 1 -> set.clear(fd);
                    default -> assertEquals(inRange && model.get(fd), set.isSet(fd));
                }
            });
            if (inRange) {
                switch (c.kind()) {
                    case 0 -> model.set(fd);
                    case 1 -> model.clear(fd);
                    default -> { }
                }
            }
        }
        for (int fd = 0; fd < Select.FD_SETSIZE; fd++) {
            assertEquals(model.get(fd), set.isSet(fd), "fd " + fd);
        }
    }

    @Property
    void selectorsSurviveAnyCallSequence(@ForAll("selectorCalls") List<Call> calls, @ForAll("selectorKinds") int kind) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (Own own = new Own()) {
            BaseSelector s = own.keep(SelectorKinds.open(List.of("select", "poll", "epoll").get(kind)));
            for (Call c : calls) {
                Object fileobj = own.fileobj(c);
                call(() -> {
                    switch (c.kind()) {
                        case 0 -> s.register(fileobj, c.mask(), c.millis());
                        case 1 -> s.register(fileobj, c.mask() & 3);
                        case 2 -> s.modify(fileobj, c.mask(), c.n());
                        case 3 -> s.modify(fileobj, c.mask() & 3);
                        case 4 -> s.unregister(fileobj);
                        case 5 -> s.getKey(fileobj);
                        case 6 -> s.getMap().get(fileobj);
                        case 7 -> s.select(bounded(c.seconds(), t -> selectorNanos(kind, t), 1_000_000_000));
                        case 8 -> s.select(boundedDuration(Duration.ofNanos(c.millis()), t -> selectorNanos(kind, t), 1_000_000_000));
                        case 9 -> s.close();
                        case 10 -> s.wakeup();
                        default -> own.closeSocket(c.n()); // closes a registered socket under the selector
                    }
                });
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after " + calls);
    }

    @Provide
    Arbitrary<Integer> selectorKinds() {
        return Arbitraries.integers().between(0, Select.hasEpoll() ? 2 : 1);
    }

    /** Reads and writes of arbitrary sizes into arbitrary buffers, on this try's own nonblocking fds. */
    @Property
    void ioSurvivesAnyBufferSize(@ForAll("ioCalls") List<Call> calls) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (Own own = new Own()) {
            for (Call c : calls) {
                int fd = own.fds.get(Math.floorMod(c.fd().own() < 0 ? c.fd().raw() : c.fd().own(), own.fds.size()));
                NativeSocket sock = own.socket(c.n());
                int size = Math.floorMod(c.n(), 200_000);
                call(() -> {
                    switch (c.kind()) {
                        case 0 -> Os.read(fd, c.n());
                        case 1 -> Os.write(fd, new byte[size]);
                        case 2 -> sock.recv(c.n());
                        case 3 -> sock.recvInto(buffer(c));
                        case 4 -> sock.send(new byte[size]);
                        case 5 -> sock.send(buffer(c));
                        default -> sock.sendAll(new byte[Math.min(size, 1000)]);
                    }
                });
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after " + calls);
    }

    /** A heap or direct buffer of up to 200 000 bytes with an arbitrary position and limit. */
    private static ByteBuffer buffer(Call c) {
        int capacity = Math.floorMod(c.mask(), 200_000);
        ByteBuffer b = (c.millis() & 1) == 0 ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
        int limit = capacity == 0 ? 0 : Math.floorMod(c.n(), capacity + 1);
        b.limit(limit);
        b.position(limit == 0 ? 0 : Math.floorMod((int) (c.millis() >> 1), limit + 1));
        return (c.millis() & 2) == 0 ? b : b.slice();
    }

    @AfterContainer
    static void report() {
        System.out.println("ApiFuzzTest: " + CALLS.get() + " calls, " + REFUSED.get() + " refused with a documented exception");
    }

    // ---- running one call ----

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private static void call(Action action) {
        CALLS.incrementAndGet();
        try {
            action.run();
        } catch (ErrnoException | IllegalArgumentException | IllegalStateException | NoSuchElementException documented) {
            REFUSED.incrementAndGet();
        } catch (Throwable t) {
            throw new AssertionError("undocumented outcome: " + t, t);
        }
    }

    /** How long a valid timeout waits (negative: forever), in the unit of {@code convert}. */
    @FunctionalInterface
    interface Convert<T> {
        long units(T timeout);
    }

    /** {@code t} itself, unless it is valid and waits longer than 1 ms (or forever): then 1 ms. */
    private static double bounded(double t, Convert<Double> convert, long unitsPerSecond) {
        long units;
        try {
            units = convert.units(t);
        } catch (IllegalArgumentException invalid) {
            return t; // the call must refuse it before waiting
        }
        return units < 0 || units > unitsPerSecond / 1000 ? 0.001 : t;
    }

    private static Duration boundedDuration(Duration t, Convert<Duration> convert, long unitsPerSecond) {
        long units;
        try {
            units = convert.units(t);
        } catch (IllegalArgumentException invalid) {
            return t;
        }
        return units < 0 || units > unitsPerSecond / 1000 ? Duration.ofMillis(1) : t;
    }

    private static long bounded(long millis, Convert<Long> convert) {
        long units;
        try {
            units = convert.units(millis);
        } catch (IllegalArgumentException invalid) {
            return millis;
        }
        return units < 0 || units > 1 ? 1 : millis;
    }

    /**
     * How long a selector's select(seconds) waits, in nanoseconds: zero or negative polls; select(2)
     * takes up to about 292 years, poll and epoll up to 2^31-1 ms (beyond: IllegalArgumentException).
     */
    private static long selectorNanos(int kind, double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        long nanos = Timeouts.nanosFromSeconds(seconds);
        if (kind != 0) {
            Timeouts.epollMillis(seconds);
        }
        return nanos;
    }

    /** As {@link #selectorNanos(int, double)} for select(Duration), which the selectors take in nanoseconds. */
    private static long selectorNanos(int kind, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            throw new IllegalArgumentException(tooLong);
        }
        if (kind != 0) {
            Timeouts.epollMillis(Math.ceilDiv(nanos, 1_000_000) / 1e3);
        }
        return nanos;
    }

    /** Numbers at or above FD_SETSIZE that are not open now (and that this process will not reach). */
    private static List<Integer> closedHighFds() {
        List<Integer> closed = new ArrayList<>();
        for (int fd = Select.FD_SETSIZE; closed.size() < 8 && fd < Select.FD_SETSIZE + 4096; fd += 97) {
            try {
                FdCalls.fcntl(fd, Platform.constant("F_GETFD"), 0);
            } catch (ErrnoException notOpen) {
                closed.add(fd);
            }
        }
        return closed;
    }

    // ---- the fds each try owns ----

    /** A pipe, a socketpair and an epoll fd (all nonblocking), and whatever else the try opens; closed at the end. */
    static final class Own implements AutoCloseable {
        final List<Integer> fds = new ArrayList<>();
        private final List<AutoCloseable> closeables = new ArrayList<>();
        private final List<NativeSocket> sockets = new ArrayList<>();
        private final Epoll closedEpoll;

        Own() throws IOException {
            Pipe pipe = keep(Os.pipe());
            SocketPair pair = keep(NativeSocket.socketpair());
            sockets.add(pair.first());
            sockets.add(pair.second());
            fds.addAll(List.of(pipe.readFd(), pipe.writeFd(), pair.first().fileno(), pair.second().fileno()));
            if (Select.hasEpoll()) {
                fds.add(keep(Select.epoll()).fileno());
                closedEpoll = Select.epoll();
                closedEpoll.close();
            } else {
                closedEpoll = null;
            }
            for (int fd : fds) {
                Os.setBlocking(fd, false);
            }
        }

        <T extends AutoCloseable> T keep(T closeable) {
            closeables.add(closeable);
            return closeable;
        }

        NativeSocket socket(int i) {
            return sockets.get(Math.floorMod(i, sockets.size()));
        }

        void closeSocket(int i) throws IOException {
            socket(i).close();
        }

        /** A file object for select and the selectors: an Integer, a socket, a HasFileno, a closed epoll, null, or not a file. */
        Object fileobj(Call c) {
            int fd = c.fd().resolve(this);
            return switch (Math.floorMod(c.n(), 8)) {
                case 0, 1, 2 -> fd;
                case 3 -> socket(c.mask());
                case 4 -> (HasFileno) () -> fd;
                case 5 -> closedEpoll == null ? fd : closedEpoll; // fileno() throws IllegalStateException
                case 6 -> null;
                default -> "not a file";
            };
        }

        List<Object> fileobjs(List<Call> calls) {
            List<Object> objs = new ArrayList<>();
            for (Call c : calls) {
                objs.add(fileobj(c));
            }
            return objs;
        }

        @Override
        public void close() throws Exception {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                closeables.get(i).close();
            }
        }
    }
}
