package dev.jselect.net;

import java.net.InetSocketAddress;

/**
 * One answer of {@link NativeSocket#getAddrInfo}: Python's {@code (family, type, proto,
 * canonname, sockaddr)} tuple. {@code canonname} is "" unless AI_CANONNAME asked for it (as in
 * Python); {@code address} is resolved (numeric), an IPv6 one with its scope id.
 *
 * @param family the address family, such as {@code AF_INET}
 * @param type the socket type, such as {@code SOCK_STREAM}
 * @param proto the protocol, {@code 0} for the default
 * @param canonname the host's canonical name, or ""
 * @param address the address to bind or connect to
 */
public record AddrInfo(int family, int type, int proto, String canonname, InetSocketAddress address) {}
