package dev.jselect.testing;

import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.EpollSelector;
import dev.jselect.selectors.PollSelector;
import dev.jselect.selectors.SelectSelector;
import java.io.IOException;

/** The three selectors by name, for tests that run once per kind. */
public final class SelectorKinds {
    private SelectorKinds() {}

    /** A new "select", "poll" or "epoll" selector. */
    public static BaseSelector open(String kind) throws IOException {
        return switch (kind) {
            case "select" -> new SelectSelector();
            case "poll" -> new PollSelector();
            case "epoll" -> new EpollSelector();
            default -> throw new IllegalArgumentException("no selector kind " + kind);
        };
    }
}
