package dev.jselect.internal.sys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * HAND-WRITTEN: the macOS header constants jselect uses, for {@link DarwinAbi}. Every value is
 * copied from the xnu/Libc header named in the comment beside it (paths as installed under the
 * SDK's usr/include); both architectures share them. DarwinAbiTest checks the table against the
 * names jselect uses on any machine.
 */
final class DarwinConstants {
    private DarwinConstants() {}

    static final Map<String, Integer> CONSTANTS = new LinkedHashMap<>();

    private static void define(String name, int value) {
        if (CONSTANTS.putIfAbsent(name, value) != null) {
            throw new ExceptionInInitializerError("defined twice: " + name);
        }
    }

    static {
        // <sys/poll.h>
        define("POLLIN", 0x0001);
        define("POLLPRI", 0x0002);
        define("POLLOUT", 0x0004);
        define("POLLRDNORM", 0x0040);
        define("POLLWRNORM", 0x0004); // #define POLLWRNORM POLLOUT: "no write type differentiation"
        define("POLLRDBAND", 0x0080);
        define("POLLWRBAND", 0x0100);
        define("POLLERR", 0x0008);
        define("POLLHUP", 0x0010);
        define("POLLNVAL", 0x0020);
        // <sys/select.h>, <sys/_types/_fd_def.h>: __DARWIN_FD_SETSIZE
        define("FD_SETSIZE", 1024);
        // <sys/syslimits.h>
        define("PIPE_BUF", 512);
        // <sys/fcntl.h>
        define("O_RDONLY", 0x0000);
        define("O_RDWR", 0x0002);
        define("O_NONBLOCK", 0x00000004);
        define("O_CLOEXEC", 0x01000000);
        define("F_GETFD", 1);
        define("F_SETFD", 2);
        define("F_GETFL", 3);
        define("F_SETFL", 4);
        define("F_DUPFD_CLOEXEC", 67);
        define("FD_CLOEXEC", 1);
        // <sys/socket.h>
        define("AF_UNSPEC", 0);
        define("AF_UNIX", 1);
        define("AF_INET", 2);
        define("AF_INET6", 30);
        define("SOCK_STREAM", 1);
        define("SOCK_DGRAM", 2);
        define("SOCK_RAW", 3);
        define("SOL_SOCKET", 0xffff);
        define("SO_REUSEADDR", 0x0004);
        define("SO_KEEPALIVE", 0x0008);
        define("SO_BROADCAST", 0x0020);
        define("SO_LINGER", 0x0080); // the Darwin-source value (in ticks); SO_LINGER_SEC is 0x1080
        define("SO_REUSEPORT", 0x0200);
        define("SO_SNDBUF", 0x1001);
        define("SO_RCVBUF", 0x1002);
        define("SO_ERROR", 0x1007);
        define("SO_TYPE", 0x1008);
        define("SOMAXCONN", 128);
        define("MSG_PEEK", 0x2);
        define("MSG_DONTWAIT", 0x80);
        define("MSG_WAITALL", 0x40);
        define("MSG_TRUNC", 0x10);
        define("MSG_NOSIGNAL", 0x80000); // since macOS 11 (xnu-7195); the JVM ignores SIGPIPE anyway
        define("SHUT_RD", 0);
        define("SHUT_WR", 1);
        define("SHUT_RDWR", 2);
        // <netinet/in.h>
        define("IPPROTO_TCP", 6);
        define("IPPROTO_UDP", 17);
        define("IPPROTO_IPV6", 41);
        // <netinet6/in6.h>
        define("IPV6_V6ONLY", 27);
        // <netinet/tcp.h>
        define("TCP_NODELAY", 0x01);
        // <netdb.h>
        define("AI_PASSIVE", 0x00000001);
        define("AI_CANONNAME", 0x00000002);
        define("AI_NUMERICHOST", 0x00000004);
        define("AI_NUMERICSERV", 0x00001000);
        define("AI_ADDRCONFIG", 0x00000400);
        define("EAI_AGAIN", 2);
        define("EAI_NONAME", 8);
        define("EAI_SYSTEM", 11);
        // <sys/resource.h>
        define("RLIMIT_NOFILE", 8);
        // <sys/signal.h>
        define("SIGHUP", 1);
        define("SIGINT", 2);
        define("SIGQUIT", 3);
        define("SIGKILL", 9);
        define("SIGPIPE", 13);
        define("SIGTERM", 15);
        define("SIGUSR1", 30);
        define("SIGUSR2", 31);
        define("SIGALRM", 14);
        define("SIGCHLD", 20);
        define("SIGCONT", 19);
        define("SIGSTOP", 17);
        define("SIGWINCH", 28);
        define("SIG_BLOCK", 1);
        define("SIG_UNBLOCK", 2);
        define("SA_RESTART", 0x0002);
        // <time.h>
        define("CLOCK_REALTIME", 0);
        define("CLOCK_MONOTONIC", 6);
        // <sys/wait.h>
        define("WNOHANG", 0x00000001);
        // <spawn.h> (Subprocess is Linux-only for now; the values are the same there)
        define("POSIX_SPAWN_SETSIGDEF", 0x0004);
        define("POSIX_SPAWN_SETSIGMASK", 0x0008);
        // <sys/errno.h>: the classic BSD numbering, then Darwin's own
        String[] errnos = {
            "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", // 1-10
            "EDEADLK", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", // 11-20
            "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", // 21-30
            "EMLINK", "EPIPE", "EDOM", "ERANGE", "EAGAIN", "EINPROGRESS", "EALREADY", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", // 31-40
            "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "ENOTSUP", "EPFNOSUPPORT", "EAFNOSUPPORT",
            "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN", // 41-50
            "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN",
            "ETOOMANYREFS", "ETIMEDOUT", // 51-60
            "ECONNREFUSED", "ELOOP", "ENAMETOOLONG", "EHOSTDOWN", "EHOSTUNREACH", "ENOTEMPTY", "EPROCLIM", "EUSERS", "EDQUOT",
            "ESTALE", // 61-70
            "EREMOTE", "EBADRPC", "ERPCMISMATCH", "EPROGUNAVAIL", "EPROGMISMATCH", "EPROCUNAVAIL", "ENOLCK", "ENOSYS", "EFTYPE",
            "EAUTH", // 71-80
            "ENEEDAUTH", "EPWROFF", "EDEVERR", "EOVERFLOW", "EBADEXEC", "EBADARCH", "ESHLIBVERS", "EBADMACHO", "ECANCELED",
            "EIDRM", // 81-90
            "ENOMSG", "EILSEQ", "ENOATTR", "EBADMSG", "EMULTIHOP", "ENODATA", "ENOLINK", "ENOSR", "ENOSTR", "EPROTO", // 91-100
            "ETIME", "EOPNOTSUPP", "ENOPOLICY", "ENOTRECOVERABLE", "EOWNERDEAD", "EQFULL", // 101-106 (ELAST)
        };
        for (int i = 0; i < errnos.length; i++) {
            define(errnos[i], i + 1);
        }
        define("EWOULDBLOCK", 35); // #define EWOULDBLOCK EAGAIN
    }

    /**
     * Constants jselect's API names that macOS does not define: epoll and eventfd are Linux's,
     * POLLMSG/POLLRDHUP are GNU extensions (<bits/poll.h>), <sys/socket.h> has no
     * SOCK_NONBLOCK/SOCK_CLOEXEC (descriptors get FD_CLOEXEC by fcntl instead), and
     * <netinet/tcp.h> has TCP_NOPUSH where Linux has TCP_CORK.
     */
    static final Set<String> LACKS = Set.of(
            "EPOLLIN", "EPOLLPRI", "EPOLLOUT", "EPOLLERR", "EPOLLHUP", "EPOLLRDNORM", "EPOLLRDBAND", "EPOLLWRNORM",
            "EPOLLWRBAND", "EPOLLMSG", "EPOLLRDHUP", "EPOLLET", "EPOLLONESHOT", "EPOLLEXCLUSIVE", "EPOLLWAKEUP",
            "EPOLL_CLOEXEC", "EPOLL_CTL_ADD", "EPOLL_CTL_MOD", "EPOLL_CTL_DEL",
            "EFD_CLOEXEC", "EFD_NONBLOCK", "EFD_SEMAPHORE",
            "TFD_CLOEXEC", "TFD_NONBLOCK", "TFD_TIMER_ABSTIME", "TFD_TIMER_CANCEL_ON_SET", "CLOCK_BOOTTIME", "__SIGRTMAX",
            "SYS_close_range", "SYS_gettid", "SYS_pidfd_open", "SYS_pidfd_send_signal", "SYS_tgkill",
            "POLLMSG", "POLLRDHUP",
            "SOCK_NONBLOCK", "SOCK_CLOEXEC", "TCP_CORK");
}
