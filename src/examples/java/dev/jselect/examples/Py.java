package dev.jselect.examples;

import dev.jselect.ErrnoException;
import dev.jselect.Repr;
import dev.jselect.os.Os;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The few Python built-ins the twins need so that what they print, and what the chat server
 * sends, reads exactly as the originals': {@code print} (Python 3's function and Python 2's
 * statement), {@code str}/{@code repr} of strings, lists and {@code OSError} (of bytes and
 * socket addresses: {@link Repr}, which these use),
 * {@code input()}, {@code sys.stdin.readline()}, {@code in} on bytes, and Python's UTF-8
 * standard streams.
 */
public final class Py {
    private Py() {}

    /** Python {@code print(*args)}: {@code str()} of each argument, separated by one space. */
    public static void print(PrintStream out, Object... args) {
        out.println(Arrays.stream(args).map(Py::str).collect(Collectors.joining(" ")));
    }

    /**
     * Python 2's {@code print a, b} statement: a space before each item but the first, unless
     * the item before is a string ending in whitespace other than a space (Python 2's
     * "softspace": {@code print "x\n", "y"} prints {@code "x\ny"}). Bytes, Python 2's
     * {@code str}, are written as they are; other items as {@link #str}.
     */
    public static void print2(PrintStream out, Object... items) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean softspace = false;
        for (Object item : items) {
            if (softspace) {
                line.write(' ');
            }
            byte[] b = item instanceof byte[] raw ? raw : encode(str(item));
            line.writeBytes(b);
            boolean text = item instanceof byte[] || item instanceof String;
            int last = b.length == 0 ? 'x' : b[b.length - 1];
            // C's isspace(), less ' '
            boolean endsInWhitespace = last == '\t' || last == '\n' || last == 0x0b || last == '\f' || last == '\r';
            softspace = !(text && endsInWhitespace);
        }
        line.write('\n');
        out.write(line.toByteArray(), 0, line.size());
        out.flush();
    }

    /**
     * Python {@code str(x)}: a {@code String} as it is; bytes as {@code b'...'}; a socket address
     * as the tuple {@code ('127.0.0.1', 5000)}; a list as {@code ['POLLIN', 'POLLOUT']}; an
     * {@link ErrnoException} as {@code str(OSError)}: {@code [Errno 111] Connection refused}.
     */
    public static String str(Object x) {
        return switch (x) {
            case String s -> s;
            case ErrnoException e -> e.pythonMessage();
            case Throwable t -> String.valueOf(t.getMessage());
            case null, default -> repr(x);
        };
    }

    /** Python {@code repr(x)} for the types {@link #str} knows; bytes and addresses are {@link Repr}'s. */
    public static String repr(Object x) {
        return switch (x) {
            case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
            case byte[] b -> Repr.of(b);
            case SocketAddress a -> Repr.of(a);
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

    /**
     * Python's {@code input(prompt)} where stdin is not a terminal: prompt, read one line, drop
     * its {@code \n} and nothing else (a {@code \r} before it stays, as Python's stdin splits
     * lines at {@code \n} only); null at the end of input, where Python raises EOFError.
     * {@code stdin} should be buffered: it is read a byte at a time, so that nothing after the
     * line is taken from it.
     */
    public static String input(PrintStream out, InputStream stdin, String prompt) throws IOException {
        out.print(prompt);
        out.flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = stdin.read()) != -1 && b != '\n') {
            line.write(b);
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code sys.stdin.readline()} in a loop that selects on stdin: reads the fd until what it
     * has read ends with {@code \n}, or the input ends, so a line longer than one read
     * (4096 bytes from a pipe or terminal) comes whole. Unlike Python's buffered readline it
     * keeps nothing back: lines that arrive together are returned together, so none waits
     * where select cannot see it. Empty at the end of input.
     */
    public static byte[] readline(int fd) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] part;
        do {
            part = Os.read(fd, 65536);
            got.writeBytes(part);
        } while (part.length > 0 && part[part.length - 1] != '\n');
        return got.toByteArray();
    }

    /**
     * Makes {@code System.out} and {@code System.err} write UTF-8 whatever the locale, as
     * Python 3.11 does in the C/POSIX locale (PEP 538, PEP 540) and in every UTF-8 one: the
     * articles' Chinese messages and clients' UTF-8 text then print as the originals print
     * them, where Java would encode them in the locale's charset (in the C locale, a {@code ?}
     * for each). The launcher and the demo call it first thing.
     */
    public static void utf8StandardStreams() {
        System.setOut(utf8(FileDescriptor.out));
        System.setErr(utf8(FileDescriptor.err));
    }

    private static PrintStream utf8(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(fd), 8192), true, StandardCharsets.UTF_8);
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
}
