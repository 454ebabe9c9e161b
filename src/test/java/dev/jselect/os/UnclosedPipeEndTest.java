package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.testing.ProcessState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A Subprocess's pipe end collected open: its fd is closed, with one WARN line naming it, as
 * CPython emits "ResourceWarning: unclosed file" for a Popen's pipe collected open. A Subprocess
 * collected after its child was reaped warns nothing of its own (CPython warns only while the
 * child still runs).
 */
@EnabledOnOs(OS.LINUX)
class UnclosedPipeEndTest {
    private static final long PATIENCE_NANOS = 10_000_000_000L;

    /** The fd of a stdout pipe end whose Subprocess (its child reaped) and PipeEnd are both dropped unclosed. */
    private static int dropOpenPipeEnd() throws IOException {
        Subprocess p = Subprocess.popen(List.of("true"), Redirect.INHERIT, Redirect.PIPE, Redirect.INHERIT);
        p.waitFor();
        return p.stdoutFd();
    }

    @Test
    void aCollectedOpenPipeEndClosesItsFdAndWarns() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true)); // where slf4j-simple writes, looked up at each line
        int fd;
        int before;
        int after;
        Optional<String> pipe;
        try {
            collectUntilClosed(dropOpenPipeEnd()); // a first round loads what the measured one uses
            before = ProcessState.openFds();
            fd = dropOpenPipeEnd();
            pipe = ProcessState.describe(fd);
            assertTrue(pipe.orElse("").startsWith("pipe:"), "the parent's end is open on a pipe: " + pipe);
            collectUntilClosed(fd);
            after = ProcessState.openFds();
            for (long deadline = System.nanoTime() + PATIENCE_NANOS; after > before && System.nanoTime() < deadline; ) {
                System.gc(); // the Subprocess's pidfd may be cleaned a little after the pipe end
                Thread.sleep(20);
                after = ProcessState.openFds();
            }
            assertFalse(pipe.equals(ProcessState.describe(fd)), "the unreachable PipeEnd closed its pipe");
        } finally {
            System.setErr(err);
        }
        assertEquals(before, after, "the fds jselect held for the child (the pipe end, the pidfd) are closed");
        String warnings = log.toString();
        assertTrue(warnings.contains("WARN") && warnings.contains("unclosed stdout pipe (fd " + fd + ")"), warnings);
        assertFalse(warnings.contains("subprocess "), "no warning for a Subprocess whose child was reaped: " + warnings);
    }

    private static void collectUntilClosed(int fd) throws InterruptedException {
        Optional<String> open = ProcessState.describe(fd);
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (open.equals(ProcessState.describe(fd)) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
    }
}
