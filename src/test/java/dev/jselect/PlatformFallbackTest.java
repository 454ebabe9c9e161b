package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.Platform;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectSelector;
import dev.jselect.selectors.Selectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What the platform offers, as Select reports it, and what happens off Linux where epoll is missing. */
class PlatformFallbackTest {
    @Test
    void noEpollNamesTheAlternatives() {
        String message = Platform.noEpoll().getMessage();
        for (String alternative : new String[] {"Select.poll()", "Select.select()", "PollSelector", "SelectSelector"}) {
            assertTrue(message.contains(alternative), message);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "epoll is Linux-only")
    void linuxHasEpollPollAndSelect() throws Exception {
        assertTrue(Select.hasEpoll());
        assertTrue(Select.hasPoll());
        assertTrue(Select.EPOLLIN != 0 && Select.POLLRDHUP != 0);
        try (Epoll ep = Select.epoll()) {
            assertTrue(ep.fileno() >= 0);
        }
    }

    @Test
    @EnabledOnOs(value = OS.MAC, disabledReason = "checks the macOS fallbacks")
    void macosOffersPollAndSelectButNoEpoll() throws Exception {
        assertFalse(Select.hasEpoll());
        assertTrue(Select.hasPoll());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, Select::epoll);
        assertTrue(e.getMessage().contains("Select.poll()"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Epoll.open(-1, 0));
        assertThrows(UnsupportedOperationException.class, () -> Epoll.fromFd(0));
        assertEquals(0, Select.EPOLLIN, "a constant macOS lacks is 0");
        assertEquals(0, Select.POLLRDHUP);
        assertEquals(Select.POLLOUT, Select.POLLWRNORM, "<sys/poll.h>: POLLWRNORM is POLLOUT");
        if (System.getProperty(Selectors.SELECTOR_PROPERTY) == null) {
            try (BaseSelector s = Selectors.open()) {
                assertEquals(SelectSelector.class, s.getClass());
            }
        }
        try (TestFds fds = new TestFds()) {
            int[] p = fds.pipe();
            Poll poll = Select.poll();
            poll.register(p[0], Select.POLLIN);
            assertTrue(poll.poll(0).isEmpty());
            TestFds.write(p[1], "x");
            assertEquals(1, poll.poll(1000).size(), "poll works for pipes on macOS");
        }
    }
}
