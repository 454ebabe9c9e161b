package dev.jselect.net;

import static dev.jselect.net.NativeSocket.AF_INET;
import static dev.jselect.net.NativeSocket.AF_INET6;
import static dev.jselect.net.NativeSocket.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.ConnectionRefusedException;
import dev.jselect.internal.sys.Platform;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Host names as Python takes them (getaddrinfo), the InetSocketAddress overloads and open(), over real sockets. */
class NamesTest {
    private static final int EAI_NONAME = Platform.constant("EAI_NONAME");
    private static final int IPPROTO_TCP = NativeSocket.IPPROTO_TCP;

    @Test
    void localhostIsLookedUpAsGetaddrinfoDoes() throws Exception {
        List<AddrInfo> all = NativeSocket.getAddrInfo("localhost", 80, 0, SOCK_STREAM);
        assertFalse(all.isEmpty());
        for (AddrInfo ai : all) {
            assertTrue(ai.family() == AF_INET || ai.family() == AF_INET6, ai.toString());
            assertEquals(SOCK_STREAM, ai.type());
            assertEquals(IPPROTO_TCP, ai.proto());
            assertEquals("", ai.canonname(), "no AI_CANONNAME, so '' as in Python");
            assertTrue(ai.address().getAddress().isLoopbackAddress(), ai.toString());
            assertEquals(80, ai.address().getPort());
        }
        // the same answer as the JDK's own resolver, which asks the same C library
        assertEquals(List.of(InetAddress.getAllByName("localhost")).stream().map(InetAddress::getHostAddress).sorted().toList(),
                all.stream().map(ai -> ai.address().getAddress().getHostAddress()).sorted().toList());
        List<AddrInfo> v4 = NativeSocket.getAddrInfo("localhost", 0, AF_INET, SOCK_STREAM);
        assertEquals(new InetSocketAddress("127.0.0.1", 0), v4.get(0).address());
        assertEquals(3, NativeSocket.getAddrInfo("127.0.0.1", 7, AF_INET, 0).size(), "stream, datagram and raw, as Python lists them");
        AddrInfo canon = NativeSocket.getAddrInfo("localhost", 0, AF_INET, SOCK_STREAM, 0, NativeSocket.AI_CANONNAME).get(0);
        assertEquals("localhost", canon.canonname());
    }

    @Test
    void ipv6AnswersComeWithTheirFamily() throws Exception {
        AddrInfo v6 = NativeSocket.getAddrInfo("::1", 443, 0, SOCK_STREAM).get(0);
        assertEquals(AF_INET6, v6.family());
        assertInstanceOf(Inet6Address.class, v6.address().getAddress());
        assertEquals(new InetSocketAddress("::1", 443), v6.address());
        // Python's getaddrinfo(None, port, AF_INET6): the loopback
        assertEquals(new InetSocketAddress("::1", 9), NativeSocket.getAddrInfo(null, 9, AF_INET6, SOCK_STREAM).get(0).address());
        assertEquals(new InetSocketAddress("::", 9),
                NativeSocket.getAddrInfo(null, 9, AF_INET6, SOCK_STREAM, 0, NativeSocket.AI_PASSIVE).get(0).address());
    }

    @Test
    void aRefusedLookupIsGaierrorWithPythonsMessage() throws Exception {
        // AI_NUMERICHOST makes the refusal local: no resolver is asked, the answer is always EAI_NONAME
        GaiException e = assertThrows(GaiException.class,
                () -> NativeSocket.getAddrInfo("no-such-host", 80, 0, 0, 0, NativeSocket.AI_NUMERICHOST));
        assertEquals(EAI_NONAME, e.errno());
        assertEquals("[Errno " + EAI_NONAME + "] " + e.strerror(), e.getMessage());
        if (Platform.isLinux()) {
            assertEquals("[Errno -2] Name or service not known", e.getMessage(), "python3 -c \"import socket; socket.getaddrinfo('x', 80, flags=socket.AI_NUMERICHOST)\"");
        }
        // a name nobody has: NXDOMAIN, or EAI_AGAIN where no resolver answers
        GaiException dns = assertThrows(GaiException.class, () -> NativeSocket.getAddrInfo("no-such-host.invalid", 80, 0, 0));
        assertTrue(dns.getMessage().startsWith("[Errno " + dns.errno() + "] "), dns.getMessage());
        assertThrows(GaiException.class, () -> NativeSocket.createConnection("no-such-host.invalid", 80));
        try (NativeSocket s = NativeSocket.open()) {
            assertThrows(GaiException.class, () -> s.connect("no-such-host.invalid", 80));
            assertThrows(GaiException.class, () -> s.connectEx("no-such-host.invalid", 80), "connect_ex raises gaierror too");
            assertThrows(IllegalArgumentException.class, () -> s.bind("localhost", 65536));
        }
        assertThrows(IllegalArgumentException.class, () -> NativeSocket.getAddrInfo("a\0b", 80, 0, 0));
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "glibc's text for EAI_ADDRFAMILY")
    void anAddressOfTheWrongFamilyIsGaierrorAsInPython() throws Exception {
        try (NativeSocket v6 = NativeSocket.open(AF_INET6, SOCK_STREAM)) {
            GaiException e = assertThrows(GaiException.class, () -> v6.bind("127.0.0.1", 0));
            assertEquals("[Errno -9] Address family for hostname not supported", e.getMessage());
        }
    }

