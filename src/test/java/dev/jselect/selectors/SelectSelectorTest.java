package dev.jselect.selectors;

/** The contract on select(2). */
class SelectSelectorTest extends SelectorContract {
    @Override
    BaseSelector newSelector() {
        return new SelectSelector();
    }
}
