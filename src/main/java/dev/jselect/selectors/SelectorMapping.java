package dev.jselect.selectors;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code _SelectorMapping}: the live, read-only view that {@link BaseSelector#getMap()}
 * returns. Iteration shows {@code Integer} fds; lookups also take the registered object or any
 * other object with the same fd.
 */
final class SelectorMapping extends AbstractMap<Object, SelectorKey> {
    private final BaseSelector selector;
    private final Map<Object, SelectorKey> readOnly;

    SelectorMapping(BaseSelector selector, Map<Integer, SelectorKey> fdToKey) {
        this.selector = selector;
        this.readOnly = Collections.unmodifiableMap(fdToKey);
    }

    /** The key registered for {@code fileobj} (an fd or a HasFileno), or null. */
    @Override
    public @Nullable SelectorKey get(@Nullable Object fileobj) {
        synchronized (selector) {
            int fd;
            try {
                fd = selector.fileobjLookup(fileobj);
            } catch (IllegalArgumentException notAFileObject) {
                return null;
            }
            return readOnly.get(fd);
        }
    }

    @Override
    public boolean containsKey(@Nullable Object fileobj) {
        return get(fileobj) != null;
    }

    @Override
    public int size() {
        synchronized (selector) {
            return readOnly.size();
        }
    }

    @Override
    public Set<Entry<Object, SelectorKey>> entrySet() {
        return readOnly.entrySet();
    }

    @Override
    public Set<Object> keySet() {
        return readOnly.keySet();
    }

    @Override
    public @Nullable SelectorKey put(Object key, SelectorKey value) {
        throw readOnly();
    }

    @Override
    public @Nullable SelectorKey remove(@Nullable Object key) {
        throw readOnly();
    }

    @Override
    public void putAll(Map<?, ? extends SelectorKey> m) {
        throw readOnly();
    }

    @Override
    public void clear() {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the selector's map is read-only: use register, modify and unregister");
    }
}
