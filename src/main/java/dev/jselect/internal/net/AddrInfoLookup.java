package dev.jselect.internal.net;

import dev.jselect.internal.sys.ResolverCalls;

import dev.jselect.internal.NativeMemory;

import dev.jselect.internal.sys.Platform;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One getaddrinfo(3) call with Java values: the hints marshalled into a {@code struct addrinfo},
 * the C library's answer list decoded and freed with freeaddrinfo before returning. Native
 * memory: one confined arena per lookup (not a hot path). The struct's layout is looked up only
 * where the platform is supported; elsewhere a lookup throws {@link UnsupportedOperationException}.
 */
public final class AddrInfoLookup {
    private static final @Nullable StructLayout ADDRINFO = Platform.isSupported() ? (StructLayout) Platform.abi().layout("addrinfo") : null;
    private static final long AI_FLAGS = offset("ai_flags");
    private static final long AI_FAMILY = offset("ai_family");
    private static final long AI_SOCKTYPE = offset("ai_socktype");
    private static final long AI_PROTOCOL = offset("ai_protocol");
    private static final long AI_ADDRLEN = offset("ai_addrlen");
    private static final long AI_ADDR = offset("ai_addr");
    private static final long AI_CANONNAME = offset("ai_canonname");
    private static final long AI_NEXT = offset("ai_next");

    /** Builds one answer: Python's {@code (family, type, proto, canonname, sockaddr)}. */
    @FunctionalInterface
    public interface Answer<T> {
        T of(int family, int type, int proto, String canonname, InetSocketAddress address);
    }

    /** Builds the exception for a failed lookup from getaddrinfo's EAI_ code and its gai_strerror text. */
    @FunctionalInterface
    public interface Failure {
        IOException of(int code, String strerror);
    }

    private AddrInfoLookup() {}

    private static long offset(String member) {
        return ADDRINFO == null ? 0 : ADDRINFO.byteOffset(PathElement.groupElement(member));
    }

    /**
     * getaddrinfo({@code host}, {@code port}, hints {@code flags/family/type/proto}): its IPv4
     * and IPv6 answers in the C library's order. A null host is NULL (the loopback, or the
     * any-address with AI_PASSIVE). EAI_SYSTEM is thrown as its errno, as {@link ResolverCalls#getaddrinfo} does.
     */
    public static <T> List<T> lookup(@Nullable String host, int port, int family, int type, int proto, int flags,
            Answer<T> answer, Failure failure) throws IOException {
        if (ADDRINFO == null) {
            throw Platform.unsupported("getaddrinfo");
        }
        try (Arena arena = NativeMemory.ofConfined()) {
            MemorySegment node = host == null ? MemorySegment.NULL : arena.allocateFrom(host);
            MemorySegment service = arena.allocateFrom(Integer.toString(port));
            MemorySegment hints = arena.allocate(ADDRINFO);
            hints.set(ValueLayout.JAVA_INT, AI_FLAGS, flags);
            hints.set(ValueLayout.JAVA_INT, AI_FAMILY, family);
            hints.set(ValueLayout.JAVA_INT, AI_SOCKTYPE, type);
            hints.set(ValueLayout.JAVA_INT, AI_PROTOCOL, proto);
            MemorySegment result = arena.allocate(ValueLayout.ADDRESS);
            int code = ResolverCalls.getaddrinfo(node, service, hints, result);
            if (code != 0) {
                throw failure.of(code, ResolverCalls.gaiStrerror(code));
            }
            MemorySegment list = result.get(ValueLayout.ADDRESS, 0);
            try {
                return answers(list, answer);
            } finally {
                ResolverCalls.freeaddrinfo(list);
            }
        }
    }

    private static <T> List<T> answers(MemorySegment list, Answer<T> answer) {
        List<T> out = new ArrayList<>();
        for (MemorySegment p = list; !p.equals(MemorySegment.NULL); ) {
            MemorySegment ai = p.reinterpret(ADDRINFO == null ? 0 : ADDRINFO.byteSize()); // lookup checked it
            int family = ai.get(ValueLayout.JAVA_INT, AI_FAMILY);
            if (family == SockAddr.AF_INET || family == SockAddr.AF_INET6) { // the only families getaddrinfo gives for IP names
                int length = ai.get(ValueLayout.JAVA_INT, AI_ADDRLEN);
                MemorySegment address = ai.get(ValueLayout.ADDRESS, AI_ADDR).reinterpret(length);
                MemorySegment canon = ai.get(ValueLayout.ADDRESS, AI_CANONNAME);
                out.add(answer.of(family, ai.get(ValueLayout.JAVA_INT, AI_SOCKTYPE), ai.get(ValueLayout.JAVA_INT, AI_PROTOCOL),
                        canon.equals(MemorySegment.NULL) ? "" : canon.reinterpret(Long.MAX_VALUE).getString(0),
                        SockAddr.decode(address, length)));
            }
            p = ai.get(ValueLayout.ADDRESS, AI_NEXT);
        }
        return List.copyOf(out);
    }
}
