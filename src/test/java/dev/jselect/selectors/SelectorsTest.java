package dev.jselect.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Select;
import dev.jselect.internal.sys.Platform;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Selectors.open(): the platform's best selector, or the one {@code jselect.selector} forces. */
class SelectorsTest {
    private String saved;

    @BeforeEach
    void saveProperty() {
        saved = System.getProperty(Selectors.SELECTOR_PROPERTY);
        System.clearProperty(Selectors.SELECTOR_PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(Selectors.SELECTOR_PROPERTY);
        } else {
            System.setProperty(Selectors.SELECTOR_PROPERTY, saved);
        }
    }

    @Test
    void eventConstantsArePythons() {
        assertEquals(1, Selectors.EVENT_READ);
        assertEquals(2, Selectors.EVENT_WRITE);
    }

    @Test
    void defaultIsEpollOnLinuxAndSelectOnMacos() throws IOException {
        assertTrue(Select.hasPoll(), "poll exists on every supported platform");
        assertEquals(Platform.isLinux(), Select.hasEpoll());
        try (BaseSelector s = Selectors.open()) {
            Class<? extends BaseSelector> expected = Platform.isLinux() ? EpollSelector.class : SelectSelector.class;
            assertEquals(expected, s.getClass(), "macOS's poll does not support devices, so its default is select");
        }
    }

    @Test
    void propertyForcesEachImplementation() throws IOException {
        assertOpens("select", SelectSelector.class);
        assertOpens("poll", PollSelector.class);
        if (Select.hasEpoll()) {
            assertOpens("epoll", EpollSelector.class);
        } else {
            System.setProperty(Selectors.SELECTOR_PROPERTY, "epoll");
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, Selectors::open);
            assertTrue(e.getMessage().contains("PollSelector"), e.getMessage());
        }
    }

    private static void assertOpens(String name, Class<? extends BaseSelector> type) throws IOException {
        System.setProperty(Selectors.SELECTOR_PROPERTY, name);
        try (BaseSelector s = Selectors.open()) {
            assertInstanceOf(type, s);
        }
    }

    @Test
    void unknownPropertyValueNamesTheValidOnes() {
        for (String bad : new String[] {"kqueue", "", "EPOLL "}) {
            System.setProperty(Selectors.SELECTOR_PROPERTY, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Selectors::open);
            assertTrue(e.getMessage().contains("select, poll or epoll"), e.getMessage());
        }
    }
}
