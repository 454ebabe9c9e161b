package dev.jselect.internal.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Numeric host strings as CPython's setipaddr reads them, without any lookup: {@code ""} (the
 * any-address), {@code "<broadcast>"} (IPv4), inet_aton's forms of an IPv4 address ("127.1"),
 * and IPv6 literals with an optional scope. Anything else is {@link IllegalArgumentException}.
 */
final class IpLiteral {
    private IpLiteral() {}

    /** True when {@code host} is a literal of {@code family} ({@code afInet} or {@code afInet6}). */
    static boolean isLiteral(int family, int afInet, int afInet6, String host) {
        try {
            if (family == afInet) {
                ipv4(host);
            } else if (family == afInet6) {
                ipv6(host);
            } else {
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The four bytes of an IPv4 literal. */
    static byte[] ipv4(String host) {
        switch (host) {
            case "": return new byte[4];
            case "<broadcast>": return new byte[] {-1, -1, -1, -1};
            default:
                try {
                    return Inet4Address.ofPosixLiteral(host).getAddress();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(notNumeric(host, "IPv4"), e);
                }
        }
    }

    /** An IPv6 literal; "::ffff:a.b.c.d" comes back as the Inet4Address Java makes of it. */
    static InetAddress ipv6(String host) {
        if (host.isEmpty()) {
            try {
                return InetAddress.getByAddress(new byte[16]);
            } catch (UnknownHostException e) {
                throw new AssertionError(e); // 16 bytes is always a valid length
            }
        }
        try {
            return Inet6Address.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(notNumeric(host, "IPv6"), e);
        }
    }

    /** The IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}) of four IPv4 bytes. */
    static byte[] mapped(byte[] v4) {
        byte[] raw = new byte[16];
        raw[10] = -1;
        raw[11] = -1;
        System.arraycopy(v4, 0, raw, 12, 4);
        return raw;
    }

    private static String notNumeric(String host, String kind) {
        return "not a numeric " + kind + " address: '" + host + "'";
    }
}
