package dev.jselect.selectors;

import java.io.IOException;

/** The contract on {@link Selectors#open()}: epoll here, or what {@code -Djselect.selector} forces. */
class DefaultSelectorTest extends SelectorContract {
    @Override
    BaseSelector newSelector() throws IOException {
        return Selectors.open();
    }
}
