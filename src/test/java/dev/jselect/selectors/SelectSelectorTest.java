package dev.jselect.selectors;

import static dev.jselect.selectors.Selectors.EVENT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Select;
import dev.jselect.internal.sys.Constants;
import dev.jselect.internal.sys.FdCalls;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.testing.FdLimit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract on select(2). */
class SelectSelectorTest extends SelectorContract {
    @Override
    BaseSelector newSelector() {
        return new SelectSelector();
    }

    /**
     * Python's SelectSelector can be made with every fd below FD_SETSIZE in use. This one then has
     * no wakeup fd: wakeup() says why, and a close from another thread still ends a blocked select.
     */
    @Test
    void madeWithEveryFdBelowFdSetsizeInUse() throws Exception {
        List<Integer> fillers = new ArrayList<>();
        try (FdLimit _ = FdLimit.atLeast(Select.FD_SETSIZE + 256L); Pipe p = Os.pipe()) {
            try {
                for (;;) { // the lowest free number each time, until it is FD_SETSIZE or above
                    int fd = FdCalls.fcntl(p.readFd(), Constants.F_DUPFD_CLOEXEC, 0);
                    fillers.add(fd);
                    if (fd >= Select.FD_SETSIZE - 1) {
                        break;
                    }
                }
                SelectSelector s = new SelectSelector();
                IllegalStateException e = assertThrows(IllegalStateException.class, s::wakeup);
                assertTrue(e.getMessage().contains("no wakeup") && e.getMessage().contains("FD_SETSIZE"), e.getMessage());
                assertEquals(List.of(), s.select(0.05)); // a timed select returns at its timeout
                int dup = FdCalls.fcntl(p.readFd(), Constants.F_DUPFD_CLOEXEC, Select.FD_SETSIZE);
                fillers.add(dup);
                s.register(dup, EVENT_READ);
                assertThrows(IllegalArgumentException.class, () -> s.select(0));
                s.unregister(dup);
                CompletableFuture<List<SelectedKey>> blocked = CompletableFuture.supplyAsync(() -> {
                    try {
                        return s.select(); // no timeout: only the close can end it
                    } catch (IOException x) {
                        throw new RuntimeException(x);
                    }
                });
                Thread.sleep(100);
                long closedAt = System.nanoTime();
                s.close();
                assertEquals(List.of(), blocked.get(5, TimeUnit.SECONDS));
                long tookMillis = (System.nanoTime() - closedAt) / 1_000_000;
                assertTrue(tookMillis < 1000, "a close ended the wait after " + tookMillis + " ms");
            } finally {
                for (int fd : fillers) {
                    Os.close(fd);
                }
            }
        }
    }
}
