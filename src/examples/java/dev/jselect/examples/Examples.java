package dev.jselect.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Starts any twin by name: {@code mvn -q -Pexample -Dname=epoll-echo-server -Dargs="9000"}.
 * Without a name, or with {@code --help}, lists the twins. Twins print UTF-8 whatever the
 * locale, as their originals do under Python 3.11 ({@link Py#utf8StandardStreams}).
 */
public final class Examples {
    private Examples() {}

    /** A twin's {@code main}. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    /** One runnable twin: its launcher name, the article and port of its original, what it does. */
    record Twin(String name, String article, int port, String usage, String summary, Main main) {}

    static final List<Twin> TWINS = List.of(
            new Twin("select-oneshot-server", "000", SelectOneShotServer.PORT, "[port [pause-seconds]]",
                    "select one client at a time, print its message, pause, hang up", SelectOneShotServer::main),
            new Twin("select-oneshot-client", "000", SelectOneShotClient.PORT, "[port]",
                    "send \"" + SelectOneShotClient.MESSAGE + "\" and close", SelectOneShotClient::main),
            new Twin("select-queue-server", "000", SelectQueueServer.PORT_000, "[port [pause-seconds]]",
                    "select echo with a message queue per connection, 5 s pause before each send", SelectQueueServer::main000),
            new Twin("epoll-http-server", "000", EpollHttpServer.PORT, "[port]",
                    "epoll HTTP/1.0 \"Hello, world!\": EPOLLIN -> EPOLLOUT, TCP_CORK, shutdown", EpollHttpServer::main),
            new Twin("select-msglist-server", "001", SelectMsgListServer.PORT, "[port]",
                    "select echo with in_list/out_list/msg_list queues", SelectMsgListServer::main),
            new Twin("epoll-echo-server", "002", EpollEchoServer.PORT, "[port]",
                    "epoll echo, logging every event's flag names", EpollEchoServer::main),
            new Twin("select-echo-server", "002", SelectEchoServer.PORT, "[port]",
                    "select echo with logging", SelectEchoServer::main),
            new Twin("poll-echo-server", "002", PollEchoServer.PORT, "[port]",
                    "poll echo, logging every event's flag names", PollEchoServer::main),
            new Twin("select-print-server", "003", SelectPrintServer.PORT, "[port]",
                    "select server printing what clients send", SelectPrintServer::main),
            new Twin("input-client", "003", InputClient.PORT, "[port]",
                    "send each line typed (for select-print-server)", InputClient::main),
            new Twin("select-stdin-client", "003", SelectStdinClient.PORT, "[port]",
                    "select on stdin and a socket (for select-queue-echo-server)", SelectStdinClient::main),
            new Twin("select-queue-echo-server", "003", SelectQueueServer.PORT, "[port [pause-seconds]]",
                    "select echo with a message queue per connection", SelectQueueServer::main),
            new Twin("select-chat-server", "003", SelectChatServer.PORT, "[port]",
                    "select chat room: broadcast each message to every other client", SelectChatServer::main),
            new Twin("select-chat-client", "003", SelectChatClient.PORT, "[port]",
                    "chat client: select on stdin and the server", SelectChatClient::main),
            new Twin("select-echo-server-8096", "004", SelectEchoServer8096.PORT, "[port]",
                    "select echo, printing each message", SelectEchoServer8096::main),
            new Twin("epoll-echo-server-8096", "004", EpollEchoServer8096.PORT, "[port]",
                    "epoll echo, printing each message", EpollEchoServer8096::main),
            new Twin("selectors-echo-server", "selectors docs", SelectorsEchoServer.PORT, "[port]",
                    "selectors echo with callbacks as key data, on Selectors.open()", SelectorsEchoServer::main),
            new Twin("select-port-forwarder", "porting", SelectPortForwarder.PORT, "[port [target-host [target-port]]]",
                    "select TCP port forwarder to a host name; Ctrl-C stops it cleanly", SelectPortForwarder::main),
            new Twin("subprocess-stream", "Popen.communicate", 0, "SECS FILE|- CMD [ARG...]",
                    "run CMD, stream its stdout/stderr through a selector, feed FILE to its stdin (- for none)", SubprocessStream::main),
            new Twin("select-udp-server", "select_udp_server.py", SelectUdpServer.PORT, "[port]",
                    "select over a UDP socket: recvfrom, queue, sendto when writable", SelectUdpServer::main),
            new Twin("selectors-interrupt-server", "selectors_interrupt_server.py", SelectorsInterruptServer.PORT, "[port]",
                    "selectors echo that stops on Ctrl-C through catch (KeyboardInterruptException e)", SelectorsInterruptServer::main));

    /** {@code Examples [name [args...]]}; exit status 2 for an unknown name. */
    public static void main(String[] args) throws Exception {
        Py.utf8StandardStreams();
        if (args.length == 0 || args[0].isBlank() || args[0].equals("--help") || args[0].equals("-h")) {
            usage(System.out);
            return;
        }
        Twin twin = find(args[0]);
        if (twin == null) {
            System.err.println("no twin named '" + args[0] + "'");
            usage(System.err);
            System.exit(2);
            return;
        }
        configureLogging();
        try {
            twin.main().main(Arrays.copyOfRange(args, 1, args.length));
        } catch (Exception e) {
            // One line a user can act on, not a stack trace under the build tool's own.
            System.err.println(twin.name() + ": " + e);
            System.err.println("usage: " + twin.name() + " " + twin.usage());
            System.exit(1);
        }
    }

    static Twin find(String name) {
        return TWINS.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    static void usage(PrintStream out) {
        out.println("Java twins of the Python programs in the five articles (docs/examples.md), all on 127.0.0.1:");
        out.println("  mvn -q -Pexample -Dname=NAME -Dargs=\"ARGS\"");
        out.println();
        String row = "  %-26s %-23s %-15s %s%n";
        out.printf(row, "NAME", "ARGS", "ARTICLE", "WHAT (DEFAULT PORT)");
        for (Twin t : TWINS) {
            out.printf(row, t.name(), t.usage(), t.article(), t.summary() + (t.port() > 0 ? " (" + t.port() + ")" : ""));
        }
    }

    /**
     * Logging as the originals configure it: their own DEBUG records shown with a timestamp;
     * jselect's own DEBUG records (register/modify/unregister) stay off. A -D on the command line wins.
     */
    private static void configureLogging() {
        String prefix = "org.slf4j.simpleLogger.";
        setIfAbsent(prefix + "defaultLogLevel", "info");
        setIfAbsent(prefix + "log.dev.jselect.examples", "debug");
        setIfAbsent(prefix + "showDateTime", "true");
        setIfAbsent(prefix + "dateTimeFormat", "yyyy-MM-dd HH:mm:ss,SSS");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
