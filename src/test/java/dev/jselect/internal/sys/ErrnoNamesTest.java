package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.BlockingIOException;
import dev.jselect.ErrnoException;
import dev.jselect.PermissionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** errno numbers to names, messages and exceptions, against CPython 3.11's errno and os.strerror on Linux. */
class ErrnoNamesTest {
    @Test
    void namesAreTheHeadersWithPythonsChoiceAmongAliases() {
        assertEquals("EBADF", ErrnoNames.name(Constants.EBADF));
        assertEquals("EAGAIN", ErrnoNames.name(Constants.EWOULDBLOCK), "errno.errorcode[11] is 'EAGAIN'");
        assertEquals("ENOTSUP", ErrnoNames.name(ErrnoNames.number("EOPNOTSUPP")), "errno.errorcode[95] is 'ENOTSUP'");
        assertEquals("E99999", ErrnoNames.name(99999), "a number the headers do not name");
        assertEquals("E-1", ErrnoNames.name(-1));
        assertEquals(Constants.EBADF, ErrnoNames.number("EBADF"));
        assertEquals(Constants.EWOULDBLOCK, ErrnoNames.number("EWOULDBLOCK"), "every alias has its number");
        assertEquals(-1, ErrnoNames.number("ENOSUCHERRNO"));
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the numbers are Linux's")
    void edeadlockIsPythonsNameFor35() {
        assertEquals("EDEADLOCK", ErrnoNames.name(35), "errno.errorcode[35] on Linux x86-64 and aarch64");
    }

    @Test
    void namesHoldOnlyErrnoConstants() {
        assertFalse(ErrnoNames.names().isEmpty());
        for (var e : ErrnoNames.names().entrySet()) {
            String n = e.getValue();
            assertTrue(n.length() > 1 && n.startsWith("E"), n);
            assertFalse(n.startsWith("EPOLL") || n.startsWith("EFD_") || n.startsWith("EAI_"), n + " is not an errno");
            assertEquals(e.getKey(), ErrnoNames.number(n), n);
        }
        assertEquals("EINTR", ErrnoNames.names().get(Constants.EINTR));
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "glibc's texts")
    void strerrorIsTheCLibrarysText() {
        assertEquals("No such file or directory", ErrnoNames.strerror(Constants.ENOENT), "os.strerror(2)");
        assertEquals("Unknown error 99999", ErrnoNames.strerror(99999));
    }

    @Test
    void exceptionsCarryNumberNameTextAndCall() {
        ErrnoException e = ErrnoNames.exception(Constants.EBADF, "read");
        assertEquals(Constants.EBADF, e.errno());
        assertEquals("EBADF", e.errnoName());
        assertEquals(ErrnoNames.strerror(Constants.EBADF), e.strerror());
        assertTrue(e.getMessage().contains("read"), e.getMessage());
        assertInstanceOf(BlockingIOException.class, ErrnoNames.exception(Constants.EAGAIN, null), "Python's subclass");
        assertInstanceOf(PermissionException.class, ErrnoNames.exception(Constants.EPERM, "kill"));
    }

    @Test
    void refusalsAreEnosysEpermAndEaccesOnly() {
        assertTrue(ErrnoNames.isRefusal(Constants.ENOSYS));
        assertTrue(ErrnoNames.isRefusal(Constants.EPERM));
        assertTrue(ErrnoNames.isRefusal(Constants.EACCES));
        for (int errno : new int[] {0, Constants.EINTR, Constants.EBADF, Constants.EINVAL, ErrnoNames.number("EMFILE"), ErrnoNames.number("ENOMEM")}) {
            assertFalse(ErrnoNames.isRefusal(errno), ErrnoNames.name(errno));
        }
    }
}
