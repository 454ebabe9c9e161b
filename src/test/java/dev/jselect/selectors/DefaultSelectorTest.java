package dev.jselect.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.internal.sys.Platform;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What is particular to {@link Selectors#open()}: epoll on Linux, select on macOS, or what
 * {@code -Djselect.selector} forces (mvn verify runs this class with each). The contract itself
 * is checked on each selector class directly (EpollSelectorTest, PollSelectorTest,
 * SelectSelectorTest), so it is not run again here.
 */
class DefaultSelectorTest {
    private static Class<? extends BaseSelector> expected() {
        String forced = System.getProperty(Selectors.SELECTOR_PROPERTY);
        return forced == null
                ? (Platform.hasEpoll() ? EpollSelector.class : SelectSelector.class)
                : switch (forced) {
                    case "poll" -> PollSelector.class;
                    case "select" -> SelectSelector.class;
                    default -> EpollSelector.class;
                };
    }

    @Test
    void isTheForcedSelectorOrThePlatformsDefault() throws IOException {
        try (BaseSelector s = Selectors.open()) {
            assertEquals(expected(), s.getClass(), "jselect.selector=" + System.getProperty(Selectors.SELECTOR_PROPERTY));
        }
    }

    @Test
    void reportsAReadablePipe() throws IOException {
        try (Pipe pipe = Os.pipe(); BaseSelector s = Selectors.open()) {
            SelectorKey key = s.register(pipe.readFd(), Selectors.EVENT_READ, "data");
            assertEquals(List.of(), s.select(0));
            Os.write(pipe.writeFd(), new byte[] {1});
            assertEquals(List.of(new SelectedKey(key, Selectors.EVENT_READ)), s.select(0));
        }
    }
}
