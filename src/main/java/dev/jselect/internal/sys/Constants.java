package dev.jselect.internal.sys;

/**
 * Every header constant the library uses, as a named field: the one place they are looked up,
 * so a misspelt field fails to compile and a misspelt name fails one test
 * ({@code ConstantsTest} checks each field against every binding set and against
 * {@code jselect.options}), never the class load of some other class.
 *
 * <p>The values are the running platform's (the generated Linux set, or the macOS table). A
 * constant the platform declares absent (EPOLLIN on macOS), and every constant on an unsupported
 * platform, is 0: a flag that sets nothing, for a call that throws there anyway.
 */
public final class Constants {
    private Constants() {}

    // errno: the numbers the library tests for, and those ErrnoException maps to a subclass
    public static final int EACCES = value("EACCES");
    public static final int EAGAIN = value("EAGAIN");
    public static final int EALREADY = value("EALREADY");
    public static final int EBADF = value("EBADF");
    public static final int ECHILD = value("ECHILD");
    public static final int ECONNABORTED = value("ECONNABORTED");
    public static final int ECONNREFUSED = value("ECONNREFUSED");
    public static final int ECONNRESET = value("ECONNRESET");
    public static final int EEXIST = value("EEXIST");
    public static final int EINPROGRESS = value("EINPROGRESS");
    public static final int EINTR = value("EINTR");
    public static final int EINVAL = value("EINVAL");
    public static final int ENOENT = value("ENOENT");
    public static final int ENOSYS = value("ENOSYS");
    public static final int EPERM = value("EPERM");
    public static final int EPIPE = value("EPIPE");
    public static final int ESHUTDOWN = value("ESHUTDOWN");
    public static final int ESRCH = value("ESRCH");
    public static final int EWOULDBLOCK = value("EWOULDBLOCK");

    // poll(2) events
    public static final int POLLERR = value("POLLERR");
    public static final int POLLHUP = value("POLLHUP");
    public static final int POLLIN = value("POLLIN");
    public static final int POLLMSG = value("POLLMSG");
    public static final int POLLNVAL = value("POLLNVAL");
    public static final int POLLOUT = value("POLLOUT");
    public static final int POLLPRI = value("POLLPRI");
    public static final int POLLRDBAND = value("POLLRDBAND");
    public static final int POLLRDHUP = value("POLLRDHUP");
    public static final int POLLRDNORM = value("POLLRDNORM");
    public static final int POLLWRBAND = value("POLLWRBAND");
    public static final int POLLWRNORM = value("POLLWRNORM");

    // epoll(7): events, epoll_ctl operations, epoll_create1 flags
    public static final int EPOLLERR = value("EPOLLERR");
    public static final int EPOLLET = value("EPOLLET");
    public static final int EPOLLEXCLUSIVE = value("EPOLLEXCLUSIVE");
    public static final int EPOLLHUP = value("EPOLLHUP");
    public static final int EPOLLIN = value("EPOLLIN");
    public static final int EPOLLMSG = value("EPOLLMSG");
    public static final int EPOLLONESHOT = value("EPOLLONESHOT");
    public static final int EPOLLOUT = value("EPOLLOUT");
    public static final int EPOLLPRI = value("EPOLLPRI");
    public static final int EPOLLRDBAND = value("EPOLLRDBAND");
    public static final int EPOLLRDHUP = value("EPOLLRDHUP");
    public static final int EPOLLRDNORM = value("EPOLLRDNORM");
    public static final int EPOLLWAKEUP = value("EPOLLWAKEUP");
    public static final int EPOLLWRBAND = value("EPOLLWRBAND");
    public static final int EPOLLWRNORM = value("EPOLLWRNORM");
    public static final int EPOLL_CLOEXEC = value("EPOLL_CLOEXEC");
    public static final int EPOLL_CTL_ADD = value("EPOLL_CTL_ADD");
    public static final int EPOLL_CTL_DEL = value("EPOLL_CTL_DEL");
    public static final int EPOLL_CTL_MOD = value("EPOLL_CTL_MOD");

    // select(2), pipes, eventfd
    public static final int EFD_CLOEXEC = value("EFD_CLOEXEC");
    public static final int EFD_NONBLOCK = value("EFD_NONBLOCK");
    public static final int EFD_SEMAPHORE = value("EFD_SEMAPHORE");
    public static final int FD_SETSIZE = value("FD_SETSIZE");
    public static final int PIPE_BUF = value("PIPE_BUF");

    // fcntl(2) and open(2)
    public static final int FD_CLOEXEC = value("FD_CLOEXEC");
    public static final int F_DUPFD_CLOEXEC = value("F_DUPFD_CLOEXEC");
    public static final int F_GETFD = value("F_GETFD");
    public static final int F_GETFL = value("F_GETFL");
    public static final int F_SETFD = value("F_SETFD");
    public static final int F_SETFL = value("F_SETFL");
    public static final int O_CLOEXEC = value("O_CLOEXEC");
    public static final int O_NONBLOCK = value("O_NONBLOCK");
    public static final int O_RDWR = value("O_RDWR");
    public static final int RLIMIT_NOFILE = value("RLIMIT_NOFILE");

