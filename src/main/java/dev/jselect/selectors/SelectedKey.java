package dev.jselect.selectors;

/**
 * One entry of {@link BaseSelector#select()}'s result, Python's {@code (key, events)} tuple.
 *
 * @param key    the registration that became ready
 * @param events the ready events, always a non-empty subset of {@code key.events()}
 */
public record SelectedKey(SelectorKey key, int events) {}
