package dev.jselect.internal;

/**
 * Whether close_range(2) works in this process (Linux 5.9+, unless a sandbox refuses it), asked
 * once. Until the library binds close_range itself it is taken not to: a spawn without /proc
 * then closes its fds one by one, which is always correct.
 */
final class CloseRangeSupport {
    private CloseRangeSupport() {}

    /** True where close_range works here. */
    static boolean available() {
        return false;
    }
}
