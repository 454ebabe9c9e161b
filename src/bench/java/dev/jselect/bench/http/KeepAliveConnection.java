package dev.jselect.bench.http;

import java.nio.ByteBuffer;

/**
 * One connection's side of the protocol, the same for every event loop that moves bytes through
 * {@link ByteBuffer}s: where the request scanner stands, how many responses are owed, and how
 * much of the first one has gone out. Allocates nothing.
 */
final class KeepAliveConnection {
    private static final int LEN = KeepAliveHttp.RESPONSE.length;

    private int scan;   // KeepAliveHttp.next state
    private int owed;   // responses still to send
    private int sent;   // bytes of the first owed response already sent

    /** Scans the {@code n} bytes at the start of {@code in}; each complete request head owes one response. */
    void received(ByteBuffer in, int n) {
        for (int i = 0; i < n; i++) {
            scan = KeepAliveHttp.next(scan, in.get(i));
            if (scan == KeepAliveHttp.END_OF_REQUEST) {
                scan = 0;
                owed++;
            }
        }
    }

    boolean owes() {
        return owed > 0;
    }

    /** Clears {@code out} and fills it, ready to write, with as much of the owed responses as fits. */
    void fill(ByteBuffer out) {
        out.clear();
        out.put(KeepAliveHttp.RESPONSE, sent, LEN - sent);
        for (int i = 1; i < owed && out.remaining() >= LEN; i++) {
            out.put(KeepAliveHttp.RESPONSE);
        }
        out.flip();
    }

    /** Accounts for {@code n} bytes of {@link #fill}'s output having been sent. */
    void sent(int n) {
        sent += n;
        while (owed > 0 && sent >= LEN) {
            sent -= LEN;
            owed--;
        }
    }
}
