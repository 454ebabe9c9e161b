package dev.jselect.internal;

/**
 * The error numbers with which a kernel or a sandbox refuses a call outright, rather than
 * failing it for its arguments or resources: ENOSYS (a kernel older than the call, or a seccomp
 * profile that answers as one), EPERM and EACCES (a seccomp profile's or a security module's
 * refusal). Where a call is optional (eventfd, epoll, pidfd_open, close_range), such a refusal
 * means "use the fallback", never "fail".
 */
public final class Refused {
    private Refused() {}

    /** True when {@code errno} says the call itself is refused here, whatever its arguments. */
    public static boolean is(int errno) {
        return errno == Constants.ENOSYS || errno == Constants.EPERM || errno == Constants.EACCES;
    }
}
