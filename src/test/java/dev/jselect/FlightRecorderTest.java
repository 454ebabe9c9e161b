package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.internal.jfr.SocketEvents;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.AllocatedBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flight Recorder events {@code dev.jselect.Wait}, {@code dev.jselect.SocketRead} and
 * {@code dev.jselect.SocketWrite}: recorded from real waits and socket calls, read back with
 * {@link RecordingFile}, with their fields; one Wait per public wait; the 20 ms default threshold;
 * and no allocation per call when no recording wants them.
 */
class FlightRecorderTest {
    private static final String WAIT = "dev.jselect.Wait";
    private static final String READ = "dev.jselect.SocketRead";
    private static final String WRITE = "dev.jselect.SocketWrite";

    @TempDir
    Path dir;

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} under a recording of the three events with threshold 0: this thread's events, in order. */
    private List<RecordedEvent> recordAll(Work work) throws Exception {
        try (Recording r = new Recording()) {
            for (String name : List.of(WAIT, READ, WRITE)) {
                r.enable(name).withThreshold(Duration.ZERO).withStackTrace();
            }
            return record(r, work);
        }
    }

    private List<RecordedEvent> record(Recording r, Work work) throws Exception {
        Path file = dir.resolve("recording-" + System.nanoTime() + ".jfr");
        r.setDestination(file);
        r.start();
        try {
            work.run();
        } finally {
            r.stop();
        }
        long me = Thread.currentThread().threadId();
        List<RecordedEvent> mine = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().startsWith("dev.jselect.") && e.getThread() != null
                    && e.getThread().getJavaThreadId() == me) {
                mine.add(e);
            }
        }
        mine.sort(Comparator.comparing(RecordedEvent::getStartTime));
        return mine;
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    /** True when {@code e}'s stack trace has a frame of {@code method} in a class named {@code type} or starting with it. */
    private static boolean calledFrom(RecordedEvent e, String type, String method) {
        assertNotNull(e.getStackTrace(), "a stack trace");
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod().getType().getName().startsWith(type) && f.getMethod().getName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void eventTypesAreRegisteredWithTheJdksDefaults() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair(); Poll p = Select.poll()) { // loads the event classes
            p.register(pair.first(), Select.POLLIN);
            p.poll(0);
        }
        List<String> names = new ArrayList<>();
        for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
            if (t.getName().startsWith("dev.jselect.")) {
                names.add(t.getName());
                assertEquals("true", setting(t, "enabled"), t.getName() + " enabled by default");
                assertEquals(List.of("jselect", t.getName().equals(WAIT) ? "Waits" : "Sockets"), t.getCategoryNames());
                assertEquals("20 ms", setting(t, "threshold"), t.getName());
                assertEquals("true", setting(t, "stackTrace"), t.getName());
            }
        }
        names.sort(null);
        assertEquals(List.of("dev.jselect.SocketRead", "dev.jselect.SocketWrite", "dev.jselect.Wait"), names);
    }

    private static String setting(EventType t, String name) {
        return t.getSettingDescriptors().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow().getDefaultValue();
    }

    @Test
    void everyPublicWaitIsOneWaitEventWithItsFields() throws Exception {
        assumeTrue(Select.hasEpoll(), "epoll_wait is one of the waits recorded");
        try (SocketPair pair = NativeSocket.socketpair(); Epoll ep = Select.epoll(); Poll p = Select.poll();
                BaseSelector sel = Selectors.open()) {
            NativeSocket a = pair.first();
            pair.second().send("ping".getBytes(StandardCharsets.UTF_8));
            ep.register(a, Select.EPOLLIN);
            p.register(a, Select.POLLIN);
            sel.register(a, Selectors.EVENT_READ);
            int[] nfds = new int[1];
            List<RecordedEvent> events = recordAll(() -> {
                assertEquals(List.of(a), Select.select(List.of(a), List.of(), List.of(), 1.0).readable());
                nfds[0] = a.fileno() + 1;
                assertEquals(1, ep.poll(1.0).size());
                assertEquals(1, p.poll().size()); // blocks: Forever
                assertEquals(1, sel.select(1.0).size());
                assertEquals(List.of(), Select.select(List.of(), List.of(), List.of(a), 0.05).exceptional()); // times out
            });
            List<RecordedEvent> waits = named(events, WAIT);
            assertEquals(5, waits.size(), "one event per public wait: " + waits);

            RecordedEvent select = waits.get(0);
            assertEquals("select", select.getString("call"));
            assertEquals(-1, select.getInt("epollFd"));
            assertEquals(nfds[0], select.getLong("count"));
            assertEquals(Duration.ofSeconds(1), select.getDuration("timeout"));
            assertEquals(1, select.getInt("ready"));
            assertTrue(calledFrom(select, "dev.jselect.Select", "select"), "stack trace from Select.select");

            RecordedEvent epoll = waits.get(1);
            assertEquals("epoll_wait", epoll.getString("call"));
            assertEquals(ep.fileno(), epoll.getInt("epollFd"));
            assertTrue(epoll.getLong("count") >= 1, "maxevents");
            assertEquals(Duration.ofSeconds(1), epoll.getDuration("timeout"));
            assertEquals(1, epoll.getInt("ready"));
            assertTrue(calledFrom(epoll, "dev.jselect.Epoll", "poll"), "stack trace from Epoll.poll");

            RecordedEvent poll = waits.get(2);
            assertEquals("poll", poll.getString("call"));
            assertEquals(-1, poll.getInt("epollFd"));
            assertEquals(Long.MAX_VALUE, poll.getLong("timeout"), "a blocking wait's timeout is Forever");
            assertEquals(1, poll.getInt("ready"));
            assertTrue(calledFrom(poll, "dev.jselect.Poll", "poll"), "stack trace from Poll.poll");

            assertTrue(calledFrom(waits.get(3), "dev.jselect.selectors.", "select"), "stack trace from the selector");

            RecordedEvent timedOut = waits.get(4);
            assertEquals(0, timedOut.getInt("ready"));
            assertEquals(Duration.ofMillis(50), timedOut.getDuration("timeout"));
            assertTrue(timedOut.getDuration().toMillis() >= 45, "the event lasts the wait: " + timedOut.getDuration());
            assertEquals(List.of(), named(events, READ), "a wait reads nothing");
        }
    }

    @Test
    void sendAndRecvOnASocketpairAreSocketEvents() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair()) {
            NativeSocket a = pair.first();
            NativeSocket b = pair.second();
            a.setTimeout(2.5);
            byte[][] got = new byte[2][];
            List<RecordedEvent> events = recordAll(() -> {
                assertEquals(5, b.send("hello".getBytes(StandardCharsets.UTF_8)));
                got[0] = a.recv(100);
                b.close();
                got[1] = a.recv(100); // the peer closed: end of stream
            });
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), got[0]);
            assertEquals(0, got[1].length);

            List<RecordedEvent> writes = named(events, WRITE);
            assertEquals(1, writes.size(), writes.toString());
            RecordedEvent write = writes.get(0);
            assertEquals(5, write.getLong("bytesWritten"));
            assertEquals("Unix domain socket", write.getString("host")); // as the JDK shows an AF_UNIX peer
            assertEquals("[]", write.getString("address")); // a socketpair's peer has no path
            assertEquals(0, write.getInt("port"));
            assertTrue(calledFrom(write, "dev.jselect.net.NativeSocket", "send"), "stack trace from NativeSocket.send");

            List<RecordedEvent> reads = named(events, READ);
            assertEquals(2, reads.size(), reads.toString());
            RecordedEvent read = reads.get(0);
            assertEquals(5, read.getLong("bytesRead"));
            assertFalse(read.getBoolean("endOfStream"));
            assertEquals(Duration.ofMillis(2500), read.getDuration("timeout"));
            assertEquals("Unix domain socket", read.getString("host"));
            assertTrue(calledFrom(read, "dev.jselect.net.NativeSocket", "recv"), "stack trace from NativeSocket.recv");
            RecordedEvent eof = reads.get(1);
            assertEquals(0, eof.getLong("bytesRead"));
            assertTrue(eof.getBoolean("endOfStream"));
            assertEquals(List.of(), named(events, WAIT), "a socket call's own wait is inside its event, not a Wait");
        }
    }

    @Test
    void tcpEventsNameThePeer() throws Exception {
        try (NativeSocket server = NativeSocket.createServer("127.0.0.1", 0);
                NativeSocket client = NativeSocket.createConnection("127.0.0.1", server.getSockName().getPort());
                NativeSocket conn = server.accept().socket()) {
            int clientPort = client.getSockName().getPort();
            List<RecordedEvent> events = recordAll(() -> {
                client.sendAll(new byte[3000]);
                int n = 0;
                while (n < 3000) {
                    n += conn.recv(4096).length;
                }
            });
            RecordedEvent write = named(events, WRITE).get(0);
            assertEquals("127.0.0.1", write.getString("host"));
            assertEquals("127.0.0.1", write.getString("address"));
            assertEquals(server.getSockName().getPort(), write.getInt("port"));
            assertEquals(3000, write.getLong("bytesWritten"));
            RecordedEvent read = named(events, READ).get(0);
            assertEquals("127.0.0.1", read.getString("address"));
            assertEquals(clientPort, read.getInt("port"));
            assertEquals(0, read.getLong("timeout"), "a blocking socket has no timeout, as the JDK says it");
        }
    }

    @Test
    void theDefaultThresholdKeepsOnlyWaitsOf20MsOrMore() throws Exception {
        try (SocketPair pair = NativeSocket.socketpair(); Recording r = new Recording()) {
            r.enable(WAIT); // the event's own defaults: 20 ms
            NativeSocket a = pair.first();
            List<RecordedEvent> events = record(r, () -> {
                for (int i = 0; i < 10; i++) {
                    Select.select(List.of(a), List.of(), List.of(), 0.0); // nothing ready, returns at once
                }
                Select.select(List.of(a), List.of(), List.of(), 0.06);
            });
            List<RecordedEvent> waits = named(events, WAIT);
            assertEquals(1, waits.size(), "only the 60 ms wait: " + waits);
            assertEquals(Duration.ofMillis(60), waits.get(0).getDuration("timeout"));
        }
    }

    @Test
    void aVirtualThreadsParkedWaitIsOneEvent() throws Exception {
        assumeTrue(Select.hasEpoll(), "the parked wait here is an epoll_wait");
        try (SocketPair pair = NativeSocket.socketpair(); Epoll ep = Select.epoll(); Recording r = new Recording()) {
            ep.register(pair.first(), Select.EPOLLIN);
            r.enable(WAIT).withThreshold(Duration.ZERO);
            long[] vthread = new long[1];
            List<RecordedEvent> events = new ArrayList<>();
            Path file = dir.resolve("virtual.jfr");
            r.setDestination(file);
            r.start();
            Thread t = Thread.ofVirtual().start(() -> {
                vthread[0] = Thread.currentThread().threadId();
                try {
                    ep.poll(0.05);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            t.join();
            r.stop();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getEventType().getName().equals(WAIT) && e.getThread().getJavaThreadId() == vthread[0]) {
                    events.add(e);
                }
            }
            assertEquals(1, events.size(), "the parks and looks of one wait are one event: " + events);
            assertTrue(events.get(0).getThread().isVirtual());
            assertEquals(0, events.get(0).getInt("ready"));
            assertTrue(events.get(0).getDuration().toMillis() >= 45, events.get(0).getDuration().toString());
        }
    }

    /** Calls measured per allocation check; a byte per call would exceed the slack a hundredfold. */
    private static final int CALLS = 100_000;
    private static final long SLACK_BYTES = 1024;

    @Test
    void withNoRecordingTheWaitsAllocateNothing() throws Exception {
        assumeNoRecordingRunning();
        try (SocketPair pair = NativeSocket.socketpair(); Epoll ep = Select.epoll(); Poll p = Select.poll()) {
            NativeSocket a = pair.first();
            pair.second().send(new byte[] {1});
            ep.register(a, Select.EPOLLIN);
            p.register(a, Select.POLLIN);
            assertNoAllocation("Epoll.pollReady", () -> {
                if (ep.pollReady(0) != 1) {
                    throw new AssertionError("the socketpair end was not reported ready");
                }
            });
            assertNoAllocation("Poll.pollReady", () -> {
                if (p.pollReady(0) != 1) {
                    throw new AssertionError("the socketpair end was not reported ready");
                }
            });
        }
    }

    /**
     * The data gate's hooks: with no recording no event is made. (A whole send or recv is not
     * measured here: the data path allocates a few objects per call of its own, with or without
     * the events.)
     */
    @Test
    void withNoRecordingTheSocketHooksAllocateNothing() throws Exception {
        assumeNoRecordingRunning();
        assertNoAllocation("SocketEvents.begin and end", () -> {
            jdk.jfr.Event read = SocketEvents.begin(false);
            jdk.jfr.Event write = SocketEvents.begin(true);
            if (read != null || write != null) {
                throw new AssertionError("an event with no recording");
            }
            SocketEvents.end(read, -1, 0, true, -1, null);
            SocketEvents.end(write, -1, 0, false, -1, null);
        });
    }

    private static void assumeNoRecordingRunning() {
        assumeTrue(AllocatedBytes.isSupported(), "no per-thread allocation counter in this JVM");
        assumeTrue(FlightRecorder.getFlightRecorder().getRecordings().stream().noneMatch(r -> r.getState() == RecordingState.RUNNING),
                "a recording of the whole test JVM is running");
    }

    private static void assertNoAllocation(String what, Work calls) throws Exception {
        for (int i = 0; i < CALLS / 2; i++) {
            calls.run();
        }
        List<Long> rounds = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            long before = AllocatedBytes.ofCurrentThread();
            for (int i = 0; i < CALLS; i++) {
                calls.run();
            }
            long allocated = AllocatedBytes.ofCurrentThread() - before;
            if (allocated < SLACK_BYTES) {
                return;
            }
            rounds.add(allocated);
        }
        throw new AssertionError(what + ": bytes allocated per round of " + CALLS + " calls: " + rounds);
    }
}
