package dev.jselect.net;

import dev.jselect.internal.net.AddrInfoLookup;
import dev.jselect.internal.net.SockAddr;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Names to addresses with the C library's getaddrinfo(3), as Python's socket module resolves
 * them: {@link #getAddrInfo} is {@code socket.getaddrinfo}, {@link #sockaddr} the lookup behind
 * {@code bind}/{@code connect} (CPython's setipaddr). A failed lookup is a {@link GaiException}.
 *
 * <p>getaddrinfo may block for seconds on DNS. A native call pins a virtual thread's carrier,
 * so a virtual thread hands the lookup to one of a few platform threads ({@link #THREADS}; more
 * lookups queue for them) and parks until it is done. The call itself, with its native memory,
 * is {@link AddrInfoLookup}'s.
 */
final class Resolver {
    /**
     * The most platform threads that run lookups asked from virtual threads; further lookups
     * queue for them. glibc answers /etc/hosts names in microseconds and a DNS query takes a
     * thread for its round trips, so a few threads keep up with many callers, while a thread per
     * waiting lookup (hundreds under load) would cost a platform thread's stack each.
     */
    static final int THREADS = 8;

    /** The lookup threads: daemons, started on demand up to {@link #THREADS}; each ends after a minute idle. */
    private static final ExecutorService LOOKUPS = lookupThreads();

    private Resolver() {}

    private static ExecutorService lookupThreads() {
        AtomicInteger started = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jselect-getaddrinfo-" + started.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Python {@code socket.getaddrinfo(host, port, family, type, proto, flags)}; a null host is
     * Python's None (the loopback, or the any-address with AI_PASSIVE).
     */
    static List<AddrInfo> getAddrInfo(@Nullable String host, int port, int family, int type, int proto, int flags) throws IOException {
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

    private static List<AddrInfo> lookup(@Nullable String host, int port, int family, int type, int proto, int flags) throws IOException {
        return AddrInfoLookup.lookup(host, port, family, type, proto, flags, AddrInfo::new, GaiException::new);
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
