package dev.jselect.bench.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The porter's loop answers the load test's requests on one kept-alive connection, a split request only once whole. */
class PorterLoopHttpServerTest {
    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void answersEachRequestOnOneKeptAliveConnection() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread server = new Thread(() -> {
            try {
                PorterLoopHttpServer.main(new String[] {Integer.toString(port), "6"});
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        server.start();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Socket s = connect(port)) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(GET, 0, 20);
                out.flush();
                Thread.sleep(50);
                assertEquals(0, in.available(), "no answer to half a request");
                out.write(GET, 20, GET.length - 20);
                assertArrayEquals(KeepAliveHttp.RESPONSE, in.readNBytes(KeepAliveHttp.RESPONSE.length));
                for (int i = 0; i < 3; i++) {
                    out.write(GET);
                    assertArrayEquals(KeepAliveHttp.RESPONSE, in.readNBytes(KeepAliveHttp.RESPONSE.length),
                            "response " + (i + 2) + " on the same connection");
                }
            }
            server.join();
        });
        assertFalse(server.isAlive(), "the server stops after its lifetime");
        assertEquals(null, failed.get(), "the server ended with an exception");
    }

    /** Connects once the server thread is listening (it binds after start-up). */
    private static Socket connect(int port) throws Exception {
        for (int i = 0;; i++) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (ConnectException e) {
                if (i == 100) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }
}
