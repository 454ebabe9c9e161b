package dev.jselect.internal.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The facts of one platform ABI that the syscall layer needs: libc function addresses and
 * descriptors, struct layouts and header constants. Linux's come from jextract's output
 * ({@link GeneratedAbi}); macOS's few facts, which jextract cannot read here, from one
 * hand-written table ({@link DarwinAbi}).
 */
public sealed interface Abi permits GeneratedAbi, DarwinAbi {
    String LINUX_X86_64 = "linux_x86_64";
    String LINUX_AARCH64 = "linux_aarch64";
    String MACOS_X86_64 = "macos_x86_64";
    String MACOS_AARCH64 = "macos_aarch64";

    /**
     * The ABI for an {@code os.name}/{@code os.arch} pair, or null where jselect has none
     * (FreeBSD, Windows, 32-bit or other architectures). A pure function of its arguments.
     */
    static @Nullable String nameFor(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        if (arch == null) {
            return null;
        }
        if (os.startsWith("linux")) {
            return "linux_" + arch;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return "macos_" + arch;
        }
        return null;
    }

    /** The ABI called {@code name}, e.g. {@link #LINUX_X86_64} or {@link #MACOS_AARCH64}. */
    static Abi named(String name) {
        return switch (name) {
            case LINUX_X86_64, LINUX_AARCH64 -> new GeneratedAbi(name);
            case MACOS_X86_64, MACOS_AARCH64 -> new DarwinAbi(name);
            default -> throw new IllegalArgumentException("no ABI named " + name);
        };
    }

    String name();

    /** Linux: the kernel that has epoll, eventfd, pipe2 and accept4. */
    boolean isLinux();

    /** True when this ABI has the libc function {@code fn}. */
    boolean hasFunction(String fn);

    /** The address of libc function {@code fn}; {@link UnsupportedOperationException} where there is none. */
    MemorySegment address(String fn);

    /** The C signature of {@code fn} as a function descriptor. */
    FunctionDescriptor descriptor(String fn);

    /** The layout of {@code struct/union/typedef name}, e.g. "epoll_event" or "fd_set". */
    GroupLayout layout(String name);

    /** The value of the header constant {@code name}, if this ABI has it. */
    OptionalInt constant(String name);

    /** Every constant name {@link #constant} knows. */
    Set<String> constantNames();

    /**
     * True for a constant that jselect's API names but this platform's headers do not define
     * (EPOLLIN on macOS); {@link Platform#constant(String)} gives 0 for it, a flag that sets nothing.
     */
    boolean lacks(String constant);

    /**
     * False where poll(2) mishandles some kinds of descriptor. macOS poll(2), BUGS: "The poll()
     * system call currently does not support devices" (a terminal reports POLLNVAL).
     */
    boolean pollWorksForDevices();
}
