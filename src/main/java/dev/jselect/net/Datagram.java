package dev.jselect.net;

import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code (bytes, address)} from {@code sock.recvfrom()}: the bytes received (the array's
 * length is the count) and the sender's address, null where the kernel reports none (Python's
 * None: a connected stream, an unnamed socketpair peer).
 *
 * @param data the bytes to send
 * @param address the socket address
 */
public record Datagram(byte[] data, @Nullable SocketAddress address) {}
