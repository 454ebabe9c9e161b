package dev.jselect.selectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.internal.sys.Platform;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The contract on {@link Selectors#open()}: epoll on Linux, select on macOS, or what
 * {@code -Djselect.selector} forces (mvn verify runs this class with each).
 */
class DefaultSelectorTest extends SelectorContract {
    @Override
    BaseSelector newSelector() throws IOException {
        return Selectors.open();
    }

    @Test
    void isTheForcedSelectorOrThePlatformsDefault() throws IOException {
        String forced = System.getProperty(Selectors.SELECTOR_PROPERTY);
        Class<? extends BaseSelector> expected = forced == null
                ? (Platform.hasEpoll() ? EpollSelector.class : SelectSelector.class)
                : switch (forced) {
                    case "poll" -> PollSelector.class;
                    case "select" -> SelectSelector.class;
                    default -> EpollSelector.class;
                };
        try (BaseSelector s = newSelector()) {
            assertEquals(expected, s.getClass(), "jselect.selector=" + forced);
        }
    }
}
