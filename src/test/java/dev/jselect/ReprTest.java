package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repr against CPython itself: python3 prints the repr of the same inputs once, and each line must match. */
class ReprTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * The Python side: each input line is a kind, hex bytes ("-" for none) and a port; it prints the repr of bytes,
     * of the UTF-8 text as str, of an IPv4 or IPv6 address tuple as the socket module returns it.
     */
    private static final String PYTHON = """
            import socket, sys
            for line in sys.stdin:
                kind, data, port = line.split()
                raw, port = bytes.fromhex(data.strip('-')), int(port)
                if kind == 'b': print(repr(raw))
                elif kind == 's': print(repr(raw.decode('utf-8')))
                elif kind == '4': print(repr((socket.inet_ntop(socket.AF_INET, raw), port)))
                else: print(repr((socket.inet_ntop(socket.AF_INET6, raw), port, 0, 0)))
            """;

    private record Case(String kind, byte[] data, int port, String java) {
        String line() {
            return kind + " " + (data.length == 0 ? "-" : HEX.formatHex(data)) + " " + port;
        }
    }

    @Test
    void bytesAsPythonPrintsThemOverEveryByteAndARandomCorpus() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            byte[] one = {(byte) b};
            cases.add(new Case("b", one, 0, Repr.of(one)));
            byte[] withQuote = {'\'', (byte) b};
            cases.add(new Case("b", withQuote, 0, Repr.of(withQuote)));
        }
        cases.add(new Case("b", new byte[0], 0, Repr.of(new byte[0])));
        Random random = new Random(42);
        byte[] alphabet = "'\"\\\t\n\r\0 ab\u007f".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[random.nextInt(24)];
            for (int j = 0; j < b.length; j++) {
                b[j] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            cases.add(new Case("b", b, 0, Repr.of(b)));
        }
        assertMatchesPython(cases);
    }

    @Test
    void addressesAsTheSocketModuleReturnsThem() throws Exception {
        List<Case> cases = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] v4 = new byte[4];
            random.nextBytes(v4);
            int port = random.nextInt(65536);
            cases.add(new Case("4", v4, port, Repr.of(new InetSocketAddress(InetAddress.getByAddress(v4), port))));
        }
        List<byte[]> v6s = new ArrayList<>();
        for (String fixed : List.of("::", "::1", "1::", "::ffff:1.2.3.4", "::1.2.3.4", "::ffff:0:1.2.3.4", "fe80::1", "1:0:0:2:0:0:0:3",
                "1:0:2:0:3:0:4:0", "0:0:1:0:0:1:0:0", "2001:db8::ff00:42:8329", "1:2:3:4:5:6:7:8", "::0.0.0.1", "::ffff:0.0.0.0")) {
            v6s.add(InetAddress.getByName(fixed).getAddress().length == 16 ? InetAddress.getByName(fixed).getAddress()
                    : mapped(InetAddress.getByName(fixed).getAddress()));
        }
        for (int i = 0; i < 1500; i++) {
            byte[] v6 = new byte[16];
            for (int w = 0; w < 8; w++) { // mostly zero groups, so that runs of every length and place occur
                int word = random.nextInt(3) == 0 ? random.nextInt(65536) : 0;
                v6[2 * w] = (byte) (word >> 8);
                v6[2 * w + 1] = (byte) word;
            }
            v6s.add(v6);
        }
        for (byte[] v6 : v6s) {
            int port = random.nextInt(65536);
            cases.add(new Case("6", v6, port, Repr.of(new InetSocketAddress(Inet6Address.getByAddress(null, v6, -1), port))));
        }
        assertMatchesPython(cases);
    }

    @Test
    void unixPathsAreStrAndAbstractNamesBytes(@TempDir Path dir) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("plain", "it's", "say \"hi\"", "both ' and \"", "back\\slash", "tab\tnew\nline\rcr",
                "\u0001\u007f", "caf\u00e9", "\u00a0nbsp", "zero\u200bwidth", "\u2028", "\ud83d\ude00", "\u00ad", "\u4e2d\u6587")) {
            String path = dir.resolve(name).toString();
            String java;
            try (NativeSocket s = NativeSocket.open(NativeSocket.AF_UNIX, NativeSocket.SOCK_STREAM)) {
                s.bind(path);
                java = Repr.of(s.getSockName());
            }
            assertEquals(java, Repr.of(UnixDomainSocketAddress.of(path)));
            cases.add(new Case("s", path.getBytes(StandardCharsets.UTF_8), 0, java));
        }
        assertMatchesPython(cases);
        try (NativeSocket unnamed = NativeSocket.open(NativeSocket.AF_UNIX, NativeSocket.SOCK_STREAM)) {
            assertEquals("''", Repr.of(unnamed.getSockName()), "python3 -c \"import socket; print(repr(socket.socket(socket.AF_UNIX).getsockname()))\"");
        }
        assertEquals("b'\\x00jselect-repr'", Repr.of(InetSocketAddress.createUnresolved("\0jselect-repr", 0)), "Linux abstract names are bytes");
    }

    @Test
    void realSocketsAndTheOtherForms() throws Exception {
        try (NativeSocket v4 = NativeSocket.createServer("127.0.0.1", 0)) {
            assertEquals("('127.0.0.1', " + v4.getSockName().getPort() + ")", Repr.of(v4.getSockName()));
        }
        try (NativeSocket v6 = NativeSocket.open(NativeSocket.AF_INET6, NativeSocket.SOCK_STREAM)) {
            v6.bind("::1", 0);
            assertEquals("('::1', " + v6.getSockName().getPort() + ", 0, 0)", Repr.of(v6.getSockName()));
        } catch (ErrnoException noIpv6) {
            assumeTrue(false, "no IPv6 loopback: " + noIpv6);
        }
        assertEquals("('localhost', 80)", Repr.of(InetSocketAddress.createUnresolved("localhost", 80)));
        assertEquals("(16, b'\\x00\\x01')", Repr.of(InetSocketAddress.createUnresolved("[family 16] 0001", 0)));
        assertEquals("None", Repr.of((byte[]) null));
        assertEquals("None", Repr.of((java.net.SocketAddress) null));
    }

    private static byte[] mapped(byte[] v4) {
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }

    /** Runs python3 once over every case and compares its lines with the Java reprs. */
    private static void assertMatchesPython(List<Case> cases) throws IOException, InterruptedException {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder("python3", "-c", PYTHON).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("PYTHONIOENCODING", "utf-8");
            p = pb.start();
        } catch (IOException noPython) {
            assumeTrue(false, "no python3 here: " + noPython.getMessage());
            return;
        }
        StringBuilder input = new StringBuilder();
        for (Case c : cases) {
            input.append(c.line()).append('\n');
        }
        Thread writer = Thread.ofPlatform().start(() -> {
            try (var in = p.getOutputStream()) {
                in.write(input.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // python3 died: its missing lines fail the test
            }
        });
        List<String> python = List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n", -1));
        writer.join();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "python3 ended");
        assertEquals(0, p.exitValue(), "python3's exit status");
        assertEquals(cases.size() + 1, python.size(), "one line per case");
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(python.get(i), cases.get(i).java(), cases.get(i).line());
        }
    }
}