    // sockets: families, types, options, flags, shutdown
    public static final int AF_INET = value("AF_INET");
    public static final int AF_INET6 = value("AF_INET6");
    public static final int AF_UNIX = value("AF_UNIX");
    public static final int AF_UNSPEC = value("AF_UNSPEC");
    public static final int IPPROTO_IPV6 = value("IPPROTO_IPV6");
    public static final int IPPROTO_TCP = value("IPPROTO_TCP");
    public static final int IPPROTO_UDP = value("IPPROTO_UDP");
    public static final int IPV6_V6ONLY = value("IPV6_V6ONLY");
    public static final int MSG_DONTWAIT = value("MSG_DONTWAIT");
    public static final int MSG_NOSIGNAL = value("MSG_NOSIGNAL");
    public static final int MSG_PEEK = value("MSG_PEEK");
    public static final int MSG_WAITALL = value("MSG_WAITALL");
    public static final int SHUT_RD = value("SHUT_RD");
    public static final int SHUT_RDWR = value("SHUT_RDWR");
    public static final int SHUT_WR = value("SHUT_WR");
    public static final int SOCK_CLOEXEC = value("SOCK_CLOEXEC");
    public static final int SOCK_DGRAM = value("SOCK_DGRAM");
    public static final int SOCK_NONBLOCK = value("SOCK_NONBLOCK");
    public static final int SOCK_RAW = value("SOCK_RAW");
    public static final int SOCK_STREAM = value("SOCK_STREAM");
    public static final int SOL_SOCKET = value("SOL_SOCKET");
    public static final int SOMAXCONN = value("SOMAXCONN");
    public static final int SO_ERROR = value("SO_ERROR");
    public static final int SO_KEEPALIVE = value("SO_KEEPALIVE");
    public static final int SO_LINGER = value("SO_LINGER");
    public static final int SO_RCVBUF = value("SO_RCVBUF");
    public static final int SO_REUSEADDR = value("SO_REUSEADDR");
    public static final int SO_REUSEPORT = value("SO_REUSEPORT");
    public static final int SO_SNDBUF = value("SO_SNDBUF");
    public static final int SO_TYPE = value("SO_TYPE");
    public static final int TCP_CORK = value("TCP_CORK");
    public static final int TCP_NODELAY = value("TCP_NODELAY");

    // getaddrinfo(3)
    public static final int AI_ADDRCONFIG = value("AI_ADDRCONFIG");
    public static final int AI_CANONNAME = value("AI_CANONNAME");
    public static final int AI_NUMERICHOST = value("AI_NUMERICHOST");
    public static final int AI_NUMERICSERV = value("AI_NUMERICSERV");
    public static final int AI_PASSIVE = value("AI_PASSIVE");
    public static final int EAI_SYSTEM = value("EAI_SYSTEM");

    // child processes: posix_spawn(3), signals, waitpid(2)
    public static final int POSIX_SPAWN_SETSIGDEF = value("POSIX_SPAWN_SETSIGDEF");
    public static final int POSIX_SPAWN_SETSIGMASK = value("POSIX_SPAWN_SETSIGMASK");
    public static final int SIGKILL = value("SIGKILL");
    public static final int SIGTERM = value("SIGTERM");
    public static final int WNOHANG = value("WNOHANG");
    public static final int SIGALRM = value("SIGALRM");
    public static final int SIGCHLD = value("SIGCHLD");
    public static final int SIGCONT = value("SIGCONT");
    public static final int SIGHUP = value("SIGHUP");
    public static final int SIGINT = value("SIGINT");
    public static final int SIGSTOP = value("SIGSTOP");
    public static final int SIGUSR1 = value("SIGUSR1");
    public static final int SIGUSR2 = value("SIGUSR2");
    public static final int SIGWINCH = value("SIGWINCH");
    /** The kernel's highest real-time signal (64); the JDK interrupts blocked I/O with __SIGRTMAX - 2. */
    public static final int __SIGRTMAX = value("__SIGRTMAX");
    public static final int SA_RESTART = value("SA_RESTART");
    public static final int SIG_BLOCK = value("SIG_BLOCK");
    public static final int SIG_UNBLOCK = value("SIG_UNBLOCK");

    // Linux calls made through syscall(2) (see Syscall)
    public static final int SYS_close_range = value("SYS_close_range");
    public static final int SYS_gettid = value("SYS_gettid");
    public static final int SYS_pidfd_open = value("SYS_pidfd_open");
    public static final int SYS_pidfd_send_signal = value("SYS_pidfd_send_signal");
    public static final int SYS_tgkill = value("SYS_tgkill");

    // timerfd_create(2) and clock_gettime(2)
    public static final int CLOCK_BOOTTIME = value("CLOCK_BOOTTIME");
    public static final int CLOCK_MONOTONIC = value("CLOCK_MONOTONIC");
    public static final int CLOCK_REALTIME = value("CLOCK_REALTIME");
    public static final int TFD_CLOEXEC = value("TFD_CLOEXEC");
    public static final int TFD_NONBLOCK = value("TFD_NONBLOCK");
    public static final int TFD_TIMER_ABSTIME = value("TFD_TIMER_ABSTIME");
    public static final int TFD_TIMER_CANCEL_ON_SET = value("TFD_TIMER_CANCEL_ON_SET");

    /** Lenient on purpose: a name no binding set knows is 0 here and a failure in ConstantsTest. */
    private static int value(String name) {
        return Platform.constant(name, 0);
    }
}
