package dev.jselect.examples;

import dev.jselect.internal.sys.ErrnoNames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.ErrnoException;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Py's output against what CPython 3.11 (and, for print2, 2.7) prints for the same values. */
class PyTest {
    static byte[] b(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void bytesReprMatchesCPython() {
        assertEquals("b'hi\\n'", Py.repr(b("hi\n")));
        assertEquals("b\"it's\"", Py.repr(b("it's")));
        assertEquals("b'it\\'s \"q\"'", Py.repr(b("it's \"q\"")));
        assertEquals("b'\\x00\\x7f\\xff\\t\\r\\\\'", Py.repr(b("\u0000\u007f\u00ff\t\r\\")));
        assertEquals("b''", Py.repr(new byte[0]));
    }

    @Test
    void strOfAddressesListsAndTextMatchesCPython() {
        assertEquals("('127.0.0.1', 5)", Py.str(new InetSocketAddress("127.0.0.1", 5)));
        assertEquals("['POLLIN', 'POLLOUT']", Py.str(List.of("POLLIN", "POLLOUT")));
        assertEquals("text", Py.str("text"));
        assertEquals("None", Py.str(null));
    }

    @Test
    void printJoinsWithOneSpace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Py.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "a", "b", new InetSocketAddress("127.0.0.1", 5), b("x"));
        assertEquals("a b ('127.0.0.1', 5) b'x'" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bytesOperations() {
        assertTrue(Py.contains(b("GET /\r\n\r\n"), b("\n\r\n")));
        assertFalse(Py.contains(b("GET /\r\n"), b("\n\n")));
        assertTrue(Py.contains(b("x"), new byte[0]));
        assertFalse(Py.contains(b(""), b("x")));
        assertArrayEquals(b("abcd"), Py.concat(b("ab"), b("cd")));
        assertArrayEquals(b("cd"), Py.from(b("abcd"), 2));
        assertArrayEquals(b(""), Py.from(b("abcd"), 9));
    }

    static String printed2(Object... items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Py.print2(new PrintStream(bytes, true, StandardCharsets.UTF_8), items);
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** What Python 2.7 prints for the same print statements. */
    @Test
    void print2SpacesItemsAsPython2sPrintStatement() {
        assertEquals(" received  hello\nfrom  ('127.0.0.1', 5)\n",
                printed2(" received ", b("hello\n"), "from ", new InetSocketAddress("127.0.0.1", 5)));
        assertEquals("  ('127.0.0.1', 5) queue empty\n", printed2(" ", new InetSocketAddress("127.0.0.1", 5), "queue empty"));
        assertEquals("x\ty\n", printed2("x\t", "y"));
        assertEquals(" z\n", printed2("", "z"));
        assertEquals("a \n", printed2("a", ""));
        assertEquals("\u00ff\r\n\n", printed2(b("\u00ff\r"), "\n"), "bytes are written as they are");
    }

    @Test
    void strOfAnErrnoExceptionIsPythonsStrOfOsError() {
        // EBADF is 9 with this text on Linux and macOS alike
        assertEquals("[Errno 9] Bad file descriptor", Py.str(ErrnoNames.exception(9, "close")));
        assertEquals("[Errno 9] Bad file descriptor", Py.str(ErrnoNames.exception(9, null)));
        assertEquals("timed out", Py.str(new java.net.SocketTimeoutException("timed out")));
    }

    @Test
    void inputDropsTheNewlineOnlyAndGivesNullAtTheEnd() throws Exception {
        ByteArrayOutputStream prompts = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(prompts, true, StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream("a\r\n\nb\rc ✓".getBytes(StandardCharsets.UTF_8));
        assertEquals("a\r", Py.input(out, in, "> "));
        assertEquals("", Py.input(out, in, "> "));
        assertEquals("b\rc ✓", Py.input(out, in, "> "));
        assertNull(Py.input(out, in, "> "));
        assertEquals("> > > > ", prompts.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readlineReadsWholeLinesFromAPipeAndKeepsNothingBack() throws Exception {
        try (Pipe pipe = Os.pipe()) {
            byte[] longLine = ("y".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8);
            // more than the pipe holds: the writer blocks until readline has read some
            Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int done = 0; done < longLine.length; ) {
                        done += Os.write(pipe.writeFd(), Arrays.copyOfRange(longLine, done, longLine.length));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertArrayEquals(longLine, Py.readline(pipe.readFd()));
            writer.join(10_000);

            Os.write(pipe.writeFd(), b("one\ntwo\n"));
            assertArrayEquals(b("one\ntwo\n"), Py.readline(pipe.readFd()));
            Os.write(pipe.writeFd(), b("no newline"));
            Os.close(pipe.writeFd());
            assertArrayEquals(b("no newline"), Py.readline(pipe.readFd()));
            assertArrayEquals(new byte[0], Py.readline(pipe.readFd()));
        }
    }
}
