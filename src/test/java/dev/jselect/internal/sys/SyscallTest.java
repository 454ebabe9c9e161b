package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.ErrnoException;
import dev.jselect.internal.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The calls made through syscall(2) and the timer calls, against the running kernel. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "syscall numbers and timerfd are Linux's")
class SyscallTest {
    private static final int O_CLOEXEC = Platform.constant("O_CLOEXEC");

    @Test
    void gettidIsThisThreadsKernelIdAndTgkillReachesIt() throws Exception {
        int pid = ProcessCalls.getpid();
        assertEquals(ProcessHandle.current().pid(), pid);
        int tid = Syscall.gettid();
        assertTrue(Files.exists(Path.of("/proc/self/task/" + tid)), "a thread of this process: " + tid);
        int[] other = new int[1];
        Thread t = new Thread(() -> {
            try {
                other[0] = Syscall.gettid();
            } catch (ErrnoException e) {
                throw new AssertionError(e);
            }
        });
        t.start();
        t.join();
        assertNotEquals(tid, other[0], "each thread has its own id");
        Syscall.tgkill(pid, tid, 0); // signal 0: only checks that the thread exists
        ErrnoException gone = assertThrows(ErrnoException.class, () -> Syscall.tgkill(pid, Integer.MAX_VALUE, 0));
        assertEquals(Constants.ESRCH, gone.errno());
    }

    @Test
    void closeRangeClosesExactlyTheRange() throws Exception {
        int[] a = FdCalls.pipe2(O_CLOEXEC);
        int[] b = FdCalls.pipe2(O_CLOEXEC);
        try {
            int lo = Math.min(a[0], a[1]);
            int hi = Math.max(a[0], a[1]);
            int r = Syscall.closeRange(lo, hi, 0);
            assumeTrue(r != -Constants.ENOSYS && r != -Constants.EPERM, "close_range refused here (kernel < 5.9 or a sandbox)");
            assertEquals(0, r);
            assertThrows(ErrnoException.class, () -> FdCalls.fcntl(lo, Constants.F_GETFD, 0), "closed");
            assertThrows(ErrnoException.class, () -> FdCalls.fcntl(hi, Constants.F_GETFD, 0), "closed");
            FdCalls.fcntl(b[0], Constants.F_GETFD, 0); // outside the range: still open
            FdCalls.fcntl(b[1], Constants.F_GETFD, 0);
        } finally {
            FdCalls.close(b[0]);
            FdCalls.close(b[1]);
        }
    }

    @Test
    void pidfdOfThisProcessAndItsRefusalReason() throws Exception {
        if (Syscall.pidfdRefusal() != 0) {
            assertTrue(Syscall.pidfdRefusalReason().contains("pidfd_open"), Syscall.pidfdRefusalReason());
            return;
        }
        int fd = Syscall.pidfdOpen(ProcessCalls.getpid(), 0);
        try {
            assertTrue((FdCalls.fcntl(fd, Constants.F_GETFD, 0) & Constants.FD_CLOEXEC) != 0, "pidfds are close-on-exec");
            Syscall.pidfdSendSignal(fd, 0); // signal 0: the process is alive
        } finally {
            FdCalls.close(fd);
        }
        assertEquals(-Constants.EINVAL, Syscall.tryPidfdOpen(ProcessCalls.getpid(), 0x7fff0000), "unknown flags");
    }

    @Test
    void pidfdOpenThroughSyscallAsOnAnOlderGlibc() throws Exception {
        assumeTrue(Syscall.pidfdRefusal() == 0, Syscall.pidfdRefusalReason());
        int fd;
        try (Scratch sc = Downcall.scratch()) {
            fd = Syscall.pidfdOpenBySyscall(sc, ProcessCalls.getpid(), 0);
            assertTrue(fd >= 0, "pidfd_open through syscall(2): errno " + Downcall.errno(sc.state));
        }
        try {
            assertTrue((FdCalls.fcntl(fd, Constants.F_GETFD, 0) & Constants.FD_CLOEXEC) != 0, "pidfds are close-on-exec");
            Syscall.pidfdSendSignal(fd, 0); // signal 0: the process is alive
        } finally {
            FdCalls.close(fd);
        }
    }

    @Test
    void timerfdArmsReadsBackAndDisarms() throws Exception {
        int fd = TimerCalls.timerfdCreate(Constants.CLOCK_MONOTONIC, Constants.TFD_CLOEXEC);
        try {
            TimerCalls.Setting none = TimerCalls.timerfdSettime(fd, 0, Duration.ofSeconds(5).toNanos(), Duration.ofMillis(250).toNanos());
            assertEquals(new TimerCalls.Setting(0, 0), none, "a new timer is disarmed");
            TimerCalls.Setting now = TimerCalls.timerfdGettime(fd);
            assertTrue(now.valueNanos() > Duration.ofSeconds(4).toNanos() && now.valueNanos() <= Duration.ofSeconds(5).toNanos(), now.toString());
            assertEquals(Duration.ofMillis(250).toNanos(), now.intervalNanos());
            TimerCalls.Setting old = TimerCalls.timerfdSettime(fd, 0, 0, 0);
            assertEquals(Duration.ofMillis(250).toNanos(), old.intervalNanos());
            assertEquals(new TimerCalls.Setting(0, 0), TimerCalls.timerfdGettime(fd));
        } finally {
            FdCalls.close(fd);
        }
        long t0 = TimerCalls.clockGettimeNanos(Constants.CLOCK_MONOTONIC);
        long t1 = TimerCalls.clockGettimeNanos(Constants.CLOCK_MONOTONIC);
        assertTrue(t1 >= t0 && t0 > 0);
        long wall = TimerCalls.clockGettimeNanos(Constants.CLOCK_REALTIME);
        assertTrue(Math.abs(wall / 1_000_000 - System.currentTimeMillis()) < 5_000, "CLOCK_REALTIME is the wall clock");
        assertEquals(Constants.EINVAL, assertThrows(ErrnoException.class, () -> TimerCalls.timerfdCreate(12345, 0)).errno());
    }
}
