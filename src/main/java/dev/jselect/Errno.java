package dev.jselect;

import dev.jselect.internal.Platform;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Python's {@code errno} module: the platform's errno values, read from the bindings (the
 * headers jselect was generated from; macOS's from its hand table), and {@link #errorcode}.
 * A name this platform's headers do not define (EPROCLIM on Linux, EADV on macOS) is -1, which
 * no errno equals, where Python has no such attribute. Compare with
 * {@link ErrnoException#errno()}: {@code e.errno() == Errno.EAGAIN} is Python's
 * {@code e.errno == errno.EAGAIN}.
 */
public final class Errno {
    private Errno() {}

    // Linux and macOS names, in Linux's order; then the names only macOS has
    public static final int EPERM = Platform.constant("EPERM", -1);
    public static final int ENOENT = Platform.constant("ENOENT", -1);
    public static final int ESRCH = Platform.constant("ESRCH", -1);
    public static final int EINTR = Platform.constant("EINTR", -1);
    public static final int EIO = Platform.constant("EIO", -1);
    public static final int ENXIO = Platform.constant("ENXIO", -1);
    public static final int E2BIG = Platform.constant("E2BIG", -1);
    public static final int ENOEXEC = Platform.constant("ENOEXEC", -1);
    public static final int EBADF = Platform.constant("EBADF", -1);
    public static final int ECHILD = Platform.constant("ECHILD", -1);
    public static final int EAGAIN = Platform.constant("EAGAIN", -1);
    public static final int EWOULDBLOCK = Platform.constant("EWOULDBLOCK", -1);
    public static final int ENOMEM = Platform.constant("ENOMEM", -1);
    public static final int EACCES = Platform.constant("EACCES", -1);
    public static final int EFAULT = Platform.constant("EFAULT", -1);
    public static final int ENOTBLK = Platform.constant("ENOTBLK", -1);
    public static final int EBUSY = Platform.constant("EBUSY", -1);
    public static final int EEXIST = Platform.constant("EEXIST", -1);
    public static final int EXDEV = Platform.constant("EXDEV", -1);
    public static final int ENODEV = Platform.constant("ENODEV", -1);
    public static final int ENOTDIR = Platform.constant("ENOTDIR", -1);
    public static final int EISDIR = Platform.constant("EISDIR", -1);
    public static final int EINVAL = Platform.constant("EINVAL", -1);
    public static final int ENFILE = Platform.constant("ENFILE", -1);
    public static final int EMFILE = Platform.constant("EMFILE", -1);
    public static final int ENOTTY = Platform.constant("ENOTTY", -1);
    public static final int ETXTBSY = Platform.constant("ETXTBSY", -1);
    public static final int EFBIG = Platform.constant("EFBIG", -1);
    public static final int ENOSPC = Platform.constant("ENOSPC", -1);
    public static final int ESPIPE = Platform.constant("ESPIPE", -1);
    public static final int EROFS = Platform.constant("EROFS", -1);
    public static final int EMLINK = Platform.constant("EMLINK", -1);
    public static final int EPIPE = Platform.constant("EPIPE", -1);
    public static final int EDOM = Platform.constant("EDOM", -1);
    public static final int ERANGE = Platform.constant("ERANGE", -1);
    public static final int EDEADLK = Platform.constant("EDEADLK", -1);
    public static final int EDEADLOCK = Platform.constant("EDEADLOCK", -1);
    public static final int ENAMETOOLONG = Platform.constant("ENAMETOOLONG", -1);
    public static final int ENOLCK = Platform.constant("ENOLCK", -1);
    public static final int ENOSYS = Platform.constant("ENOSYS", -1);
    public static final int ENOTEMPTY = Platform.constant("ENOTEMPTY", -1);
    public static final int ELOOP = Platform.constant("ELOOP", -1);
    public static final int ENOMSG = Platform.constant("ENOMSG", -1);
    public static final int EIDRM = Platform.constant("EIDRM", -1);
    public static final int ECHRNG = Platform.constant("ECHRNG", -1);
    public static final int EL2NSYNC = Platform.constant("EL2NSYNC", -1);
    public static final int EL3HLT = Platform.constant("EL3HLT", -1);
    public static final int EL3RST = Platform.constant("EL3RST", -1);
    public static final int ELNRNG = Platform.constant("ELNRNG", -1);
    public static final int EUNATCH = Platform.constant("EUNATCH", -1);
    public static final int ENOCSI = Platform.constant("ENOCSI", -1);
    public static final int EL2HLT = Platform.constant("EL2HLT", -1);
    public static final int EBADE = Platform.constant("EBADE", -1);
    public static final int EBADR = Platform.constant("EBADR", -1);
    public static final int EXFULL = Platform.constant("EXFULL", -1);
    public static final int ENOANO = Platform.constant("ENOANO", -1);
    public static final int EBADRQC = Platform.constant("EBADRQC", -1);
    public static final int EBADSLT = Platform.constant("EBADSLT", -1);
    public static final int EBFONT = Platform.constant("EBFONT", -1);
    public static final int ENOSTR = Platform.constant("ENOSTR", -1);
    public static final int ENODATA = Platform.constant("ENODATA", -1);
    public static final int ETIME = Platform.constant("ETIME", -1);
    public static final int ENOSR = Platform.constant("ENOSR", -1);
    public static final int ENONET = Platform.constant("ENONET", -1);
    public static final int ENOPKG = Platform.constant("ENOPKG", -1);
    public static final int EREMOTE = Platform.constant("EREMOTE", -1);
    public static final int ENOLINK = Platform.constant("ENOLINK", -1);
    public static final int EADV = Platform.constant("EADV", -1);
    public static final int ESRMNT = Platform.constant("ESRMNT", -1);
    public static final int ECOMM = Platform.constant("ECOMM", -1);
    public static final int EPROTO = Platform.constant("EPROTO", -1);
    public static final int EMULTIHOP = Platform.constant("EMULTIHOP", -1);
    public static final int EDOTDOT = Platform.constant("EDOTDOT", -1);
    public static final int EBADMSG = Platform.constant("EBADMSG", -1);
    public static final int EOVERFLOW = Platform.constant("EOVERFLOW", -1);
    public static final int ENOTUNIQ = Platform.constant("ENOTUNIQ", -1);
    public static final int EBADFD = Platform.constant("EBADFD", -1);
    public static final int EREMCHG = Platform.constant("EREMCHG", -1);
    public static final int ELIBACC = Platform.constant("ELIBACC", -1);
    public static final int ELIBBAD = Platform.constant("ELIBBAD", -1);
    public static final int ELIBSCN = Platform.constant("ELIBSCN", -1);
    public static final int ELIBMAX = Platform.constant("ELIBMAX", -1);
    public static final int ELIBEXEC = Platform.constant("ELIBEXEC", -1);
    public static final int EILSEQ = Platform.constant("EILSEQ", -1);
    public static final int ERESTART = Platform.constant("ERESTART", -1);
    public static final int ESTRPIPE = Platform.constant("ESTRPIPE", -1);
    public static final int EUSERS = Platform.constant("EUSERS", -1);
    public static final int ENOTSOCK = Platform.constant("ENOTSOCK", -1);
    public static final int EDESTADDRREQ = Platform.constant("EDESTADDRREQ", -1);
    public static final int EMSGSIZE = Platform.constant("EMSGSIZE", -1);
    public static final int EPROTOTYPE = Platform.constant("EPROTOTYPE", -1);
    public static final int ENOPROTOOPT = Platform.constant("ENOPROTOOPT", -1);
    public static final int EPROTONOSUPPORT = Platform.constant("EPROTONOSUPPORT", -1);
    public static final int ESOCKTNOSUPPORT = Platform.constant("ESOCKTNOSUPPORT", -1);
    public static final int ENOTSUP = Platform.constant("ENOTSUP", -1);
    public static final int EOPNOTSUPP = Platform.constant("EOPNOTSUPP", -1);
    public static final int EPFNOSUPPORT = Platform.constant("EPFNOSUPPORT", -1);
    public static final int EAFNOSUPPORT = Platform.constant("EAFNOSUPPORT", -1);
    public static final int EADDRINUSE = Platform.constant("EADDRINUSE", -1);
    public static final int EADDRNOTAVAIL = Platform.constant("EADDRNOTAVAIL", -1);
    public static final int ENETDOWN = Platform.constant("ENETDOWN", -1);
    public static final int ENETUNREACH = Platform.constant("ENETUNREACH", -1);
    public static final int ENETRESET = Platform.constant("ENETRESET", -1);
    public static final int ECONNABORTED = Platform.constant("ECONNABORTED", -1);
    public static final int ECONNRESET = Platform.constant("ECONNRESET", -1);
    public static final int ENOBUFS = Platform.constant("ENOBUFS", -1);
    public static final int EISCONN = Platform.constant("EISCONN", -1);
    public static final int ENOTCONN = Platform.constant("ENOTCONN", -1);
    public static final int ESHUTDOWN = Platform.constant("ESHUTDOWN", -1);
    public static final int ETOOMANYREFS = Platform.constant("ETOOMANYREFS", -1);
    public static final int ETIMEDOUT = Platform.constant("ETIMEDOUT", -1);
    public static final int ECONNREFUSED = Platform.constant("ECONNREFUSED", -1);
    public static final int EHOSTDOWN = Platform.constant("EHOSTDOWN", -1);
    public static final int EHOSTUNREACH = Platform.constant("EHOSTUNREACH", -1);
    public static final int EALREADY = Platform.constant("EALREADY", -1);
    public static final int EINPROGRESS = Platform.constant("EINPROGRESS", -1);
    public static final int ESTALE = Platform.constant("ESTALE", -1);
    public static final int EUCLEAN = Platform.constant("EUCLEAN", -1);
    public static final int ENOTNAM = Platform.constant("ENOTNAM", -1);
    public static final int ENAVAIL = Platform.constant("ENAVAIL", -1);
    public static final int EISNAM = Platform.constant("EISNAM", -1);
    public static final int EREMOTEIO = Platform.constant("EREMOTEIO", -1);
    public static final int EDQUOT = Platform.constant("EDQUOT", -1);
    public static final int ENOMEDIUM = Platform.constant("ENOMEDIUM", -1);
    public static final int EMEDIUMTYPE = Platform.constant("EMEDIUMTYPE", -1);
    public static final int ECANCELED = Platform.constant("ECANCELED", -1);
    public static final int ENOKEY = Platform.constant("ENOKEY", -1);
    public static final int EKEYEXPIRED = Platform.constant("EKEYEXPIRED", -1);
    public static final int EKEYREVOKED = Platform.constant("EKEYREVOKED", -1);
    public static final int EKEYREJECTED = Platform.constant("EKEYREJECTED", -1);
    public static final int EOWNERDEAD = Platform.constant("EOWNERDEAD", -1);
    public static final int ENOTRECOVERABLE = Platform.constant("ENOTRECOVERABLE", -1);
    public static final int ERFKILL = Platform.constant("ERFKILL", -1);
    public static final int EAUTH = Platform.constant("EAUTH", -1);
    public static final int EBADARCH = Platform.constant("EBADARCH", -1);
    public static final int EBADEXEC = Platform.constant("EBADEXEC", -1);
    public static final int EBADMACHO = Platform.constant("EBADMACHO", -1);
    public static final int EBADRPC = Platform.constant("EBADRPC", -1);
    public static final int EDEVERR = Platform.constant("EDEVERR", -1);
    public static final int EFTYPE = Platform.constant("EFTYPE", -1);
    public static final int ENEEDAUTH = Platform.constant("ENEEDAUTH", -1);
    public static final int ENOATTR = Platform.constant("ENOATTR", -1);
    public static final int ENOPOLICY = Platform.constant("ENOPOLICY", -1);
    public static final int EPROCLIM = Platform.constant("EPROCLIM", -1);
    public static final int EPROCUNAVAIL = Platform.constant("EPROCUNAVAIL", -1);
    public static final int EPROGMISMATCH = Platform.constant("EPROGMISMATCH", -1);
    public static final int EPROGUNAVAIL = Platform.constant("EPROGUNAVAIL", -1);
    public static final int EPWROFF = Platform.constant("EPWROFF", -1);
    public static final int EQFULL = Platform.constant("EQFULL", -1);
    public static final int ERPCMISMATCH = Platform.constant("ERPCMISMATCH", -1);
    public static final int ESHLIBVERS = Platform.constant("ESHLIBVERS", -1);

    /**
     * Python's {@code errno.errorcode[n]}: "EBADF" for 9. Where two names share a number the one
     * Python shows ("EAGAIN", not "EWOULDBLOCK").
     *
     * @throws NoSuchElementException for a number no name has (Python: KeyError)
     */
    public static String errorcode(int errno) {
        String name = dev.jselect.internal.Errno.names().get(errno);
        if (name == null) {
            throw new NoSuchElementException("no errno name for " + errno);
        }
        return name;
    }

    /** Python's {@code errno.errorcode}: every number the platform names, to its name. */
    public static Map<Integer, String> errorcode() {
        return dev.jselect.internal.Errno.names();
    }

    /** Python's {@code os.strerror(n)}: the C library's text, "Unknown error 99999" for an unknown number. */
    public static String strerror(int errno) {
        return dev.jselect.internal.Errno.strerror(errno);
    }
}
