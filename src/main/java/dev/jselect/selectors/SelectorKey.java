package dev.jselect.selectors;

import org.jspecify.annotations.Nullable;

/**
 * Python's {@code selectors.SelectorKey}: a registered file object, its file descriptor, the
 * events waited for ({@link Selectors#EVENT_READ} | {@link Selectors#EVENT_WRITE}) and the data
 * attached to it.
 *
 * @param fileobj the object registered: an {@code Integer} fd or a {@link dev.jselect.HasFileno}
 * @param fd      the file descriptor it stood for when it was registered
 * @param events  the events waited for
 * @param data    the caller's data, may be null
 */
public record SelectorKey(Object fileobj, int fd, int events, @Nullable Object data) {}
