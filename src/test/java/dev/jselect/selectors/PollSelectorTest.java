package dev.jselect.selectors;

/** The contract on poll(2). */
class PollSelectorTest extends SelectorContract {
    @Override
    BaseSelector newSelector() {
        return new PollSelector();
    }
}
