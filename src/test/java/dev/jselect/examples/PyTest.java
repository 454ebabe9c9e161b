package dev.jselect.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Py's output against what CPython 3.11 prints for the same values. */
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
}
