package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.testing.PythonReference;
import dev.jselect.testing.RunningServer;
import dev.jselect.testing.WireClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The epoll HTTP server twin against the bytes its Python original sends: {@code
 * epoll-http-reply.bin} was captured from {@code src/examples/python/epoll_http_server.py}, and
 * the same requests are also sent to that script live when {@code python3} is here.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the twin uses epoll, which is Linux-only")
class EpollHttpServerTest {
    static final String REQUEST = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";

    static byte[] pythonReply() throws IOException {
        try (InputStream in = EpollHttpServerTest.class.getResourceAsStream("epoll-http-reply.bin")) {
            return in.readAllBytes();
        }
    }

    @Test
    void theReplyIsTheCapturedPythonReplyByteForByte() throws Exception {
        assertArrayEquals(pythonReply(), EpollHttpServer.response());
        try (RunningServer server = new RunningServer(EpollHttpServer::new)) {
            assertArrayEquals(pythonReply(), fetch(server.port(), REQUEST));
            server.printed.await("-".repeat(40) + "\nGET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\n");
        }
    }

    @Test
    void severalClientsAtOnceEachGetTheWholeReply() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (RunningServer server = new RunningServer(EpollHttpServer::new)) {
            List<Future<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // half of them end the request with \n\n (EOL1), half with \n\r\n (EOL2)
                String request = i % 2 == 0 ? "GET /" + i + " HTTP/1.0\n\n" : "GET /" + i + " HTTP/1.0\r\n\r\n";
                replies.add(pool.submit(() -> fetch(server.port(), request)));
            }
            for (Future<byte[]> reply : replies) {
                assertArrayEquals(pythonReply(), reply.get(30, TimeUnit.SECONDS));
            }
            assertEquals(8, server.printed.count("-".repeat(40)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestArrivingInPiecesIsAnsweredOnceComplete() throws Exception {
        try (RunningServer server = new RunningServer(EpollHttpServer::new); WireClient client = WireClient.connect(server.port())) {
            client.send("GET / HTTP/1.0\r\n");
            Thread.sleep(50);
            client.send("Host: 127.0.0.1\r\n");
            Thread.sleep(50);
            client.send("\r\n");
            assertArrayEquals(pythonReply(), client.readToEof());
        }
    }

    @Test
    void clientsThatLeaveBeforeTheirRequestEndsAreDroppedAndOthersServed() throws Exception {
        try (RunningServer server = new RunningServer(EpollHttpServer::new)) {
            WireClient reset = WireClient.connect(server.port());
            reset.send("GET / HTTP/1.0\r\n");
            reset.reset();
            try (WireClient halfClosed = WireClient.connect(server.port())) {
                halfClosed.send("GET / HTTP/1.0\r\n");
                halfClosed.shutdownOutput();
                halfClosed.expectEof();
            }
            WireClient silent = WireClient.connect(server.port());
            silent.reset();
            assertArrayEquals(pythonReply(), fetch(server.port(), REQUEST));
        }
    }

    @Test
    void thePythonOriginalAnswersTheSameBytes() throws Exception {
        try (PythonReference python = PythonReference.start("epoll_http_server.py");
                RunningServer twin = new RunningServer(EpollHttpServer::new)) {
            for (String request : List.of(REQUEST, "GET /x HTTP/1.0\n\n")) {
                assertArrayEquals(fetch(python.port(), request), fetch(twin.port(), request));
            }
        }
    }

    /** One request, and everything the server sends until it shuts the connection down. */
    static byte[] fetch(int port, String request) throws IOException {
        try (WireClient client = WireClient.connect(port)) {
            client.send(request);
            return client.readToEof();
        }
    }
}
