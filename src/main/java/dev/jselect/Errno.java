package dev.jselect;

import dev.jselect.internal.sys.Platform;
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
    /** {@code EPERM}: Operation not permitted. */
    public static final int EPERM = Platform.constant("EPERM", -1);
    /** {@code ENOENT}: No such file or directory. */
    public static final int ENOENT = Platform.constant("ENOENT", -1);
    /** {@code ESRCH}: No such process. */
    public static final int ESRCH = Platform.constant("ESRCH", -1);
    /** {@code EINTR}: Interrupted system call. */
    public static final int EINTR = Platform.constant("EINTR", -1);
    /** {@code EIO}: Input/output error. */
    public static final int EIO = Platform.constant("EIO", -1);
    /** {@code ENXIO}: No such device or address. */
    public static final int ENXIO = Platform.constant("ENXIO", -1);
    /** {@code E2BIG}: Argument list too long. */
    public static final int E2BIG = Platform.constant("E2BIG", -1);
    /** {@code ENOEXEC}: Exec format error. */
    public static final int ENOEXEC = Platform.constant("ENOEXEC", -1);
    /** {@code EBADF}: Bad file descriptor. */
    public static final int EBADF = Platform.constant("EBADF", -1);
    /** {@code ECHILD}: No child processes. */
    public static final int ECHILD = Platform.constant("ECHILD", -1);
    /** {@code EAGAIN}: Resource temporarily unavailable. */
    public static final int EAGAIN = Platform.constant("EAGAIN", -1);
    /** {@code EWOULDBLOCK}: Resource temporarily unavailable; the same number as {@link #EAGAIN}. */
    public static final int EWOULDBLOCK = Platform.constant("EWOULDBLOCK", -1);
    /** {@code ENOMEM}: Cannot allocate memory. */
    public static final int ENOMEM = Platform.constant("ENOMEM", -1);
    /** {@code EACCES}: Permission denied. */
    public static final int EACCES = Platform.constant("EACCES", -1);
    /** {@code EFAULT}: Bad address. */
    public static final int EFAULT = Platform.constant("EFAULT", -1);
    /** {@code ENOTBLK}: Block device required. */
    public static final int ENOTBLK = Platform.constant("ENOTBLK", -1);
    /** {@code EBUSY}: Device or resource busy. */
    public static final int EBUSY = Platform.constant("EBUSY", -1);
    /** {@code EEXIST}: File exists. */
    public static final int EEXIST = Platform.constant("EEXIST", -1);
    /** {@code EXDEV}: Invalid cross-device link. */
    public static final int EXDEV = Platform.constant("EXDEV", -1);
    /** {@code ENODEV}: No such device. */
    public static final int ENODEV = Platform.constant("ENODEV", -1);
    /** {@code ENOTDIR}: Not a directory. */
    public static final int ENOTDIR = Platform.constant("ENOTDIR", -1);
    /** {@code EISDIR}: Is a directory. */
    public static final int EISDIR = Platform.constant("EISDIR", -1);
    /** {@code EINVAL}: Invalid argument. */
    public static final int EINVAL = Platform.constant("EINVAL", -1);
    /** {@code ENFILE}: Too many open files in system. */
    public static final int ENFILE = Platform.constant("ENFILE", -1);
    /** {@code EMFILE}: Too many open files. */
    public static final int EMFILE = Platform.constant("EMFILE", -1);
    /** {@code ENOTTY}: Inappropriate ioctl for device. */
    public static final int ENOTTY = Platform.constant("ENOTTY", -1);
    /** {@code ETXTBSY}: Text file busy. */
    public static final int ETXTBSY = Platform.constant("ETXTBSY", -1);
    /** {@code EFBIG}: File too large. */
    public static final int EFBIG = Platform.constant("EFBIG", -1);
    /** {@code ENOSPC}: No space left on device. */
    public static final int ENOSPC = Platform.constant("ENOSPC", -1);
    /** {@code ESPIPE}: Illegal seek. */
    public static final int ESPIPE = Platform.constant("ESPIPE", -1);
    /** {@code EROFS}: Read-only file system. */
    public static final int EROFS = Platform.constant("EROFS", -1);
    /** {@code EMLINK}: Too many links. */
    public static final int EMLINK = Platform.constant("EMLINK", -1);
    /** {@code EPIPE}: Broken pipe. */
    public static final int EPIPE = Platform.constant("EPIPE", -1);
    /** {@code EDOM}: Numerical argument out of domain. */
    public static final int EDOM = Platform.constant("EDOM", -1);
    /** {@code ERANGE}: Numerical result out of range. */
    public static final int ERANGE = Platform.constant("ERANGE", -1);
    /** {@code EDEADLK}: Resource deadlock avoided. */
    public static final int EDEADLK = Platform.constant("EDEADLK", -1);
    /** {@code EDEADLOCK}: Resource deadlock avoided; on Linux the same number as {@link #EDEADLK}. */
    public static final int EDEADLOCK = Platform.constant("EDEADLOCK", -1);
    /** {@code ENAMETOOLONG}: File name too long. */
    public static final int ENAMETOOLONG = Platform.constant("ENAMETOOLONG", -1);
    /** {@code ENOLCK}: No locks available. */
    public static final int ENOLCK = Platform.constant("ENOLCK", -1);
    /** {@code ENOSYS}: Function not implemented. */
    public static final int ENOSYS = Platform.constant("ENOSYS", -1);
    /** {@code ENOTEMPTY}: Directory not empty. */
    public static final int ENOTEMPTY = Platform.constant("ENOTEMPTY", -1);
    /** {@code ELOOP}: Too many levels of symbolic links. */
    public static final int ELOOP = Platform.constant("ELOOP", -1);
    /** {@code ENOMSG}: No message of desired type. */
    public static final int ENOMSG = Platform.constant("ENOMSG", -1);
    /** {@code EIDRM}: Identifier removed. */
    public static final int EIDRM = Platform.constant("EIDRM", -1);
    /** {@code ECHRNG}: Channel number out of range. */
    public static final int ECHRNG = Platform.constant("ECHRNG", -1);
    /** {@code EL2NSYNC}: Level 2 not synchronized. */
    public static final int EL2NSYNC = Platform.constant("EL2NSYNC", -1);
    /** {@code EL3HLT}: Level 3 halted. */
    public static final int EL3HLT = Platform.constant("EL3HLT", -1);
    /** {@code EL3RST}: Level 3 reset. */
    public static final int EL3RST = Platform.constant("EL3RST", -1);
    /** {@code ELNRNG}: Link number out of range. */
    public static final int ELNRNG = Platform.constant("ELNRNG", -1);
    /** {@code EUNATCH}: Protocol driver not attached. */
    public static final int EUNATCH = Platform.constant("EUNATCH", -1);
    /** {@code ENOCSI}: No CSI structure available. */
    public static final int ENOCSI = Platform.constant("ENOCSI", -1);
    /** {@code EL2HLT}: Level 2 halted. */
    public static final int EL2HLT = Platform.constant("EL2HLT", -1);
    /** {@code EBADE}: Invalid exchange. */
    public static final int EBADE = Platform.constant("EBADE", -1);
    /** {@code EBADR}: Invalid request descriptor. */
    public static final int EBADR = Platform.constant("EBADR", -1);
    /** {@code EXFULL}: Exchange full. */
    public static final int EXFULL = Platform.constant("EXFULL", -1);
    /** {@code ENOANO}: No anode. */
    public static final int ENOANO = Platform.constant("ENOANO", -1);
    /** {@code EBADRQC}: Invalid request code. */
    public static final int EBADRQC = Platform.constant("EBADRQC", -1);
    /** {@code EBADSLT}: Invalid slot. */
    public static final int EBADSLT = Platform.constant("EBADSLT", -1);
    /** {@code EBFONT}: Bad font file format. */
    public static final int EBFONT = Platform.constant("EBFONT", -1);
    /** {@code ENOSTR}: Device not a stream. */
    public static final int ENOSTR = Platform.constant("ENOSTR", -1);
    /** {@code ENODATA}: No data available. */
    public static final int ENODATA = Platform.constant("ENODATA", -1);
    /** {@code ETIME}: Timer expired. */
    public static final int ETIME = Platform.constant("ETIME", -1);
    /** {@code ENOSR}: Out of streams resources. */
    public static final int ENOSR = Platform.constant("ENOSR", -1);
    /** {@code ENONET}: Machine is not on the network. */
    public static final int ENONET = Platform.constant("ENONET", -1);
    /** {@code ENOPKG}: Package not installed. */
    public static final int ENOPKG = Platform.constant("ENOPKG", -1);
    /** {@code EREMOTE}: Object is remote. */
    public static final int EREMOTE = Platform.constant("EREMOTE", -1);
    /** {@code ENOLINK}: Link has been severed. */
    public static final int ENOLINK = Platform.constant("ENOLINK", -1);
    /** {@code EADV}: Advertise error. */
    public static final int EADV = Platform.constant("EADV", -1);
    /** {@code ESRMNT}: Srmount error. */
    public static final int ESRMNT = Platform.constant("ESRMNT", -1);
    /** {@code ECOMM}: Communication error on send. */
    public static final int ECOMM = Platform.constant("ECOMM", -1);
    /** {@code EPROTO}: Protocol error. */
    public static final int EPROTO = Platform.constant("EPROTO", -1);
    /** {@code EMULTIHOP}: Multihop attempted. */
    public static final int EMULTIHOP = Platform.constant("EMULTIHOP", -1);
    /** {@code EDOTDOT}: RFS specific error. */
    public static final int EDOTDOT = Platform.constant("EDOTDOT", -1);
    /** {@code EBADMSG}: Bad message. */
    public static final int EBADMSG = Platform.constant("EBADMSG", -1);
    /** {@code EOVERFLOW}: Value too large for defined data type. */
    public static final int EOVERFLOW = Platform.constant("EOVERFLOW", -1);
    /** {@code ENOTUNIQ}: Name not unique on network. */
    public static final int ENOTUNIQ = Platform.constant("ENOTUNIQ", -1);
    /** {@code EBADFD}: File descriptor in bad state. */
    public static final int EBADFD = Platform.constant("EBADFD", -1);
    /** {@code EREMCHG}: Remote address changed. */
    public static final int EREMCHG = Platform.constant("EREMCHG", -1);
    /** {@code ELIBACC}: Can not access a needed shared library. */
    public static final int ELIBACC = Platform.constant("ELIBACC", -1);
    /** {@code ELIBBAD}: Accessing a corrupted shared library. */
    public static final int ELIBBAD = Platform.constant("ELIBBAD", -1);
    /** {@code ELIBSCN}: .lib section in a.out corrupted. */
    public static final int ELIBSCN = Platform.constant("ELIBSCN", -1);
    /** {@code ELIBMAX}: Attempting to link in too many shared libraries. */
    public static final int ELIBMAX = Platform.constant("ELIBMAX", -1);
    /** {@code ELIBEXEC}: Cannot exec a shared library directly. */
    public static final int ELIBEXEC = Platform.constant("ELIBEXEC", -1);
    /** {@code EILSEQ}: Invalid or incomplete multibyte or wide character. */
    public static final int EILSEQ = Platform.constant("EILSEQ", -1);
    /** {@code ERESTART}: Interrupted system call should be restarted. */
    public static final int ERESTART = Platform.constant("ERESTART", -1);
    /** {@code ESTRPIPE}: Streams pipe error. */
    public static final int ESTRPIPE = Platform.constant("ESTRPIPE", -1);
    /** {@code EUSERS}: Too many users. */
    public static final int EUSERS = Platform.constant("EUSERS", -1);
    /** {@code ENOTSOCK}: Socket operation on non-socket. */
    public static final int ENOTSOCK = Platform.constant("ENOTSOCK", -1);
    /** {@code EDESTADDRREQ}: Destination address required. */
    public static final int EDESTADDRREQ = Platform.constant("EDESTADDRREQ", -1);
    /** {@code EMSGSIZE}: Message too long. */
    public static final int EMSGSIZE = Platform.constant("EMSGSIZE", -1);
    /** {@code EPROTOTYPE}: Protocol wrong type for socket. */
    public static final int EPROTOTYPE = Platform.constant("EPROTOTYPE", -1);
    /** {@code ENOPROTOOPT}: Protocol not available. */
    public static final int ENOPROTOOPT = Platform.constant("ENOPROTOOPT", -1);
    /** {@code EPROTONOSUPPORT}: Protocol not supported. */
    public static final int EPROTONOSUPPORT = Platform.constant("EPROTONOSUPPORT", -1);
    /** {@code ESOCKTNOSUPPORT}: Socket type not supported. */
    public static final int ESOCKTNOSUPPORT = Platform.constant("ESOCKTNOSUPPORT", -1);
    /** {@code ENOTSUP}: Operation not supported. */
    public static final int ENOTSUP = Platform.constant("ENOTSUP", -1);
    /** {@code EOPNOTSUPP}: Operation not supported; on Linux the same number as {@link #ENOTSUP}. */
    public static final int EOPNOTSUPP = Platform.constant("EOPNOTSUPP", -1);
    /** {@code EPFNOSUPPORT}: Protocol family not supported. */
    public static final int EPFNOSUPPORT = Platform.constant("EPFNOSUPPORT", -1);
    /** {@code EAFNOSUPPORT}: Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = Platform.constant("EAFNOSUPPORT", -1);
    /** {@code EADDRINUSE}: Address already in use. */
    public static final int EADDRINUSE = Platform.constant("EADDRINUSE", -1);
    /** {@code EADDRNOTAVAIL}: Cannot assign requested address. */
    public static final int EADDRNOTAVAIL = Platform.constant("EADDRNOTAVAIL", -1);
    /** {@code ENETDOWN}: Network is down. */
    public static final int ENETDOWN = Platform.constant("ENETDOWN", -1);
    /** {@code ENETUNREACH}: Network is unreachable. */
    public static final int ENETUNREACH = Platform.constant("ENETUNREACH", -1);
    /** {@code ENETRESET}: Network dropped connection on reset. */
    public static final int ENETRESET = Platform.constant("ENETRESET", -1);
    /** {@code ECONNABORTED}: Software caused connection abort. */
    public static final int ECONNABORTED = Platform.constant("ECONNABORTED", -1);
    /** {@code ECONNRESET}: Connection reset by peer. */
    public static final int ECONNRESET = Platform.constant("ECONNRESET", -1);
    /** {@code ENOBUFS}: No buffer space available. */
    public static final int ENOBUFS = Platform.constant("ENOBUFS", -1);
    /** {@code EISCONN}: Transport endpoint is already connected. */
    public static final int EISCONN = Platform.constant("EISCONN", -1);
    /** {@code ENOTCONN}: Transport endpoint is not connected. */
    public static final int ENOTCONN = Platform.constant("ENOTCONN", -1);
    /** {@code ESHUTDOWN}: Cannot send after transport endpoint shutdown. */
    public static final int ESHUTDOWN = Platform.constant("ESHUTDOWN", -1);
    /** {@code ETOOMANYREFS}: Too many references: cannot splice. */
    public static final int ETOOMANYREFS = Platform.constant("ETOOMANYREFS", -1);
    /** {@code ETIMEDOUT}: Connection timed out. */
    public static final int ETIMEDOUT = Platform.constant("ETIMEDOUT", -1);
    /** {@code ECONNREFUSED}: Connection refused. */
    public static final int ECONNREFUSED = Platform.constant("ECONNREFUSED", -1);
    /** {@code EHOSTDOWN}: Host is down. */
    public static final int EHOSTDOWN = Platform.constant("EHOSTDOWN", -1);
    /** {@code EHOSTUNREACH}: No route to host. */
    public static final int EHOSTUNREACH = Platform.constant("EHOSTUNREACH", -1);
    /** {@code EALREADY}: Operation already in progress. */
    public static final int EALREADY = Platform.constant("EALREADY", -1);
    /** {@code EINPROGRESS}: Operation now in progress. */
    public static final int EINPROGRESS = Platform.constant("EINPROGRESS", -1);
    /** {@code ESTALE}: Stale file handle. */
    public static final int ESTALE = Platform.constant("ESTALE", -1);
    /** {@code EUCLEAN}: Structure needs cleaning. */
    public static final int EUCLEAN = Platform.constant("EUCLEAN", -1);
    /** {@code ENOTNAM}: Not a XENIX named type file. */
    public static final int ENOTNAM = Platform.constant("ENOTNAM", -1);
    /** {@code ENAVAIL}: No XENIX semaphores available. */
    public static final int ENAVAIL = Platform.constant("ENAVAIL", -1);
    /** {@code EISNAM}: Is a named type file. */
    public static final int EISNAM = Platform.constant("EISNAM", -1);
    /** {@code EREMOTEIO}: Remote I/O error. */
    public static final int EREMOTEIO = Platform.constant("EREMOTEIO", -1);
    /** {@code EDQUOT}: Disk quota exceeded. */
    public static final int EDQUOT = Platform.constant("EDQUOT", -1);
    /** {@code ENOMEDIUM}: No medium found. */
    public static final int ENOMEDIUM = Platform.constant("ENOMEDIUM", -1);
    /** {@code EMEDIUMTYPE}: Wrong medium type. */
    public static final int EMEDIUMTYPE = Platform.constant("EMEDIUMTYPE", -1);
    /** {@code ECANCELED}: Operation canceled. */
    public static final int ECANCELED = Platform.constant("ECANCELED", -1);
    /** {@code ENOKEY}: Required key not available. */
    public static final int ENOKEY = Platform.constant("ENOKEY", -1);
    /** {@code EKEYEXPIRED}: Key has expired. */
    public static final int EKEYEXPIRED = Platform.constant("EKEYEXPIRED", -1);
    /** {@code EKEYREVOKED}: Key has been revoked. */
    public static final int EKEYREVOKED = Platform.constant("EKEYREVOKED", -1);
    /** {@code EKEYREJECTED}: Key was rejected by service. */
    public static final int EKEYREJECTED = Platform.constant("EKEYREJECTED", -1);
    /** {@code EOWNERDEAD}: Owner died. */
    public static final int EOWNERDEAD = Platform.constant("EOWNERDEAD", -1);
    /** {@code ENOTRECOVERABLE}: State not recoverable. */
    public static final int ENOTRECOVERABLE = Platform.constant("ENOTRECOVERABLE", -1);
    /** {@code ERFKILL}: Operation not possible due to RF-kill. */
    public static final int ERFKILL = Platform.constant("ERFKILL", -1);
    /** {@code EAUTH}: Authentication error (macOS only; -1 on Linux). */
    public static final int EAUTH = Platform.constant("EAUTH", -1);
    /** {@code EBADARCH}: Bad CPU type in executable (macOS only; -1 on Linux). */
    public static final int EBADARCH = Platform.constant("EBADARCH", -1);
    /** {@code EBADEXEC}: Bad executable (or shared library) (macOS only; -1 on Linux). */
    public static final int EBADEXEC = Platform.constant("EBADEXEC", -1);
    /** {@code EBADMACHO}: Malformed Mach-o file (macOS only; -1 on Linux). */
    public static final int EBADMACHO = Platform.constant("EBADMACHO", -1);
    /** {@code EBADRPC}: RPC struct is bad (macOS only; -1 on Linux). */
    public static final int EBADRPC = Platform.constant("EBADRPC", -1);
    /** {@code EDEVERR}: Device error (macOS only; -1 on Linux). */
    public static final int EDEVERR = Platform.constant("EDEVERR", -1);
    /** {@code EFTYPE}: Inappropriate file type or format (macOS only; -1 on Linux). */
    public static final int EFTYPE = Platform.constant("EFTYPE", -1);
    /** {@code ENEEDAUTH}: Need authenticator (macOS only; -1 on Linux). */
    public static final int ENEEDAUTH = Platform.constant("ENEEDAUTH", -1);
    /** {@code ENOATTR}: Attribute not found (macOS only; -1 on Linux). */
    public static final int ENOATTR = Platform.constant("ENOATTR", -1);
    /** {@code ENOPOLICY}: Policy not found (macOS only; -1 on Linux). */
    public static final int ENOPOLICY = Platform.constant("ENOPOLICY", -1);
    /** {@code EPROCLIM}: Too many processes (macOS only; -1 on Linux). */
    public static final int EPROCLIM = Platform.constant("EPROCLIM", -1);
    /** {@code EPROCUNAVAIL}: Bad procedure for program (macOS only; -1 on Linux). */
    public static final int EPROCUNAVAIL = Platform.constant("EPROCUNAVAIL", -1);
    /** {@code EPROGMISMATCH}: Program version wrong (macOS only; -1 on Linux). */
    public static final int EPROGMISMATCH = Platform.constant("EPROGMISMATCH", -1);
    /** {@code EPROGUNAVAIL}: RPC prog. not avail (macOS only; -1 on Linux). */
    public static final int EPROGUNAVAIL = Platform.constant("EPROGUNAVAIL", -1);
    /** {@code EPWROFF}: Device power is off (macOS only; -1 on Linux). */
    public static final int EPWROFF = Platform.constant("EPWROFF", -1);
    /** {@code EQFULL}: Interface output queue is full (macOS only; -1 on Linux). */
    public static final int EQFULL = Platform.constant("EQFULL", -1);
    /** {@code ERPCMISMATCH}: RPC version wrong (macOS only; -1 on Linux). */
    public static final int ERPCMISMATCH = Platform.constant("ERPCMISMATCH", -1);
    /** {@code ESHLIBVERS}: Shared library version mismatch (macOS only; -1 on Linux). */
    public static final int ESHLIBVERS = Platform.constant("ESHLIBVERS", -1);

    /**
     * Python's {@code errno.errorcode[n]}: "EBADF" for 9. Where two names share a number the one
     * Python shows ("EAGAIN", not "EWOULDBLOCK").
     *
     * @param errno an errno value
     * @return its name
     * @throws NoSuchElementException for a number no name has (Python: KeyError)
     */
    public static String errorcode(int errno) {
        String name = dev.jselect.internal.sys.ErrnoNames.names().get(errno);
        if (name == null) {
            throw new NoSuchElementException("no errno name for " + errno);
        }
        return name;
    }

    /**
     * Python's {@code errno.errorcode}: every number the platform names, to its name.
     *
     * @return an unmodifiable map from errno value to name
     */
    public static Map<Integer, String> errorcode() {
        return dev.jselect.internal.sys.ErrnoNames.names();
    }

    /**
     * Python's {@code os.strerror(n)}: the C library's text, "Unknown error 99999" for an unknown number.
     *
     * @param errno an errno value
     * @return the C library's message for it
     */
    public static String strerror(int errno) {
        return dev.jselect.internal.sys.ErrnoNames.strerror(errno);
    }
}
