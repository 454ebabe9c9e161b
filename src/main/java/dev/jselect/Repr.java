package dev.jselect;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code repr()} for what ported programs print: bytes ({@code b'hi\n'}) and socket
 * addresses ({@code ('127.0.0.1', 5000)}), character for character as CPython 3 prints them, so
 * a port's output can be compared with the original's.
 */
public final class Repr {
    private static final String UNDECODED = "[family ";

    private Repr() {}

    /**
     * Python {@code repr(b)} of bytes: {@code b'...'}, in double quotes when the bytes hold a
     * {@code '} and no {@code "}; {@code \t \n \r}, the quote and {@code \\} escaped, other bytes
     * below 0x20 or from 0x7f as {@code \xNN}. A null array is {@code None}.
     *
     * @param b the bytes, or {@code null}
     * @return Python's {@code repr} of it
     */
    public static String of(byte @Nullable [] b) {
        if (b == null) {
            return "None";
        }
        char quote = quoteFor(b.length, i -> b[i]);
        StringBuilder sb = new StringBuilder(b.length + 3).append('b').append(quote);
        for (byte x : b) {
            int c = x & 0xff;
            if (!escaped(sb, c, quote)) {
                if (c < ' ' || c >= 0x7f) {
                    hex(sb, "\\x", c, 2);
                } else {
                    sb.append((char) c);
                }
            }
        }
        return sb.append(quote).toString();
    }

    /**
     * Python's {@code repr()} of a socket address as the socket module returns it:
     * <ul>
     * <li>IPv4: {@code ('127.0.0.1', 5000)};
     * <li>IPv6: the 4-tuple {@code ('::1', 5000, 0, 0)}, the host in the C library's numeric
     *     form (zeros compressed, IPv4-mapped as {@code ::ffff:1.2.3.4}, a scope as
     *     {@code %name} or {@code %index}), flowinfo 0 (jselect does not keep it), the scope id;
     * <li>AF_UNIX, as jselect returns it (an unresolved address whose host string is the path,
     *     port 0) or as a {@link UnixDomainSocketAddress}: the path as a {@code str},
     *     {@code '/tmp/s'} ({@code ''} when unnamed); a Linux abstract name, which starts with
     *     NUL, as bytes, {@code b'\x00name'};
     * <li>an undecoded family (host string {@code "[family N] <hex>"}): {@code (N, b'...')};
     * <li>any other unresolved address, a {@code (host, port)} pair as a program gives it:
     *     {@code ('localhost', 80)}.
     * </ul>
     * A null address is {@code None}; another kind of address is its {@code toString()}.
     *
     * @param a the address, or {@code null}
     * @return Python's {@code repr} of it
     */
    public static String of(@Nullable SocketAddress a) {
        return switch (a) {
            case null -> "None";
            case UnixDomainSocketAddress u -> unixPath(u.getPath().toString());
            case InetSocketAddress i when i.isUnresolved() -> unresolved(i.getHostString(), i.getPort());
            case InetSocketAddress i when i.getAddress() instanceof Inet6Address v6 ->
                    "(" + str(numericHost(v6)) + ", " + i.getPort() + ", 0, " + v6.getScopeId() + ")";
            case InetSocketAddress i -> "(" + str(i.getAddress().getHostAddress()) + ", " + i.getPort() + ")";
            default -> a.toString();
        };
    }

    private static String unresolved(String host, int port) {
        if (port == 0 && host.startsWith(UNDECODED) && host.indexOf("] ") > 0) {
            int close = host.indexOf("] ");
            String family = host.substring(UNDECODED.length(), close);
            try {
                return "(" + Integer.parseInt(family) + ", " + of(HexFormat.of().parseHex(host.substring(close + 2))) + ")";
            } catch (IllegalArgumentException notOurs) {
                // not jselect's form: an AF_UNIX path that merely looks like it
            }
        }
        return port == 0 ? unixPath(host) : "(" + str(host) + ", " + port + ")";
    }

