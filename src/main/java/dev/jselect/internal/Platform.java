package dev.jselect.internal;

import java.util.OptionalInt;

/**
 * The one place that decides what the running platform offers and which binding set applies.
 * Nothing here throws during class initialisation: an unsupported platform is remembered and
 * reported as {@link UnsupportedOperationException} when a feature is actually used.
 */
public final class Platform {
    private static final String OS_NAME = System.getProperty("os.name", "?");
    private static final String OS_ARCH = System.getProperty("os.arch", "?");
    private static final Abi ABI = loadAbi();

    private Platform() {}

    private static Abi loadAbi() {
        String name = Abi.nameFor(OS_NAME, OS_ARCH);
        return name == null ? null : Abi.named(name);
    }

    /** True when jextract bindings exist for this OS and architecture. */
    public static boolean isSupported() {
        return ABI != null;
    }

    public static boolean isLinux() {
        return ABI != null && ABI.name().startsWith("linux_");
    }

    /** The binding set in use; {@link UnsupportedOperationException} when there is none. */
    public static Abi abi() {
        if (ABI == null) {
            throw unsupported("native calls");
        }
        return ABI;
    }

    /** "linux_x86_64", or "unsupported (os/arch)". */
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
     * A header constant that every supported platform has; 0 on an unsupported platform, where
     * public constants must still initialise and every call that would use them throws instead.
     */
    public static int constant(String name) {
        if (ABI == null) {
            return 0;
        }
        OptionalInt v = ABI.constant(name);
        if (v.isEmpty()) {
            throw new IllegalStateException("constant " + name + " missing from binding set " + describe());
        }
        return v.getAsInt();
    }

    public static UnsupportedOperationException unsupported(String feature) {
        return new UnsupportedOperationException("jselect has no " + feature + " on " + OS_NAME + "/" + OS_ARCH
                + ": bindings exist for Linux x86_64 and aarch64");
    }
}