    @Test
    void namesWorkInBindConnectAndTheFactories() throws Exception {
        try (NativeSocket server = NativeSocket.createServer("localhost", 0)) {
            InetSocketAddress where = server.getSockName();
            assertEquals(InetAddress.getByName("127.0.0.1"), where.getAddress(), "createServer is AF_INET, as Python's");
            try (NativeSocket byConnect = NativeSocket.open()) {
                byConnect.bind("localhost", 0);
                byConnect.connect("localhost", where.getPort());
                assertEquals(where, byConnect.getPeerName());
                server.accept().socket().close();
            }
            try (NativeSocket byFactory = NativeSocket.createConnection("localhost", where.getPort());
                    NativeSocket accepted = server.accept().socket()) {
                byFactory.sendAll("hi".getBytes());
                assertArrayEquals("hi".getBytes(), accepted.recv(2));
            }
        }
    }

    @Test
    void inetSocketAddressOverloadsAndOpen() throws Exception {
        try (NativeSocket server = NativeSocket.open()) {
            assertEquals(AF_INET, server.family());
            assertEquals(SOCK_STREAM, server.getSockOpt(NativeSocket.SOL_SOCKET, NativeSocket.SO_TYPE));
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            server.listen();
            try (NativeSocket client = NativeSocket.open()) {
                client.connect(server.getSockName()); // a resolved address
                assertEquals(server.getSockName(), client.getPeerName());
            }
            try (NativeSocket client = NativeSocket.open()) {
                client.connect(InetSocketAddress.createUnresolved("localhost", server.getSockName().getPort())); // a name
                assertEquals(server.getSockName(), client.getPeerName());
            }
        }
        try (NativeSocket v6 = NativeSocket.open(AF_INET6, SOCK_STREAM)) {
            v6.bind(new InetSocketAddress("::1", 0));
            assertInstanceOf(Inet6Address.class, v6.getSockName().getAddress());
        }
    }

    /** Python's {@code udp.sendto(b'hi', ('localhost', port))} looks the name up, as bind and connect do. */
    @Test
    void sendToLooksUpAHostName() throws Exception {
        try (NativeSocket receiver = NativeSocket.open(AF_INET, NativeSocket.SOCK_DGRAM);
                NativeSocket sender = NativeSocket.open(AF_INET, NativeSocket.SOCK_DGRAM)) {
            receiver.bind("127.0.0.1", 0);
            int port = receiver.getSockName().getPort();
            assertEquals(2, sender.sendTo("hi".getBytes(), InetSocketAddress.createUnresolved("localhost", port)));
            Datagram d = receiver.recvFrom(16);
            assertArrayEquals("hi".getBytes(), d.data());
            assertEquals(new InetSocketAddress("127.0.0.1", sender.getSockName().getPort()), d.address());
            assertEquals(3, sender.sendTo("bye".getBytes(), "localhost", port));
            assertArrayEquals("bye".getBytes(), receiver.recv(16));
            assertEquals(2, sender.sendTo(java.nio.ByteBuffer.wrap("ok".getBytes()), InetSocketAddress.createUnresolved("localhost", port)));
            assertArrayEquals("ok".getBytes(), receiver.recv(16));
            assertThrows(GaiException.class, () -> sender.sendTo("x".getBytes(),
                    InetSocketAddress.createUnresolved("no-such-host.invalid", port)), "a failed lookup is gaierror, as in Python");
        }
    }

