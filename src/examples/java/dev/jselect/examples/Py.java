package dev.jselect.examples;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The few Python built-ins the twins need so that what they print, and what the chat server
 * sends, reads exactly as the originals': {@code print}, {@code str}/{@code repr} of bytes,
 * socket addresses and lists, and {@code in} on bytes.
 */
public final class Py {
    private Py() {}

    /** Python {@code print(*args)}: {@code str()} of each argument, separated by one space. */
    public static void print(PrintStream out, Object... args) {
        out.println(Arrays.stream(args).map(Py::str).collect(Collectors.joining(" ")));
    }

    /**
     * Python {@code str(x)}: a {@code String} as it is; bytes as {@code b'...'}; a socket address
     * as the tuple {@code ('127.0.0.1', 5000)}; a list as {@code ['POLLIN', 'POLLOUT']}.
     */
    public static String str(Object x) {
        return x instanceof String s ? s : repr(x);
    }

    /** Python {@code repr(x)} for the types {@link #str} knows. */
    public static String repr(Object x) {
        return switch (x) {
            case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case byte[] b -> bytesRepr(b);
            case InetSocketAddress a -> "('" + a.getAddress().getHostAddress() + "', " + a.getPort() + ")";
            case Collection<?> c -> c.stream().map(Py::repr).collect(Collectors.joining(", ", "[", "]"));
            case null -> "None";
            default -> x.toString();
        };
    }

    /** Python {@code bytes.decode('utf-8', 'replace')}: text for printing, never an exception. */
    public static String decode(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Python {@code str.encode('utf-8')}. */
    public static byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Python {@code needle in haystack} for bytes. */
    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Python {@code a + b} for bytes. */
    public static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Python {@code b[start:]}. */
    public static byte[] from(byte[] b, int start) {
        return Arrays.copyOfRange(b, Math.min(start, b.length), b.length);
    }

    // CPython's bytes_repr: single quotes unless the bytes hold ' and no ".
    private static String bytesRepr(byte[] b) {
        boolean dq = false;
        boolean sq = false;
        for (byte c : b) {
            dq |= c == '"';
            sq |= c == '\'';
        }
        char quote = sq && !dq ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte x : b) {
            int c = x & 0xff;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < ' ' || c >= 0x7f) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append(quote).toString();
    }
}
