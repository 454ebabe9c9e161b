package dev.jselect.reliability;

import static dev.jselect.Select.EPOLLIN;
import static dev.jselect.Select.EPOLLONESHOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Select;
import dev.jselect.testing.ProcessState;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.TestFds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The kernel lets epoll_ctl run while another thread is in epoll_wait on the same instance, and
 * Epoll passes that on: threads registering, modifying and unregistering while one thread waits
 * lose no event and get none twice.
 */
@Tag("soak")
@EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
@Timeout(120)
class EpollConcurrencyTest {
    private static final int MUTATORS = 4;
    private static final int PIPES_EACH = 20; // 80 registrations at most: more than the 64 events the buffer starts with
    private static final int ROUNDS_EACH = 1_500;

    /**
     * Each mutator owns some pipes. A round picks one, arms it for one report (EPOLLONESHOT),
     * by register or modify at random, writes a byte, and waits for the waiter to report that
     * pipe: a report that never comes is a lost event. It then reads the byte back and leaves the
     * pipe registered-but-disarmed or unregistered. Meanwhile registrations come and go, so the
     * waiter's event buffer also has to grow under it. At the end no report is left over (none
     * came twice) and every fd is closed again.
     */
    @Test
    void registerModifyUnregisterWhileAnotherThreadWaitsLosesNoEvent() throws Exception {
        int fdsBefore = ProcessState.openFds();
        Map<Integer, Semaphore> reports = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong wakeups = new AtomicLong();
        try (TestFds fds = new TestFds(); Epoll ep = Select.epoll()) {
            Thread waiter = Thread.ofPlatform().name("waiter").start(() -> {
                try {
                    while (!done.get()) {
                        for (EpollEvent e : ep.poll(0.05)) {
                            reports.get(e.fd()).release();
                        }
                        wakeups.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            List<Thread> mutators = new ArrayList<>();
            for (int m = 0; m < MUTATORS; m++) {
                long seed = m;
                mutators.add(Thread.ofPlatform().name("mutator-" + m).start(() -> {
                    try {
                        mutate(ep, fds, reports, new Random(seed));
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread t : mutators) {
                t.join();
            }
            Thread.sleep(100); // time for any duplicate report to arrive
            done.set(true);
            waiter.join();
            assertEquals(List.of(), failures);
            reports.forEach((fd, s) -> assertEquals(0, s.availablePermits(), "fd " + fd + " was reported twice"));
            assertTrue(wakeups.get() > 0);
        }
        ResourceGrowth.assertNoFdGrowth(fdsBefore, "once every pipe and the epoll fd are closed");
    }

    private static void mutate(Epoll ep, TestFds fds, Map<Integer, Semaphore> reports, Random random) throws Exception {
        int[][] pipes = new int[PIPES_EACH][];
        boolean[] registered = new boolean[PIPES_EACH];
        for (int i = 0; i < PIPES_EACH; i++) {
            pipes[i] = fds.pipe();
            reports.put(pipes[i][0], new Semaphore(0));
        }
        for (int round = 0; round < ROUNDS_EACH; round++) {
            int i = random.nextInt(PIPES_EACH);
            int r = pipes[i][0];
            if (registered[i]) {
                ep.modify(r, EPOLLIN | EPOLLONESHOT);      // re-arm
            } else {
                ep.register(r, EPOLLIN | EPOLLONESHOT);
                registered[i] = true;
            }
            TestFds.write(pipes[i][1], "x");
            assertTrue(reports.get(r).tryAcquire(10, TimeUnit.SECONDS), "lost event: fd " + r + " in round " + round);
            assertEquals("x", TestFds.read(r, 10));
            if (random.nextBoolean()) {
                ep.unregister(r);
                registered[i] = false;
            }
        }
    }
}