    /**
     * CPython's create_connection tries every address getaddrinfo gives. With host None (Python's
     * getaddrinfo(None, port)) the C library answers both loopbacks; a server listening on the
     * last one only makes every earlier attempt fail first.
     */
    @Test
    void createConnectionTriesEachAddressInTurn() throws Exception {
        List<AddrInfo> answers = NativeSocket.getAddrInfo(null, 1, 0, SOCK_STREAM);
        assumeTrue(answers.size() >= 2 && answers.get(0).family() != answers.get(answers.size() - 1).family(),
                "both loopbacks answered: " + answers);
        InetAddress last = answers.get(answers.size() - 1).address().getAddress();
        try (NativeSocket server = NativeSocket.createServer(last.getHostAddress(), 0)) {
            int port = server.getSockName().getPort();
            try (NativeSocket client = NativeSocket.createConnection(null, port)) {
                assertEquals(last, client.getPeerName().getAddress());
                assertEquals(last instanceof Inet4Address ? AF_INET : AF_INET6, client.family());
            }
        }
        int closed;
        try (NativeSocket s = NativeSocket.createServer("127.0.0.1", 0)) {
            closed = s.getSockName().getPort();
        }
        ConnectionRefusedException e = assertThrows(ConnectionRefusedException.class, () -> NativeSocket.createConnection(null, closed));
        assertEquals(answers.size() - 1, e.getSuppressed().length, "the earlier failures ride along: " + List.of(e.getSuppressed()));
    }

    @Test
    void aVirtualThreadLooksUpWithoutPinningItsCarrier() throws Exception {
        try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
            var f = vts.submit(() -> NativeSocket.getAddrInfo("localhost", 1, AF_INET, SOCK_STREAM));
            assertEquals(new InetSocketAddress("127.0.0.1", 1), f.get(30, TimeUnit.SECONDS).get(0).address());
            var refused = vts.submit(() -> NativeSocket.getAddrInfo("x", 1, 0, 0, 0, NativeSocket.AI_NUMERICHOST));
            assertInstanceOf(GaiException.class, assertThrows(java.util.concurrent.ExecutionException.class, refused::get).getCause());
        }
    }

    /**
     * Lookups from virtual threads run on a bounded set of platform threads: 300 at once queue
     * for them instead of starting a platform thread each.
     */
    @Test
    void manyLookupsFromVirtualThreadsShareABoundedSetOfThreads() throws Exception {
        int lookups = 300;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger mostThreads = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<List<AddrInfo>>> answers = new java.util.ArrayList<>();
        try (ExecutorService vts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < lookups; i++) {
                int port = i;
                answers.add(vts.submit(() -> {
                    start.await();
                    List<AddrInfo> a = NativeSocket.getAddrInfo("localhost", port, AF_INET, SOCK_STREAM);
                    mostThreads.accumulateAndGet(resolverThreads(), Math::max);
                    return a;
                }));
            }
            start.countDown();
            for (int i = 0; i < lookups; i++) {
                assertEquals(new InetSocketAddress("127.0.0.1", i), answers.get(i).get(60, TimeUnit.SECONDS).get(0).address());
            }
        }
        mostThreads.accumulateAndGet(resolverThreads(), Math::max);
        assertTrue(mostThreads.get() >= 1, "the lookups ran on the resolver's threads");
        assertTrue(mostThreads.get() <= Resolver.THREADS,
                mostThreads.get() + " resolver threads for " + lookups + " lookups; the bound is " + Resolver.THREADS);
    }

    private static int resolverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jselect-getaddrinfo")).count();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "AF_NETLINK is Linux's")
    void anUndecodedFamilyStillHasAUsableName() throws Exception {
        int afNetlink = 16;
        int sockRaw = NativeSocket.SOCK_RAW;
        try (NativeSocket s = NativeSocket.open(afNetlink, sockRaw)) {
            InetSocketAddress name = s.getSockName();
            assertTrue(name.isUnresolved());
            assertTrue(name.getHostString().startsWith("[family 16] "), name.getHostString());
            assertNotEquals("", name.getHostString().substring("[family 16] ".length()), "the address bytes follow");
        }
    }
}
