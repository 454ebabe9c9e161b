package dev.jselect.internal.sys;

import dev.jselect.ffi.linux_aarch64.linux_aarch64_h;
import dev.jselect.ffi.linux_x86_64.linux_x86_64_h;

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
    // On Linux each value is read straight from its binding set's generated class, a static call
    // per constant: looking 133 names up by reflection cost a fresh process 10-20 ms.
    private static final boolean X86 = Platform.describe().equals(Abi.LINUX_X86_64);
    private static final boolean ARM = Platform.describe().equals(Abi.LINUX_AARCH64);

    private Constants() {}

    // errno: the numbers the library tests for, and those ErrnoException maps to a subclass
    public static final int EACCES = X86 ? linux_x86_64_h.EACCES() : ARM ? linux_aarch64_h.EACCES() : value("EACCES");
    public static final int EAGAIN = X86 ? linux_x86_64_h.EAGAIN() : ARM ? linux_aarch64_h.EAGAIN() : value("EAGAIN");
    public static final int EALREADY =
            X86 ? linux_x86_64_h.EALREADY() : ARM ? linux_aarch64_h.EALREADY() : value("EALREADY");
    public static final int EBADF = X86 ? linux_x86_64_h.EBADF() : ARM ? linux_aarch64_h.EBADF() : value("EBADF");
    public static final int ECHILD = X86 ? linux_x86_64_h.ECHILD() : ARM ? linux_aarch64_h.ECHILD() : value("ECHILD");
    public static final int ECONNABORTED =
            X86 ? linux_x86_64_h.ECONNABORTED() : ARM ? linux_aarch64_h.ECONNABORTED() : value("ECONNABORTED");
    public static final int ECONNREFUSED =
            X86 ? linux_x86_64_h.ECONNREFUSED() : ARM ? linux_aarch64_h.ECONNREFUSED() : value("ECONNREFUSED");
    public static final int ECONNRESET =
            X86 ? linux_x86_64_h.ECONNRESET() : ARM ? linux_aarch64_h.ECONNRESET() : value("ECONNRESET");
    public static final int EEXIST = X86 ? linux_x86_64_h.EEXIST() : ARM ? linux_aarch64_h.EEXIST() : value("EEXIST");
    public static final int EINPROGRESS =
            X86 ? linux_x86_64_h.EINPROGRESS() : ARM ? linux_aarch64_h.EINPROGRESS() : value("EINPROGRESS");
    public static final int EINTR = X86 ? linux_x86_64_h.EINTR() : ARM ? linux_aarch64_h.EINTR() : value("EINTR");
    public static final int EINVAL = X86 ? linux_x86_64_h.EINVAL() : ARM ? linux_aarch64_h.EINVAL() : value("EINVAL");
    public static final int ENOENT = X86 ? linux_x86_64_h.ENOENT() : ARM ? linux_aarch64_h.ENOENT() : value("ENOENT");
    public static final int ENOSYS = X86 ? linux_x86_64_h.ENOSYS() : ARM ? linux_aarch64_h.ENOSYS() : value("ENOSYS");
    public static final int EPERM = X86 ? linux_x86_64_h.EPERM() : ARM ? linux_aarch64_h.EPERM() : value("EPERM");
    public static final int EPIPE = X86 ? linux_x86_64_h.EPIPE() : ARM ? linux_aarch64_h.EPIPE() : value("EPIPE");
    public static final int ESHUTDOWN =
            X86 ? linux_x86_64_h.ESHUTDOWN() : ARM ? linux_aarch64_h.ESHUTDOWN() : value("ESHUTDOWN");
    public static final int ESRCH = X86 ? linux_x86_64_h.ESRCH() : ARM ? linux_aarch64_h.ESRCH() : value("ESRCH");
    public static final int EWOULDBLOCK =
            X86 ? linux_x86_64_h.EWOULDBLOCK() : ARM ? linux_aarch64_h.EWOULDBLOCK() : value("EWOULDBLOCK");

    // poll(2) events
    public static final int POLLERR =
            X86 ? linux_x86_64_h.POLLERR() : ARM ? linux_aarch64_h.POLLERR() : value("POLLERR");
    public static final int POLLHUP =
            X86 ? linux_x86_64_h.POLLHUP() : ARM ? linux_aarch64_h.POLLHUP() : value("POLLHUP");
    public static final int POLLIN = X86 ? linux_x86_64_h.POLLIN() : ARM ? linux_aarch64_h.POLLIN() : value("POLLIN");
    public static final int POLLMSG =
            X86 ? linux_x86_64_h.POLLMSG() : ARM ? linux_aarch64_h.POLLMSG() : value("POLLMSG");
    public static final int POLLNVAL =
            X86 ? linux_x86_64_h.POLLNVAL() : ARM ? linux_aarch64_h.POLLNVAL() : value("POLLNVAL");
    public static final int POLLOUT =
            X86 ? linux_x86_64_h.POLLOUT() : ARM ? linux_aarch64_h.POLLOUT() : value("POLLOUT");
    public static final int POLLPRI =
            X86 ? linux_x86_64_h.POLLPRI() : ARM ? linux_aarch64_h.POLLPRI() : value("POLLPRI");
    public static final int POLLRDBAND =
            X86 ? linux_x86_64_h.POLLRDBAND() : ARM ? linux_aarch64_h.POLLRDBAND() : value("POLLRDBAND");
    public static final int POLLRDHUP =
            X86 ? linux_x86_64_h.POLLRDHUP() : ARM ? linux_aarch64_h.POLLRDHUP() : value("POLLRDHUP");
    public static final int POLLRDNORM =
            X86 ? linux_x86_64_h.POLLRDNORM() : ARM ? linux_aarch64_h.POLLRDNORM() : value("POLLRDNORM");
    public static final int POLLWRBAND =
            X86 ? linux_x86_64_h.POLLWRBAND() : ARM ? linux_aarch64_h.POLLWRBAND() : value("POLLWRBAND");
    public static final int POLLWRNORM =
            X86 ? linux_x86_64_h.POLLWRNORM() : ARM ? linux_aarch64_h.POLLWRNORM() : value("POLLWRNORM");

    // epoll(7): events, epoll_ctl operations, epoll_create1 flags
    public static final int EPOLLERR =
            X86 ? linux_x86_64_h.EPOLLERR() : ARM ? linux_aarch64_h.EPOLLERR() : value("EPOLLERR");
    public static final int EPOLLET =
            X86 ? linux_x86_64_h.EPOLLET() : ARM ? linux_aarch64_h.EPOLLET() : value("EPOLLET");
    public static final int EPOLLEXCLUSIVE =
            X86 ? linux_x86_64_h.EPOLLEXCLUSIVE() : ARM ? linux_aarch64_h.EPOLLEXCLUSIVE() : value("EPOLLEXCLUSIVE");
    public static final int EPOLLHUP =
            X86 ? linux_x86_64_h.EPOLLHUP() : ARM ? linux_aarch64_h.EPOLLHUP() : value("EPOLLHUP");
    public static final int EPOLLIN =
            X86 ? linux_x86_64_h.EPOLLIN() : ARM ? linux_aarch64_h.EPOLLIN() : value("EPOLLIN");
    public static final int EPOLLMSG =
            X86 ? linux_x86_64_h.EPOLLMSG() : ARM ? linux_aarch64_h.EPOLLMSG() : value("EPOLLMSG");
    public static final int EPOLLONESHOT =
            X86 ? linux_x86_64_h.EPOLLONESHOT() : ARM ? linux_aarch64_h.EPOLLONESHOT() : value("EPOLLONESHOT");
    public static final int EPOLLOUT =
            X86 ? linux_x86_64_h.EPOLLOUT() : ARM ? linux_aarch64_h.EPOLLOUT() : value("EPOLLOUT");
    public static final int EPOLLPRI =
            X86 ? linux_x86_64_h.EPOLLPRI() : ARM ? linux_aarch64_h.EPOLLPRI() : value("EPOLLPRI");
    public static final int EPOLLRDBAND =
            X86 ? linux_x86_64_h.EPOLLRDBAND() : ARM ? linux_aarch64_h.EPOLLRDBAND() : value("EPOLLRDBAND");
    public static final int EPOLLRDHUP =
            X86 ? linux_x86_64_h.EPOLLRDHUP() : ARM ? linux_aarch64_h.EPOLLRDHUP() : value("EPOLLRDHUP");
    public static final int EPOLLRDNORM =
            X86 ? linux_x86_64_h.EPOLLRDNORM() : ARM ? linux_aarch64_h.EPOLLRDNORM() : value("EPOLLRDNORM");
    public static final int EPOLLWAKEUP =
            X86 ? linux_x86_64_h.EPOLLWAKEUP() : ARM ? linux_aarch64_h.EPOLLWAKEUP() : value("EPOLLWAKEUP");
    public static final int EPOLLWRBAND =
            X86 ? linux_x86_64_h.EPOLLWRBAND() : ARM ? linux_aarch64_h.EPOLLWRBAND() : value("EPOLLWRBAND");
    public static final int EPOLLWRNORM =
            X86 ? linux_x86_64_h.EPOLLWRNORM() : ARM ? linux_aarch64_h.EPOLLWRNORM() : value("EPOLLWRNORM");
    public static final int EPOLL_CLOEXEC =
            X86 ? linux_x86_64_h.EPOLL_CLOEXEC() : ARM ? linux_aarch64_h.EPOLL_CLOEXEC() : value("EPOLL_CLOEXEC");
    public static final int EPOLL_CTL_ADD =
            X86 ? linux_x86_64_h.EPOLL_CTL_ADD() : ARM ? linux_aarch64_h.EPOLL_CTL_ADD() : value("EPOLL_CTL_ADD");
    public static final int EPOLL_CTL_DEL =
            X86 ? linux_x86_64_h.EPOLL_CTL_DEL() : ARM ? linux_aarch64_h.EPOLL_CTL_DEL() : value("EPOLL_CTL_DEL");
    public static final int EPOLL_CTL_MOD =
            X86 ? linux_x86_64_h.EPOLL_CTL_MOD() : ARM ? linux_aarch64_h.EPOLL_CTL_MOD() : value("EPOLL_CTL_MOD");

    // select(2), pipes, eventfd
    public static final int EFD_CLOEXEC =
            X86 ? linux_x86_64_h.EFD_CLOEXEC() : ARM ? linux_aarch64_h.EFD_CLOEXEC() : value("EFD_CLOEXEC");
    public static final int EFD_NONBLOCK =
            X86 ? linux_x86_64_h.EFD_NONBLOCK() : ARM ? linux_aarch64_h.EFD_NONBLOCK() : value("EFD_NONBLOCK");
    public static final int EFD_SEMAPHORE =
            X86 ? linux_x86_64_h.EFD_SEMAPHORE() : ARM ? linux_aarch64_h.EFD_SEMAPHORE() : value("EFD_SEMAPHORE");
    public static final int FD_SETSIZE =
            X86 ? linux_x86_64_h.FD_SETSIZE() : ARM ? linux_aarch64_h.FD_SETSIZE() : value("FD_SETSIZE");
    public static final int PIPE_BUF =
            X86 ? linux_x86_64_h.PIPE_BUF() : ARM ? linux_aarch64_h.PIPE_BUF() : value("PIPE_BUF");

    // fcntl(2) and open(2)
    public static final int FD_CLOEXEC =
            X86 ? linux_x86_64_h.FD_CLOEXEC() : ARM ? linux_aarch64_h.FD_CLOEXEC() : value("FD_CLOEXEC");
    public static final int F_DUPFD_CLOEXEC =
            X86 ? linux_x86_64_h.F_DUPFD_CLOEXEC() : ARM ? linux_aarch64_h.F_DUPFD_CLOEXEC() : value("F_DUPFD_CLOEXEC");
    public static final int F_GETFD =
            X86 ? linux_x86_64_h.F_GETFD() : ARM ? linux_aarch64_h.F_GETFD() : value("F_GETFD");
    public static final int F_GETFL =
            X86 ? linux_x86_64_h.F_GETFL() : ARM ? linux_aarch64_h.F_GETFL() : value("F_GETFL");
    public static final int F_SETFD =
            X86 ? linux_x86_64_h.F_SETFD() : ARM ? linux_aarch64_h.F_SETFD() : value("F_SETFD");
    public static final int F_SETFL =
            X86 ? linux_x86_64_h.F_SETFL() : ARM ? linux_aarch64_h.F_SETFL() : value("F_SETFL");
    public static final int O_CLOEXEC =
            X86 ? linux_x86_64_h.O_CLOEXEC() : ARM ? linux_aarch64_h.O_CLOEXEC() : value("O_CLOEXEC");
    public static final int O_NONBLOCK =
            X86 ? linux_x86_64_h.O_NONBLOCK() : ARM ? linux_aarch64_h.O_NONBLOCK() : value("O_NONBLOCK");
    public static final int O_RDWR = X86 ? linux_x86_64_h.O_RDWR() : ARM ? linux_aarch64_h.O_RDWR() : value("O_RDWR");
    public static final int RLIMIT_NOFILE =
            X86 ? linux_x86_64_h.RLIMIT_NOFILE() : ARM ? linux_aarch64_h.RLIMIT_NOFILE() : value("RLIMIT_NOFILE");

    // sockets: families, types, options, flags, shutdown
    public static final int AF_INET =
            X86 ? linux_x86_64_h.AF_INET() : ARM ? linux_aarch64_h.AF_INET() : value("AF_INET");
    public static final int AF_INET6 =
            X86 ? linux_x86_64_h.AF_INET6() : ARM ? linux_aarch64_h.AF_INET6() : value("AF_INET6");
    public static final int AF_UNIX =
            X86 ? linux_x86_64_h.AF_UNIX() : ARM ? linux_aarch64_h.AF_UNIX() : value("AF_UNIX");
    public static final int AF_UNSPEC =
            X86 ? linux_x86_64_h.AF_UNSPEC() : ARM ? linux_aarch64_h.AF_UNSPEC() : value("AF_UNSPEC");
    public static final int IPPROTO_IPV6 =
            X86 ? linux_x86_64_h.IPPROTO_IPV6() : ARM ? linux_aarch64_h.IPPROTO_IPV6() : value("IPPROTO_IPV6");
    public static final int IPPROTO_TCP =
            X86 ? linux_x86_64_h.IPPROTO_TCP() : ARM ? linux_aarch64_h.IPPROTO_TCP() : value("IPPROTO_TCP");
    public static final int IPPROTO_UDP =
            X86 ? linux_x86_64_h.IPPROTO_UDP() : ARM ? linux_aarch64_h.IPPROTO_UDP() : value("IPPROTO_UDP");
    public static final int IPV6_V6ONLY =
            X86 ? linux_x86_64_h.IPV6_V6ONLY() : ARM ? linux_aarch64_h.IPV6_V6ONLY() : value("IPV6_V6ONLY");
    public static final int MSG_DONTWAIT =
            X86 ? linux_x86_64_h.MSG_DONTWAIT() : ARM ? linux_aarch64_h.MSG_DONTWAIT() : value("MSG_DONTWAIT");
    public static final int MSG_NOSIGNAL =
            X86 ? linux_x86_64_h.MSG_NOSIGNAL() : ARM ? linux_aarch64_h.MSG_NOSIGNAL() : value("MSG_NOSIGNAL");
    public static final int MSG_PEEK =
            X86 ? linux_x86_64_h.MSG_PEEK() : ARM ? linux_aarch64_h.MSG_PEEK() : value("MSG_PEEK");
    public static final int MSG_WAITALL =
            X86 ? linux_x86_64_h.MSG_WAITALL() : ARM ? linux_aarch64_h.MSG_WAITALL() : value("MSG_WAITALL");
    public static final int SHUT_RD =
            X86 ? linux_x86_64_h.SHUT_RD() : ARM ? linux_aarch64_h.SHUT_RD() : value("SHUT_RD");
    public static final int SHUT_RDWR =
            X86 ? linux_x86_64_h.SHUT_RDWR() : ARM ? linux_aarch64_h.SHUT_RDWR() : value("SHUT_RDWR");
    public static final int SHUT_WR =
            X86 ? linux_x86_64_h.SHUT_WR() : ARM ? linux_aarch64_h.SHUT_WR() : value("SHUT_WR");
    public static final int SOCK_CLOEXEC =
            X86 ? linux_x86_64_h.SOCK_CLOEXEC() : ARM ? linux_aarch64_h.SOCK_CLOEXEC() : value("SOCK_CLOEXEC");
    public static final int SOCK_DGRAM =
            X86 ? linux_x86_64_h.SOCK_DGRAM() : ARM ? linux_aarch64_h.SOCK_DGRAM() : value("SOCK_DGRAM");
    public static final int SOCK_NONBLOCK =
            X86 ? linux_x86_64_h.SOCK_NONBLOCK() : ARM ? linux_aarch64_h.SOCK_NONBLOCK() : value("SOCK_NONBLOCK");
    public static final int SOCK_RAW =
            X86 ? linux_x86_64_h.SOCK_RAW() : ARM ? linux_aarch64_h.SOCK_RAW() : value("SOCK_RAW");
    public static final int SOCK_STREAM =
            X86 ? linux_x86_64_h.SOCK_STREAM() : ARM ? linux_aarch64_h.SOCK_STREAM() : value("SOCK_STREAM");
    public static final int SOL_SOCKET =
            X86 ? linux_x86_64_h.SOL_SOCKET() : ARM ? linux_aarch64_h.SOL_SOCKET() : value("SOL_SOCKET");
    public static final int SOMAXCONN =
            X86 ? linux_x86_64_h.SOMAXCONN() : ARM ? linux_aarch64_h.SOMAXCONN() : value("SOMAXCONN");
    public static final int SO_ERROR =
            X86 ? linux_x86_64_h.SO_ERROR() : ARM ? linux_aarch64_h.SO_ERROR() : value("SO_ERROR");
    public static final int SO_KEEPALIVE =
            X86 ? linux_x86_64_h.SO_KEEPALIVE() : ARM ? linux_aarch64_h.SO_KEEPALIVE() : value("SO_KEEPALIVE");
    public static final int SO_LINGER =
            X86 ? linux_x86_64_h.SO_LINGER() : ARM ? linux_aarch64_h.SO_LINGER() : value("SO_LINGER");
    public static final int SO_RCVBUF =
            X86 ? linux_x86_64_h.SO_RCVBUF() : ARM ? linux_aarch64_h.SO_RCVBUF() : value("SO_RCVBUF");
    public static final int SO_REUSEADDR =
            X86 ? linux_x86_64_h.SO_REUSEADDR() : ARM ? linux_aarch64_h.SO_REUSEADDR() : value("SO_REUSEADDR");
    public static final int SO_REUSEPORT =
            X86 ? linux_x86_64_h.SO_REUSEPORT() : ARM ? linux_aarch64_h.SO_REUSEPORT() : value("SO_REUSEPORT");
    public static final int SO_SNDBUF =
            X86 ? linux_x86_64_h.SO_SNDBUF() : ARM ? linux_aarch64_h.SO_SNDBUF() : value("SO_SNDBUF");
    public static final int SO_TYPE =
            X86 ? linux_x86_64_h.SO_TYPE() : ARM ? linux_aarch64_h.SO_TYPE() : value("SO_TYPE");
    public static final int TCP_CORK =
            X86 ? linux_x86_64_h.TCP_CORK() : ARM ? linux_aarch64_h.TCP_CORK() : value("TCP_CORK");
    public static final int TCP_NODELAY =
            X86 ? linux_x86_64_h.TCP_NODELAY() : ARM ? linux_aarch64_h.TCP_NODELAY() : value("TCP_NODELAY");

    // getaddrinfo(3)
    public static final int AI_ADDRCONFIG =
            X86 ? linux_x86_64_h.AI_ADDRCONFIG() : ARM ? linux_aarch64_h.AI_ADDRCONFIG() : value("AI_ADDRCONFIG");
    public static final int AI_CANONNAME =
            X86 ? linux_x86_64_h.AI_CANONNAME() : ARM ? linux_aarch64_h.AI_CANONNAME() : value("AI_CANONNAME");
    public static final int AI_NUMERICHOST =
            X86 ? linux_x86_64_h.AI_NUMERICHOST() : ARM ? linux_aarch64_h.AI_NUMERICHOST() : value("AI_NUMERICHOST");
    public static final int AI_NUMERICSERV =
            X86 ? linux_x86_64_h.AI_NUMERICSERV() : ARM ? linux_aarch64_h.AI_NUMERICSERV() : value("AI_NUMERICSERV");
    public static final int AI_PASSIVE =
            X86 ? linux_x86_64_h.AI_PASSIVE() : ARM ? linux_aarch64_h.AI_PASSIVE() : value("AI_PASSIVE");
    public static final int EAI_SYSTEM =
            X86 ? linux_x86_64_h.EAI_SYSTEM() : ARM ? linux_aarch64_h.EAI_SYSTEM() : value("EAI_SYSTEM");

    // child processes: posix_spawn(3), signals, waitpid(2)
    public static final int POSIX_SPAWN_SETSIGDEF =
            X86 ? linux_x86_64_h.POSIX_SPAWN_SETSIGDEF() : ARM ? linux_aarch64_h.POSIX_SPAWN_SETSIGDEF() : value("POSIX_SPAWN_SETSIGDEF");
    public static final int POSIX_SPAWN_SETSIGMASK =
            X86 ? linux_x86_64_h.POSIX_SPAWN_SETSIGMASK() : ARM ? linux_aarch64_h.POSIX_SPAWN_SETSIGMASK() : value("POSIX_SPAWN_SETSIGMASK");
    public static final int SIGKILL =
            X86 ? linux_x86_64_h.SIGKILL() : ARM ? linux_aarch64_h.SIGKILL() : value("SIGKILL");
    public static final int SIGTERM =
            X86 ? linux_x86_64_h.SIGTERM() : ARM ? linux_aarch64_h.SIGTERM() : value("SIGTERM");
    public static final int WNOHANG =
            X86 ? linux_x86_64_h.WNOHANG() : ARM ? linux_aarch64_h.WNOHANG() : value("WNOHANG");
    public static final int SIGALRM =
            X86 ? linux_x86_64_h.SIGALRM() : ARM ? linux_aarch64_h.SIGALRM() : value("SIGALRM");
    public static final int SIGCHLD =
            X86 ? linux_x86_64_h.SIGCHLD() : ARM ? linux_aarch64_h.SIGCHLD() : value("SIGCHLD");
    public static final int SIGCONT =
            X86 ? linux_x86_64_h.SIGCONT() : ARM ? linux_aarch64_h.SIGCONT() : value("SIGCONT");
    public static final int SIGHUP = X86 ? linux_x86_64_h.SIGHUP() : ARM ? linux_aarch64_h.SIGHUP() : value("SIGHUP");
    public static final int SIGINT = X86 ? linux_x86_64_h.SIGINT() : ARM ? linux_aarch64_h.SIGINT() : value("SIGINT");
    public static final int SIGSTOP =
            X86 ? linux_x86_64_h.SIGSTOP() : ARM ? linux_aarch64_h.SIGSTOP() : value("SIGSTOP");
    public static final int SIGUSR1 =
            X86 ? linux_x86_64_h.SIGUSR1() : ARM ? linux_aarch64_h.SIGUSR1() : value("SIGUSR1");
    public static final int SIGUSR2 =
            X86 ? linux_x86_64_h.SIGUSR2() : ARM ? linux_aarch64_h.SIGUSR2() : value("SIGUSR2");
    public static final int SIGWINCH =
            X86 ? linux_x86_64_h.SIGWINCH() : ARM ? linux_aarch64_h.SIGWINCH() : value("SIGWINCH");
    /** The kernel's highest real-time signal (64); the JDK interrupts blocked I/O with __SIGRTMAX - 2. */
    public static final int __SIGRTMAX =
            X86 ? linux_x86_64_h.__SIGRTMAX() : ARM ? linux_aarch64_h.__SIGRTMAX() : value("__SIGRTMAX");
    public static final int SA_RESTART =
            X86 ? linux_x86_64_h.SA_RESTART() : ARM ? linux_aarch64_h.SA_RESTART() : value("SA_RESTART");
    public static final int SIG_BLOCK =
            X86 ? linux_x86_64_h.SIG_BLOCK() : ARM ? linux_aarch64_h.SIG_BLOCK() : value("SIG_BLOCK");
    public static final int SIG_UNBLOCK =
            X86 ? linux_x86_64_h.SIG_UNBLOCK() : ARM ? linux_aarch64_h.SIG_UNBLOCK() : value("SIG_UNBLOCK");

    // Linux calls made through syscall(2) (see Syscall)
    public static final int SYS_close_range =
            X86 ? linux_x86_64_h.SYS_close_range() : ARM ? linux_aarch64_h.SYS_close_range() : value("SYS_close_range");
    public static final int SYS_gettid =
            X86 ? linux_x86_64_h.SYS_gettid() : ARM ? linux_aarch64_h.SYS_gettid() : value("SYS_gettid");
    public static final int SYS_pidfd_open =
            X86 ? linux_x86_64_h.SYS_pidfd_open() : ARM ? linux_aarch64_h.SYS_pidfd_open() : value("SYS_pidfd_open");
    public static final int SYS_pidfd_send_signal =
            X86 ? linux_x86_64_h.SYS_pidfd_send_signal() : ARM ? linux_aarch64_h.SYS_pidfd_send_signal() : value("SYS_pidfd_send_signal");
    public static final int SYS_tgkill =
            X86 ? linux_x86_64_h.SYS_tgkill() : ARM ? linux_aarch64_h.SYS_tgkill() : value("SYS_tgkill");

    // timerfd_create(2) and clock_gettime(2)
    public static final int CLOCK_BOOTTIME =
            X86 ? linux_x86_64_h.CLOCK_BOOTTIME() : ARM ? linux_aarch64_h.CLOCK_BOOTTIME() : value("CLOCK_BOOTTIME");
    public static final int CLOCK_MONOTONIC =
            X86 ? linux_x86_64_h.CLOCK_MONOTONIC() : ARM ? linux_aarch64_h.CLOCK_MONOTONIC() : value("CLOCK_MONOTONIC");
    public static final int CLOCK_REALTIME =
            X86 ? linux_x86_64_h.CLOCK_REALTIME() : ARM ? linux_aarch64_h.CLOCK_REALTIME() : value("CLOCK_REALTIME");
    public static final int TFD_CLOEXEC =
            X86 ? linux_x86_64_h.TFD_CLOEXEC() : ARM ? linux_aarch64_h.TFD_CLOEXEC() : value("TFD_CLOEXEC");
    public static final int TFD_NONBLOCK =
            X86 ? linux_x86_64_h.TFD_NONBLOCK() : ARM ? linux_aarch64_h.TFD_NONBLOCK() : value("TFD_NONBLOCK");
    public static final int TFD_TIMER_ABSTIME =
            X86 ? linux_x86_64_h.TFD_TIMER_ABSTIME() : ARM ? linux_aarch64_h.TFD_TIMER_ABSTIME() : value("TFD_TIMER_ABSTIME");
    public static final int TFD_TIMER_CANCEL_ON_SET =
            X86 ? linux_x86_64_h.TFD_TIMER_CANCEL_ON_SET() : ARM ? linux_aarch64_h.TFD_TIMER_CANCEL_ON_SET() : value("TFD_TIMER_CANCEL_ON_SET");

    /**
     * The macOS table's value, 0 on an unsupported platform. Lenient on purpose: a name no binding
     * set knows is 0 here and a failure in ConstantsTest.
     */
    private static int value(String name) {
        return Platform.constant(name, 0);
    }
}
