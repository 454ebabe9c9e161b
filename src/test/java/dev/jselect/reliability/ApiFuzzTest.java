package dev.jselect.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.Epoll;
import dev.jselect.ErrnoException;
import dev.jselect.FdSet;
import dev.jselect.Poll;
import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.internal.sys.Platform;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.Timeouts;
import dev.jselect.net.NativeSocket;
import dev.jselect.os.Os;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.SelectorKinds;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Property-based fuzzing of the public API with jqwik: random call sequences with arbitrary fds,
 * masks, timeouts, maxevents, buffer sizes and file objects on Epoll, Poll, Select.select, FdSet,
 * the three selectors, NativeSocket and Os. Epoll, Poll, FdSet and the selectors are checked
 * against a model of what the kernel and Python do ({@link EpollModel}, {@link PollModel},
 * {@link SelectorModel}, a BitSet): which registrations exist, which call must return and
 * which must throw which documented exception (with which errno), and what each wait must
 * report for the try's fds, whose readiness is known (a pipe holding data, a connected
 * socketpair, an empty epoll). Calls no model predicts (odd file objects for select, reads and
 * writes of any size) may only return or throw a documented exception
 * ({@link dev.jselect.ErrnoException}, {@link IllegalArgumentException},
 * {@link IllegalStateException}, {@link java.util.NoSuchElementException}). jqwik shrinks a
 * failure to a smallest failing sequence. Every try ends with as many fds open as it started.
 *
 * <p>The "arbitrary" fds never reach an fd that this test did not make, since a random fd could
 * be one of the JVM's or surefire's: they are negative numbers, numbers of 2^20 and above (never
 * open), numbers at or above FD_SETSIZE that were checked closed, and the fds each try opens
 * itself ({@link FuzzFds}). Timeouts are arbitrary too, but a valid one that would block for
 * more than a millisecond is shortened to 1 ms so that every run is bounded (the conversions of
 * the long ones are covered by TimeoutsTest).
 *
 * <p>Tries per property: {@code jqwik.tries.default} in junit-platform.properties for
 * {@code mvn verify}; {@code mvn verify -Dsoak=long} raises it (pom.xml's {@code soak-long} profile).
 */
// FuzzFds.close() declares Exception because it closes AutoCloseables; none of them throws InterruptedException.
@SuppressWarnings("try")
@Tag("soak")
class ApiFuzzTest {
    private static final int EPOLL_DEFAULT = Select.EPOLLIN | Select.EPOLLPRI | Select.EPOLLOUT;
    private static final int POLL_DEFAULT = Select.POLLIN | Select.POLLPRI | Select.POLLOUT;
    private static final int HUGE_FD = 1 << 20;
    private static final List<Integer> CLOSED_HIGH = closedHighFds();

    // ---- the domains ----

    /** An fd as the fuzzer picks it: a raw number that is never open, or the i-th fd this try opened. */
    record Fd(int raw, int own) {
        int resolve(FuzzFds fds) {
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

    /** Epoll against {@link EpollModel}: what each call must return or throw, and what each wait must report. */
    @Property
    @AddLifecycleHook(OnlyWithEpoll.class)
    void epollDoesWhatItsModelSays(@ForAll("epollCalls") List<Call> calls) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (FuzzFds own = new FuzzFds()) {
            Epoll ep = own.keep(Select.epoll());
            EpollModel model = new EpollModel(own);
            for (Call c : calls) {
                int fd = c.fd().resolve(own);
                int mask = c.mask();
                switch (c.kind()) {
                    case 0 -> model.register(fd, mask, () -> ep.register(fd, mask));
                    case 1 -> model.register(fd, EPOLL_DEFAULT, () -> ep.register(fd));
                    case 2 -> model.modify(fd, mask, () -> ep.modify(fd, mask));
                    case 3 -> model.unregister(fd, () -> ep.unregister(fd));
                    case 4 -> {
                        double t = bounded(c.seconds(), Timeouts::epollMillis, 1_000);
                        model.poll(valid(() -> Timeouts.epollMillis(t)), c.n(), () -> ep.poll(t, c.n()));
                    }
                    case 5 -> {
                        double t = bounded(c.seconds(), Timeouts::epollMillis, 1_000);
                        model.poll(valid(() -> Timeouts.epollMillis(t)), -1, () -> ep.poll(t));
                    }
                    case 6 -> (model.closed ? Expect.throwsOneOf(IllegalStateException.class) : Expect.returns()).check("fileno", ep::fileno);
                    case 7 -> {
                        Expect.returns().check("close", ep::close);
                        model.closed = true;
                    }
                    case 8 -> {
                        NativeSocket sock = own.socket(c.n());
                        model.register(sock.fileno(), mask, () -> ep.register(sock, mask));
                    }
                    case 9 -> call(() -> Epoll.fromFd(c.fd().own() < 0 ? c.fd().raw() : -1).close()); // never an fd in use
                    case 10 -> call(() -> Epoll.open(c.n(), c.mask()).close());
                    case 11 -> {
                        Expect.returns().check("wakeup", ep::wakeup); // does nothing once closed
                        model.wakeupPending = true;
                    }
                    default -> assertEquals(model.closed, ep.isClosed());
                }
            }
            if (!model.closed) {
                model.poll(true, -1, () -> ep.poll(0));
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after " + calls);
    }

    /** Poll against {@link PollModel}. */
    @Property
    void pollDoesWhatItsModelSays(@ForAll("pollCalls") List<Call> calls) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (FuzzFds own = new FuzzFds()) {
            Poll p = own.keep(Select.poll());
            PollModel model = new PollModel(own);
            for (Call c : calls) {
                int fd = c.fd().resolve(own);
                int mask = c.mask();
                switch (c.kind()) {
                    case 0 -> model.register(fd, mask, () -> p.register(fd, mask));
                    case 1 -> model.register(fd, POLL_DEFAULT, () -> p.register(fd));
                    case 2 -> model.modify(fd, mask, () -> p.modify(fd, mask));
                    case 3 -> model.unregister(fd, () -> p.unregister(fd));
                    case 4 -> {
                        long t = bounded(c.millis(), Timeouts::pollMillis);
                        model.poll(valid(() -> Timeouts.pollMillis(t)), () -> p.poll(t));
                    }
                    case 5 -> {
                        Duration t = boundedDuration(Duration.ofNanos(c.millis()), Timeouts::pollMillis, 1_000);
                        model.poll(valid(() -> Timeouts.pollMillis(t)), () -> p.poll(t));
                    }
                    case 6 -> {
                        NativeSocket sock = own.socket(c.n());
                        model.register(sock.fileno(), mask, () -> p.register(sock, mask));
                    }
                    case 7 -> Expect.returns().check("wakeup", p::wakeup); // does nothing once closed
                    default -> {
                        Expect.returns().check("close", p::close);
                        model.closed = true;
                    }
                }
            }
            if (!model.closed) {
                model.poll(true, () -> p.poll(0L));
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after " + calls);
    }

    /**
     * Select.select with arbitrary lists and timeouts. When every file object is one of the try's
     * open fds, the result is exactly what is ready: the pipe's read end readable, the pipe's
     * write end and the sockets writable, nothing exceptional.
     */
    @Property
    void selectSurvivesAnyArguments(@ForAll("selectCalls") List<Call> r, @ForAll("selectCalls") List<Call> w,
            @ForAll("selectCalls") List<Call> x, @ForAll("anySeconds") double seconds, @ForAll("anyMillis") long nanos) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (FuzzFds own = new FuzzFds()) {
            List<Object> rl = own.fileobjs(r);
            List<Object> wl = own.fileobjs(w);
            List<Object> xl = own.fileobjs(x);
            call(() -> Select.select(rl, wl, xl, bounded(seconds, Timeouts::selectMicros, 1_000_000)));
            call(() -> Select.select(rl, wl, xl, boundedDuration(Duration.ofNanos(nanos), Timeouts::selectMicros, 1_000_000)));
            call(() -> Select.select(rl, null, xl, 0));
            if (allOpen(own, rl) && allOpen(own, wl) && allOpen(own, xl)) {
                SelectResult<Object> got = Expect.returns().check("select", () -> Select.select(rl, wl, xl, 0)).value();
                assertEquals(readyOnes(own, rl, Select.POLLIN), got.readable(), "readable");
                assertEquals(readyOnes(own, wl, Select.POLLOUT), got.writable(), "writable");
                assertEquals(List.of(), got.exceptional(), "exceptional");
            }
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "after select");
    }

    private static boolean allOpen(FuzzFds own, List<Object> objs) {
        return objs.stream().allMatch(o -> o instanceof Integer fd && own.isOpen(fd)
                || o instanceof NativeSocket s && own.isOpen(s.fileno()));
    }

    /** The objects of {@code objs} whose fd is ready for {@code event}, in their order. */
    private static List<Object> readyOnes(FuzzFds own, List<Object> objs, int event) {
        List<Object> ready = new ArrayList<>();
        for (Object o : objs) {
            int fd = o instanceof Integer i ? i : ((NativeSocket) o).fileno();
            if ((own.ready(fd) & event) != 0) {
                ready.add(o);
            }
        }
        return ready;
    }

    /** FdSet against a BitSet model: the same answers for every in-range fd, IllegalArgumentException for the others. */
    @Property
    void fdSetIsABoundsCheckedBitSet(@ForAll("selectCalls") List<Call> calls) {
        FdSet set = new FdSet();
        BitSet model = new BitSet();
        for (Call c : calls) {
            int fd = c.fd().own() >= 0 ? c.fd().own() * 37 % (Select.FD_SETSIZE + 64) : c.fd().raw();
            boolean inRange = fd >= 0 && fd < Select.FD_SETSIZE;
            Expect e = inRange ? Expect.returns() : Expect.throwsOneOf(IllegalArgumentException.class);
            e.check("FdSet call " + c.kind() + " on " + fd, () -> {
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

    /** The three selectors against {@link SelectorModel}. */
    @Property
    void selectorsDoWhatTheirModelSays(@ForAll("selectorCalls") List<Call> calls, @ForAll("selectorKinds") int kind) throws Exception {
        int fdsBefore = ProcessState.openFds();
        try (FuzzFds own = new FuzzFds()) {
            BaseSelector s = own.keep(SelectorKinds.open(List.of("select", "poll", "epoll").get(kind)));
            SelectorModel model = new SelectorModel(own);
            for (Call c : calls) {
                Object fileobj = own.fileobj(c);
                switch (c.kind()) {
                    case 0 -> model.register(fileobj, c.mask(), () -> s.register(fileobj, c.mask(), c.millis()));
                    case 1 -> model.register(fileobj, c.mask() & 3, () -> s.register(fileobj, c.mask() & 3));
                    case 2 -> model.modify(fileobj, c.mask(), () -> s.modify(fileobj, c.mask(), c.n()));
                    case 3 -> model.modify(fileobj, c.mask() & 3, () -> s.modify(fileobj, c.mask() & 3));
                    case 4 -> model.unregister(fileobj, () -> s.unregister(fileobj));
                    case 5 -> model.getKey(fileobj, () -> s.getKey(fileobj));
                    case 6 -> model.mapGet(fileobj, () -> s.getMap().get(fileobj));
                    case 7 -> {
                        double t = bounded(c.seconds(), v -> selectorNanos(kind, v), 1_000_000_000);
                        model.select(valid(() -> selectorNanos(kind, t)), () -> s.select(t));
                    }
                    case 8 -> {
                        Duration t = boundedDuration(Duration.ofNanos(c.millis()), v -> selectorNanos(kind, v), 1_000_000_000);
                        model.select(valid(() -> selectorNanos(kind, t)), () -> s.select(t));
                    }
                    case 9 -> {
                        Expect.returns().check("close", s::close);
                        model.closed = true;
                    }
                    case 10 -> call(s::wakeup);
                    default -> {
                        NativeSocket sock = own.socket(c.n());
                        model.closeSocket(sock, () -> own.closeSocket(sock)); // perhaps a registered one, under the selector
                    }
                }
            }
            if (!model.closed) {
                model.select(true, () -> s.select(0));
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
        try (FuzzFds own = new FuzzFds()) {
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

    /** Skips a property, with the reason, where the kernel has no epoll. */
    static final class OnlyWithEpoll implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Select.hasEpoll() ? SkipResult.doNotSkip() : SkipResult.skip("epoll is Linux-only");
        }
    }

    @AfterContainer
    static void report() {
        System.out.println("ApiFuzzTest: " + Expect.CALLS.get() + " calls, " + Expect.PREDICTED.get() + " of them checked against a model, "
                + Expect.REFUSED.get() + " refused with a documented exception");
    }

    // ---- running one call ----

    /** A call the test cannot predict: any documented outcome passes. */
    private static void call(Expect.VoidCall action) {
        Expect.unknown().check("call", action);
    }

    /** Whether {@code conversion} accepts a timeout (the call must then not refuse it). */
    private static boolean valid(Expect.Call<?> conversion) {
        try {
            conversion.run();
            return true;
        } catch (Exception invalid) {
            return false;
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
}
