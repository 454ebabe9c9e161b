package dev.jselect.internal.sys;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides what the running platform offers (epoll, poll, select) and which
 * binding set and constants apply. Nothing here throws during class initialisation: an
 * unsupported platform is remembered and reported as {@link UnsupportedOperationException}
 * when a feature is actually used.
 */
public final class Platform {
    private static final String OS_NAME = System.getProperty("os.name", "?");
    private static final String OS_ARCH = System.getProperty("os.arch", "?");
    private static final @Nullable Abi ABI = abiFor(OS_NAME, OS_ARCH);

    private Platform() {}

    /**
     * The binding set for an {@code os.name}/{@code os.arch} pair: the generated Linux set for
     * x86_64 or aarch64, the hand-written macOS table, or null where jselect has none.
     */
    public static @Nullable Abi abiFor(String osName, String osArch) {
        String name = Abi.nameFor(osName, osArch);
        return name == null ? null : Abi.named(name);
    }

    /** True when jselect has a binding set for this OS and architecture. */
    public static boolean isSupported() {
        return ABI != null;
    }

    public static boolean isLinux() {
        return ABI != null && ABI.isLinux();
    }

    /** Python's {@code hasattr(select, "epoll")}: Linux only. */
    public static boolean hasEpoll() {
        return ABI != null && ABI.hasFunction("epoll_create1");
    }

    /**
     * Python's {@code hasattr(select, "poll")}: true on Linux and macOS. CPython leaves poll out
     * only where its configure test finds it broken (HAVE_BROKEN_POLL: poll on a closed fd must
     * report POLLNVAL), which current macOS passes; see {@link #pollWorksForDevices()} for what
     * it still does not do there.
     */
    public static boolean hasPoll() {
        return ABI != null && ABI.hasFunction("poll");
    }

    /**
     * True where poll(2) handles every kind of descriptor. Not on macOS, whose poll does not
     * support devices (a terminal reports POLLNVAL): there the default selector is select-based.
     */
    public static boolean pollWorksForDevices() {
        return ABI != null && ABI.pollWorksForDevices();
    }

    /** The binding set in use; {@link UnsupportedOperationException} when there is none. */
    public static Abi abi() {
        if (ABI == null) {
            throw unsupported("native calls");
        }
        return ABI;
    }

    /** "linux_x86_64", "macos_aarch64", or "unsupported (os/arch)". */
    public static String describe() {
        return ABI != null ? ABI.name() : "unsupported (" + OS_NAME + "/" + OS_ARCH + ")";
    }

    public static String osName() {
        return OS_NAME;
    }

    public static String osArch() {
        return OS_ARCH;
    }

    /** A header constant of the platform, or {@code fallback} where the platform lacks it. */
    public static int constant(String name, int fallback) {
        if (ABI == null) {
            return fallback;
        }
        OptionalInt v = ABI.constant(name);
        return v.isPresent() ? v.getAsInt() : fallback;
    }

    /**
     * A header constant that jselect names. 0 where the platform declares it absent (EPOLLIN on
     * macOS: a flag that sets nothing, for a call that throws there anyway) and on an unsupported
     * platform, where public constants must still initialise and every call that would use them
     * throws instead. A name no binding set knows is a bug: {@link IllegalStateException}.
     */
    public static int constant(String name) {
        if (ABI == null) {
            return 0;
        }
        OptionalInt v = ABI.constant(name);
        if (v.isPresent()) {
            return v.getAsInt();
        }
        if (ABI.lacks(name)) {
            return 0;
        }
        throw new IllegalStateException("constant " + name + " missing from binding set " + describe());
    }

    public static UnsupportedOperationException unsupported(String feature) {
        return new UnsupportedOperationException("jselect has no " + feature + " on " + OS_NAME + "/" + OS_ARCH
                + ": it supports Linux and macOS on x86_64 and aarch64");
    }

    /** What {@code Select.epoll()} and {@code Epoll.open()} throw off Linux: the exception names the alternatives. */
    public static UnsupportedOperationException noEpoll() {
        return new UnsupportedOperationException("epoll exists only on Linux, not on " + OS_NAME + "/" + OS_ARCH
                + ": use Select.poll() or Select.select() (selectors: PollSelector, SelectSelector, or Selectors.open())");
    }
}
