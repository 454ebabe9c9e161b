package dev.jselect.internal.sys;

import dev.jselect.internal.Scratch;
import dev.jselect.ErrnoException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The name resolver's calls: getaddrinfo(3), freeaddrinfo and gai_strerror. getaddrinfo reports
 * its own EAI_ codes; only EAI_SYSTEM means "see errno".
 */
public final class ResolverCalls {
    private static final int EAI_SYSTEM = Constants.EAI_SYSTEM;
    // Each call is bound the first time it is made (its own holder class, initialised on first
    // use), so a program binds only the calls it makes; a static final stays a constant to the JIT.
    private static final class Getaddrinfo { // errno captured for EAI_SYSTEM
        static final MethodHandle H = Downcall.bind("getaddrinfo");
    }
    private static final class Freeaddrinfo {
        static final MethodHandle H = Downcall.bindPlain("freeaddrinfo");
    }
    private static final class GaiStrerror {
        static final MethodHandle H = Downcall.bindPlain("gai_strerror");
    }

    private ResolverCalls() {}

    /**
     * getaddrinfo(3): 0 with the list in {@code *res} (free it with {@link #freeaddrinfo}), else
     * the EAI_ code (see {@link #gaiStrerror}). EAI_SYSTEM is thrown as its errno, as CPython
     * raises OSError for it. May block for as long as the resolver takes.
     */
    public static int getaddrinfo(MemorySegment node, MemorySegment service, MemorySegment hints, MemorySegment res)
            throws ErrnoException {
        try (Scratch sc = Downcall.scratch()) {
            int r = Downcall.invoke(s -> (int) Getaddrinfo.H.invokeExact(s, node, service, hints, res), sc.state);
            if (r == EAI_SYSTEM) {
                throw Downcall.fail(sc.state, "getaddrinfo");
            }
            return r;
        }
    }

    /** freeaddrinfo(3) of a list {@link #getaddrinfo} returned. */
    public static void freeaddrinfo(MemorySegment res) {
        Downcall.invoke(s -> {
            Freeaddrinfo.H.invokeExact(res);
            return 0;
        }, MemorySegment.NULL);
    }

    /** gai_strerror(3): the C library's message for an EAI_ code, "Name or service not known". */
    public static String gaiStrerror(int code) {
        Downcall.scratch().close(); // UnsupportedOperationException where there are no bindings
        return Downcall.string(() -> (MemorySegment) GaiStrerror.H.invokeExact(code));
    }
}
