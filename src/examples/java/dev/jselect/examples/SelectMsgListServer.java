package dev.jselect.examples;

import dev.jselect.Select;
import dev.jselect.SelectResult;
import dev.jselect.net.NativeSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Twin of article 001's {@code select} server (port 5002): {@code in_list},
 * {@code out_list}, and {@code msg_list} holding a queue per client; whatever a client sends
 * is queued and written back when select says the client is writable.
 *
 * <p>Fixed from the original: its write branch called {@code get_nowait()} on the dict
 * {@code msg_list} instead of on the client's queue ({@code msg_list[c]}), so nothing was ever
 * echoed; {@code "Wait Timeout : in_list = " + len(in_list)} added a str to an int; a client
 * closed earlier in the same round is skipped in the error loop (the original's {@code del}
 * raised KeyError); Python 2's str concatenation of bytes; a reset client is closed instead of
 * ending the server.
 */
public final class SelectMsgListServer extends ServerTwin {
    public static final int PORT = 5002;

    private final NativeSocket tcpServer;

    public SelectMsgListServer(int port, PrintStream out) throws IOException {
        super(out);
        tcpServer = NativeSocket.open(NativeSocket.AF_INET, NativeSocket.SOCK_STREAM);
        tcpServer.bind(HOST, port);
        tcpServer.listen(5);
    }

    @Override
    protected void serve() throws IOException {
        Map<NativeSocket, Queue<byte[]>> msgList = new HashMap<>(); // client queue
        List<NativeSocket> inList = new ArrayList<>();              // socket readline
        List<NativeSocket> outList = new ArrayList<>();             // socket writelist
        inList.add(tcpServer);
        try {
            while (running()) {
                SelectResult<NativeSocket> lists = Select.select(inList, outList, inList, 1);

                if (lists.readable().isEmpty() && lists.writable().isEmpty() && lists.exceptional().isEmpty()) {
                    print("Wait Timeout : in_list = " + inList.size());
                    continue;
                }

                for (NativeSocket c : lists.readable()) {
                    if (c == tcpServer) {
                        NativeSocket client = c.accept().socket();
                        inList.add(client);
                        msgList.put(client, new ArrayDeque<>());
                    } else {
                        byte[] recvData = recvOrEof(c, 1024);
                        if (recvData.length > 0) {
                            print("recv= " + Py.decode(recvData));
                            msgList.get(c).add(recvData); // queue the data
                            if (!outList.contains(c)) {
                                outList.add(c);
                            }
                        } else { // an empty read: the client has gone, forget it everywhere
                            outList.remove(c);
                            inList.remove(c);
                            c.close();
                            msgList.remove(c);
                            print("a client exit");
                        }
                    }
                }

                for (NativeSocket c : lists.exceptional()) {
                    if (msgList.containsKey(c)) {
                        inList.remove(c);
                        outList.remove(c);
                        c.close();
                        msgList.remove(c);
                    }
                }

                for (NativeSocket c : lists.writable()) {
                    if (msgList.containsKey(c)) {
                        byte[] msg = msgList.get(c).poll(); // take from the queue
                        if (msg == null) { // Queue.Empty
                            outList.remove(c);
                        } else {
                            print("send msg= " + Py.decode(msg));
                            sendUnlessGone(c, msg);
                        }
                    }
                }
            }
        } finally {
            closeAll(inList);
        }
    }

    @Override
    protected NativeSocket listener() {
        return tcpServer;
    }

    /** {@code select-msglist-server [port]}. */
    public static void main(String[] args) throws Exception {
        new SelectMsgListServer(port(args, PORT), System.out).serve();
    }
}
