package dev.jselect.net;

import dev.jselect.internal.Platform;
import dev.jselect.internal.SockAddr;
import dev.jselect.internal.ResolverCalls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Names to addresses with the C library's getaddrinfo(3), as Python's socket module resolves
 * them: {@link #getAddrInfo} is {@code socket.getaddrinfo}, {@link #sockaddr} the lookup behind
 * {@code bind}/{@code connect} (CPython's setipaddr). A failed lookup is a {@link GaiException}.
 *
 * <p>getaddrinfo may block for seconds on DNS. A native call pins a virtual thread's carrier,
 * so a virtual thread hands the lookup to a platform thread and parks until it is done.
 * Native memory: one confined arena per lookup (not a hot path), and the C library's list,
 * freed with freeaddrinfo before returning.
 */
final class Resolver {
    private static final StructLayout ADDRINFO = Platform.isSupported() ? (StructLayout) Platform.abi().layout("addrinfo") : null;
    private static final long AI_FLAGS = offset("ai_flags");
    private static final long AI_FAMILY = offset("ai_family");
    private static final long AI_SOCKTYPE = offset("ai_socktype");
    private static final long AI_PROTOCOL = offset("ai_protocol");
    private static final long AI_ADDRLEN = offset("ai_addrlen");
    private static final long AI_ADDR = offset("ai_addr");
    private static final long AI_CANONNAME = offset("ai_canonname");
    private static final long AI_NEXT = offset("ai_next");

    /** Platform threads for lookups asked from virtual threads; idle ones end after a minute. */
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jselect-getaddrinfo");
        t.setDaemon(true);
        return t;
    });

    private Resolver() {}

    private static long offset(String member) {
        return ADDRINFO == null ? 0 : ADDRINFO.byteOffset(PathElement.groupElement(member));
    }

    /**
     * Python {@code socket.getaddrinfo(host, port, family, type, proto, flags)}; a null host is
     * Python's None (the loopback, or the any-address with AI_PASSIVE).
     */
    static List<AddrInfo> getAddrInfo(String host, int port, int family, int type, int proto, int flags) throws IOException {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (host != null && host.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("host contains a NUL character");
        }
        if (!Thread.currentThread().isVirtual()) {
            return lookup(host, port, family, type, proto, flags);
        }
        Future<List<AddrInfo>> f = LOOKUPS.submit(() -> lookup(host, port, family, type, proto, flags));
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during getaddrinfo of " + host);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static List<AddrInfo> lookup(String host, int port, int family, int type, int proto, int flags) throws IOException {
        if (ADDRINFO == null) {
            throw Platform.unsupported("getaddrinfo");
        }
        try (Arena arena = Arena.ofConfined()) {
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
                throw new GaiException(code, ResolverCalls.gaiStrerror(code));
            }
            MemorySegment list = result.get(ValueLayout.ADDRESS, 0);
            try {
                return answers(list);
            } finally {
                ResolverCalls.freeaddrinfo(list);
            }
        }
    }

    private static List<AddrInfo> answers(MemorySegment list) {
        List<AddrInfo> out = new ArrayList<>();
        for (MemorySegment p = list; !p.equals(MemorySegment.NULL); ) {
            MemorySegment ai = p.reinterpret(ADDRINFO.byteSize());
            int family = ai.get(ValueLayout.JAVA_INT, AI_FAMILY);
            if (family == NativeSocket.AF_INET || family == NativeSocket.AF_INET6) { // the only families getaddrinfo gives for IP names
                int length = ai.get(ValueLayout.JAVA_INT, AI_ADDRLEN);
                MemorySegment address = ai.get(ValueLayout.ADDRESS, AI_ADDR).reinterpret(length);
                MemorySegment canon = ai.get(ValueLayout.ADDRESS, AI_CANONNAME);
                out.add(new AddrInfo(family, ai.get(ValueLayout.JAVA_INT, AI_SOCKTYPE), ai.get(ValueLayout.JAVA_INT, AI_PROTOCOL),
                        canon.equals(MemorySegment.NULL) ? "" : canon.reinterpret(Long.MAX_VALUE).getString(0),
                        SockAddr.decode(address, length)));
            }
            p = ai.get(ValueLayout.ADDRESS, AI_NEXT);
        }
        return List.copyOf(out);
    }

    /**
     * The C address of {@code (host, port)} for a socket of {@code family}, as CPython's setipaddr
     * finds it: {@code ""}, {@code "<broadcast>"} and numeric literals of the family without a
     * lookup, anything else the first answer of getaddrinfo for that family (so an IPv4 literal
     * on an IPv6 socket fails as in Python, "Address family for hostname not supported").
     */
    static byte[] sockaddr(int family, String host, int port) throws IOException {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (SockAddr.isLiteral(family, host)) {
            return SockAddr.inet(family, host, port);
        }
        InetSocketAddress first = getAddrInfo(host, 0, family, 0, 0, 0).get(0).address(); // getaddrinfo never answers an empty list
        return SockAddr.inet(family, first.getAddress(), port);
    }
}