    /** CPython returns a Linux abstract name (a leading NUL) as bytes, any other path as str. */
    private static String unixPath(String path) {
        return !path.isEmpty() && path.charAt(0) == '\0' ? of(path.getBytes(StandardCharsets.UTF_8)) : str(path);
    }

    /**
     * Python {@code repr(s)} of a str: as bytes, but non-ASCII characters stay as they are when
     * printable and are {@code \xNN}, {@code \\uNNNN} or {@code \UNNNNNNNN} otherwise.
     */
    static String str(String s) {
        char quote = quoteFor(s.length(), s::charAt);
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (escaped(sb, c, quote)) {
                continue;
            }
            if (c < ' ' || c == 0x7f) {
                hex(sb, "\\x", c, 2);
            } else if (c < 0x7f || printable(c)) {
                sb.appendCodePoint(c);
            } else if (c <= 0xff) {
                hex(sb, "\\x", c, 2);
            } else if (c <= 0xffff) {
                hex(sb, "\\u", c, 4);
            } else {
                hex(sb, "\\U", c, 8);
            }
        }
        return sb.append(quote).toString();
    }

    /** Python's str.isprintable() for one character: not a control, format, surrogate, private, unassigned or separator but space. */
    private static boolean printable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> c == ' ';
            default -> true;
        };
    }

    @FunctionalInterface
    private interface Unit {
        int at(int i);
    }

    /** CPython's choice: single quotes, unless the text holds a {@code '} and no {@code "}. */
    private static char quoteFor(int length, Unit unit) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < length; i++) {
            int c = unit.at(i);
            single |= c == '\'';
            dbl |= c == '"';
        }
        return single && !dbl ? '"' : '\'';
    }

    /** Appends the escapes bytes and str share; false when {@code c} is none of them. */
    private static boolean escaped(StringBuilder sb, int c, char quote) {
        switch (c) {
            case '\t' -> sb.append("\\t");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (c != quote) {
                    return false;
                }
                sb.append('\\').append(quote);
            }
        }
        return true;
    }

    private static void hex(StringBuilder sb, String prefix, int c, int digits) {
        String h = Integer.toHexString(c);
        sb.append(prefix).append("0".repeat(digits - h.length())).append(h);
    }

    /**
     * The host as getnameinfo(NI_NUMERICHOST) writes it, which CPython prints: glibc's
     * inet_ntop (the first longest run of two or more zero groups as {@code ::}, an IPv4-mapped
     * or IPv4-compatible address with its last 32 bits dotted), then {@code %} and the scope:
     * the interface's name for a link-local address, else the index.
     */
    private static String numericHost(Inet6Address a) {
        String host = ntop(a.getAddress());
        int scope = a.getScopeId();
        if (scope == 0) {
            return host;
        }
        String name = null;
        if (a.isLinkLocalAddress() || a.isMCLinkLocal()) {
            try {
                NetworkInterface nic = NetworkInterface.getByIndex(scope);
                name = nic == null ? null : nic.getName();
            } catch (SocketException e) {
                // no name: the index, as getnameinfo falls back to
            }
        }
        return host + "%" + (name != null ? name : Integer.toString(scope));
    }

    /** glibc's inet_ntop(AF_INET6, raw). */
    static String ntop(byte[] raw) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (raw[2 * i] & 0xff) << 8 | raw[2 * i + 1] & 0xff;
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && words[i] == 0) {
                i++;
            }
            if (i - start > bestLen) {
                bestBase = start;
                bestLen = i - start;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 5 && words[5] == 0xffff)) {
                try {
                    sb.append(InetAddress.getByAddress(Arrays.copyOfRange(raw, 12, 16)).getHostAddress());
                } catch (UnknownHostException e) {
                    throw new AssertionError(e); // four bytes are always an address
                }
                return sb.toString();
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
