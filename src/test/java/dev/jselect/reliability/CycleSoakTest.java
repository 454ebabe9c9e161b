package dev.jselect.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.Epoll;
import dev.jselect.EpollEvent;
import dev.jselect.Poll;
import dev.jselect.PollFd;
import dev.jselect.Select;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import dev.jselect.testing.ResourceGrowth;
import dev.jselect.testing.SelectorKinds;
import dev.jselect.testing.Soak;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Register, wait, unregister, over and over: the fd count stays put and malloc'd native memory
 * stays flat (see {@link ResourceGrowth}). 10^5 cycles per object in {@code mvn verify}
 * (10^4 per selector), 10^6 (10^5) with {@code -Dsoak=long}.
 */
@Tag("soak")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CycleSoakTest {
    private static final int CYCLES = Soak.size(100_000, 1_000_000);
    private static final int SELECTOR_CYCLES = CYCLES / 10;

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
    void epollRegisterPollUnregister() throws Exception {
        try (Pipe pipe = Os.pipe(); Epoll ep = Select.epoll()) {
            ResourceGrowth.assertNoGrowth(CYCLES, i -> {
                ep.register(pipe.writeFd(), Select.EPOLLOUT);
                List<EpollEvent> events = ep.poll(0);
                ep.unregister(pipe.writeFd());
                assertEquals(1, events.size(), "cycle " + i);
            });
            assertEquals(List.of(), ep.poll(0));
        }
    }

    @Test
    void pollRegisterPollUnregister() throws Exception {
        try (Pipe pipe = Os.pipe(); Poll p = Select.poll()) {
            ResourceGrowth.assertNoGrowth(CYCLES, i -> {
                p.register(pipe.writeFd(), Select.POLLOUT);
                List<PollFd> ready = p.poll(0);
                p.unregister(pipe.writeFd());
                assertEquals(1, ready.size(), "cycle " + i);
            });
            assertEquals(List.of(), p.poll(0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"select", "poll", "epoll"})
    void selectorRegisterSelectUnregister(String kind) throws Exception {
        assumeTrue(!kind.equals("epoll") || Select.hasEpoll(), "epoll is Linux-only");
        try (Pipe pipe = Os.pipe(); BaseSelector s = SelectorKinds.open(kind)) {
            ResourceGrowth.assertNoGrowth(SELECTOR_CYCLES, i -> {
                s.register(pipe.writeFd(), Selectors.EVENT_WRITE);
                List<SelectedKey> ready = s.select(0);
                s.unregister(pipe.writeFd());
                assertEquals(1, ready.size(), "cycle " + i);
            });
            assertEquals(0, s.getMap().size());
        }
    }
}
