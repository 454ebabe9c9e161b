package dev.jselect.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.testing.ProcessState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The one start-up path of a child, with real pipes, /dev/null and children. */
@EnabledOnOs(OS.LINUX)
@Timeout(60) // a child end left open in the parent would make a read wait for ever
class ChildLaunchTest {
    private static final List<String> ENV = List.of("PATH=/bin:/usr/bin");

    private static ChildLaunch.Spawn sh(String script) {
        return stdio -> PosixSpawn.spawn("/bin/sh", List.of("sh", "-c", script), ENV, null, stdio, false);
    }

    /** Everything readable from {@code fd} until end of file, then the fd closed. */
    private static String readAllAndClose(int fd) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] b = Os.read(fd, 4096); b.length > 0; b = Os.read(fd, 4096)) {
            all.writeBytes(b);
        }
        Os.close(fd);
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Reaps the child (bounded: these children exit at once) and closes its pidfd; the raw exit status. */
    private static int reap(ChildLaunch.Started c) throws Exception {
        if (c.pidfd() >= 0) {
            Os.close(c.pidfd());
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status;
        while ((status = ChildStatus.poll(c.pid())) == ChildStatus.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "child " + c.pid() + " never exited");
            Thread.sleep(1);
        }
        return status;
    }

    @Test
    void stderrToStdoutSharesTheOnePipeAndTheParentGetsItsEnds() throws Exception {
        ChildLaunch.Started c = ChildLaunch.start(ChildLaunch.PIPE, ChildLaunch.PIPE, ChildLaunch.STDOUT,
                sh("read line; echo \"out $line\"; echo err >&2"));
        assertEquals(-1, c.stderr(), "stderr went to stdout's pipe: no end of its own");
        Os.write(c.stdin(), "x\n".getBytes(StandardCharsets.UTF_8));
        Os.close(c.stdin());
        assertEquals("out x\nerr\n", readAllAndClose(c.stdout()), "the child's ends were closed in the parent: end of file came");
        assertEquals(0, reap(c));
    }

    @Test
    void devNullIsOpenedOnceAndACallersFdIsPassedAsItIs() throws Exception {
        int[][] seen = new int[1][];
        try (Pipe caller = Os.pipe()) {
            ChildLaunch.Started c = ChildLaunch.start(ChildLaunch.DEVNULL, caller.writeFd(), ChildLaunch.DEVNULL, stdio -> {
                seen[0] = stdio.clone();
                return sh("cat; echo to-caller").spawn(stdio);
            });
            assertEquals(caller.writeFd(), seen[0][1]);
            assertEquals(seen[0][0], seen[0][2], "one /dev/null for stdin and stderr");
            assertEquals(List.of(-1, -1, -1), List.of(c.stdin(), c.stdout(), c.stderr()), "no pipe, no parent end");
            assertEquals(0, reap(c));
            assertTrue(ProcessState.isOpen(caller.writeFd()), "the caller's fd stays open and the caller's");
            assertEquals("to-caller\n", new String(Os.read(caller.readFd(), 100), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFailedSpawnLeavesNoFdOpen() throws Exception {
        ChildLaunch.Started warm = ChildLaunch.start(ChildLaunch.PIPE, ChildLaunch.PIPE, ChildLaunch.DEVNULL, sh("exit 0"));
        Os.close(warm.stdin()); // a first start loads what is lazy
        Os.close(warm.stdout());
        assertEquals(0, reap(warm));
        Set<Integer> before = ProcessState.snapshot();
        IOException refused = new IOException("refused");
        for (int i = 0; i < 20; i++) {
            assertSame(refused, assertThrows(IOException.class, () -> ChildLaunch.start(ChildLaunch.PIPE, ChildLaunch.PIPE,
                    ChildLaunch.DEVNULL, stdio -> {
                        throw refused;
                    })));
        }
        assertEquals(List.of(), ProcessState.openedSince(before), "the pipes and /dev/null of failed starts are closed");
    }
}
