package dev.jselect.bench.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The load-test protocol: the request scanner, a connection's response accounting, and the NIO server on one kept-alive connection. */
class KeepAliveHttpTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    private static int requestsIn(String text) {
        int state = 0;
        int requests = 0;
        for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
            state = KeepAliveHttp.next(state, b);
            if (state == KeepAliveHttp.END_OF_REQUEST) {
                state = 0;
                requests++;
            }
        }
        return requests;
    }

    @Test
    void aRequestEndsAtTheBlankLineAfterItsHead() {
        assertEquals(1, requestsIn(GET));
        assertEquals(3, requestsIn(GET + GET + GET));
        assertEquals(0, requestsIn("GET / HTTP/1.1\r\nHost: x\r\n"));
        assertEquals(0, requestsIn("GET / HTTP/1.1\n\n\r\r\n"));
        assertEquals(1, requestsIn("GET / HTTP/1.1\r\r\n\r\n"));
    }

    @Test
    void aConnectionOwesOneResponsePerRequestAndResumesAPartialSend() {
        int len = KeepAliveHttp.RESPONSE.length;
        KeepAliveConnection c = new KeepAliveConnection();
        assertFalse(c.owes());
        c.received(ByteBuffer.wrap((GET + GET + GET).getBytes(StandardCharsets.US_ASCII)), 3 * GET.length());
        ByteBuffer out = ByteBuffer.allocate(2 * len + 7);
        c.fill(out);
        assertEquals(2 * len, out.remaining(), "only whole responses after the first one");
        c.sent(len + 5);
        c.fill(out);
        assertEquals(2 * len - 5, out.remaining(), "the second response resumes at its sixth byte");
        assertEquals(KeepAliveHttp.RESPONSE[5], out.get(0));
        c.sent(2 * len - 5);
        assertFalse(c.owes());
    }

    @Test
    void theNioServerAnswersPipelinedAndSplitRequestsOnOneConnection() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String[] args = {Integer.toString(port), "2"};
        Thread server = new Thread(() -> {
            try {
                NioHttpServer.main(args);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        server.start();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (Socket s = connect(port)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write((GET + GET).getBytes(StandardCharsets.US_ASCII));
                byte[] two = in.readNBytes(2 * KeepAliveHttp.RESPONSE.length);
                byte[] expected = new byte[two.length];
                System.arraycopy(KeepAliveHttp.RESPONSE, 0, expected, 0, KeepAliveHttp.RESPONSE.length);
                System.arraycopy(KeepAliveHttp.RESPONSE, 0, expected, KeepAliveHttp.RESPONSE.length, KeepAliveHttp.RESPONSE.length);
                assertArrayEquals(expected, two);

                out.write(GET.substring(0, 20).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(50);
                assertEquals(0, in.available(), "no answer to half a request");
                out.write(GET.substring(20).getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals(KeepAliveHttp.RESPONSE, in.readNBytes(KeepAliveHttp.RESPONSE.length));
            }
            server.join();
        });
        assertFalse(server.isAlive(), "the server stops after its lifetime");
        assertEquals("Hello, world!", new String(Arrays.copyOfRange(KeepAliveHttp.RESPONSE,
                KeepAliveHttp.RESPONSE.length - 13, KeepAliveHttp.RESPONSE.length), StandardCharsets.US_ASCII));
    }

    /** Connects once the server thread is listening (it binds after start-up). */
    private static Socket connect(int port) throws Exception {
        for (int i = 0;; i++) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (java.net.ConnectException e) {
                if (i == 100) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
