package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.Repr;
import dev.jselect.testing.PythonReference;
import dev.jselect.testing.RunningServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The select UDP server twin on the wire, driven by JDK datagram clients: the replies are
 * compared with literal bytes and, where {@code python3} is here, with what the Python original
 * {@code select_udp_server.py} answers to the same datagrams.
 */
class SelectUdpServerTest {
    private static final List<byte[]> DATAGRAMS = List.of(
            "hello".getBytes(StandardCharsets.US_ASCII),
            "Hello again, 123!".getBytes(StandardCharsets.US_ASCII),
            new byte[] {'a', 0, (byte) 0xff, 'z', '\n'},
            new byte[0]);

    @Test
    void eachDatagramIsAnsweredWithTheSendersCountAndTheDataInUpperCase() throws Exception {
        try (RunningServer server = new RunningServer(SelectUdpServer::new); DatagramChannel client = client()) {
            assertArrayEquals("1: HELLO".getBytes(), exchange(client, server.port(), "hello".getBytes()));
            assertArrayEquals("2: ABC".getBytes(), exchange(client, server.port(), "abc".getBytes()));
            int me = ((InetSocketAddress) client.getLocalAddress()).getPort();
            server.printed.await("received b'hello' from ('127.0.0.1', " + me + ")");
            try (DatagramChannel other = client()) {
                assertArrayEquals("1: X".getBytes(), exchange(other, server.port(), "x".getBytes()), "counted per sender");
            }
        }
    }

    @Test
    void manySendersAtOnceAreAllAnswered() throws Exception {
        try (RunningServer server = new RunningServer(SelectUdpServer::new)) {
            List<DatagramChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    DatagramChannel c = client();
                    clients.add(c);
                    c.send(ByteBuffer.wrap(("c" + i).getBytes()), new InetSocketAddress("127.0.0.1", server.port()));
                }
                for (int i = 0; i < 20; i++) {
                    assertArrayEquals(("1: C" + i).getBytes(), receive(clients.get(i)));
                }
            } finally {
                for (DatagramChannel c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void thePythonOriginalAnswersTheSameBytes() throws Exception {
        try (PythonReference python = PythonReference.start("select_udp_server.py");
                RunningServer twin = new RunningServer(SelectUdpServer::new);
                DatagramChannel toPython = client();
                DatagramChannel toTwin = client()) {
            for (byte[] d : DATAGRAMS) {
                assertArrayEquals(exchange(toPython, python.port(), d), exchange(toTwin, twin.port(), d),
                        "reply to " + Repr.of(d));
            }
        }
    }

    private static DatagramChannel client() throws IOException {
        DatagramChannel c = DatagramChannel.open();
        c.bind(new InetSocketAddress("127.0.0.1", 0));
        c.socket().setSoTimeout(10_000);
        return c;
    }

    private static byte[] exchange(DatagramChannel client, int port, byte[] datagram) throws IOException {
        client.send(ByteBuffer.wrap(datagram), new InetSocketAddress("127.0.0.1", port));
        return receive(client);
    }

    /** One reply datagram, waited for at most 10 s (the socket adapter's timeout). */
    private static byte[] receive(DatagramChannel client) throws IOException {
        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[8192], 8192);
        try {
            client.socket().receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no reply within 10 s", e);
        }
        byte[] r = new byte[p.getLength()];
        System.arraycopy(p.getData(), 0, r, 0, r.length);
        assertEquals(r.length, p.getLength());
        return r;
    }
}
