package dev.jselect.net;

import java.net.InetSocketAddress;

/**
 * One answer of {@link NativeSocket#getAddrInfo}: Python's {@code (family, type, proto,
 * canonname, sockaddr)} tuple. {@code canonname} is "" unless AI_CANONNAME asked for it (as in
 * Python); {@code address} is resolved (numeric), an IPv6 one with its scope id.
 */
public record AddrInfo(int family, int type, int proto, String canonname, InetSocketAddress address) {}
