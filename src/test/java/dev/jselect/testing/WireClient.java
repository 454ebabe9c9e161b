package dev.jselect.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jselect.Repr;
import dev.jselect.examples.ServerTwin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A test client on a plain {@link java.net.Socket}, as the articles use {@code nc} and Python
 * clients against their servers. Every read gives up after {@link #TIMEOUT_MS}.
 */
public final class WireClient implements AutoCloseable {
    public static final int TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public static WireClient connect(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(ServerTwin.HOST, port), TIMEOUT_MS);
            return new WireClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** This client's own port, which servers print and the chat server announces. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public void send(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly {@code n} bytes; fails at end of stream. */
    public byte[] read(int n) throws IOException {
        byte[] got = in.readNBytes(n);
        if (got.length < n) {
            fail("end of stream after " + got.length + " of " + n + " bytes: " + Repr.of(got));
        }
        return got;
    }

    /** Reads as many bytes as {@code expected} holds and checks every one. */
    public void expect(byte[] expected) throws IOException {
        assertArrayEquals(expected, read(expected.length), () -> "expected " + Repr.of(expected));
    }

    public void expect(String expected) throws IOException {
        expect(expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code text} and checks that exactly it comes back. */
    public void echo(String text) throws IOException {
        send(text);
        expect(text);
    }

    /** Everything up to the server's end of stream. */
    public byte[] readToEof() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    /** Asserts that the server has closed: end of stream, no byte before it. */
    public void expectEof() throws IOException {
        byte[] rest = readToEof();
        assertEquals(0, rest.length, () -> "expected end of stream, got " + Repr.of(rest));
    }

    /**
     * Asserts that the server has closed this connection: end of stream, or a reset where the
     * server closed with bytes of ours still unread (the kernel then answers with RST).
     */
    public void expectClosedByServer() throws IOException {
        try {
            expectEof();
        } catch (SocketException e) {
            if (!"Connection reset".equals(e.getMessage())) {
                throw e;
            }
        }
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** TCP urgent data (MSG_OOB): what select reports in its exceptional list. */
    public void sendUrgent(int b) throws IOException {
        socket.sendUrgentData(b);
    }

    /** Disconnects abruptly: SO_LINGER 0 turns close into a reset (RST). */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
