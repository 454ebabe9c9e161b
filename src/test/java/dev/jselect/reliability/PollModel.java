package dev.jselect.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.Errno;
import dev.jselect.PollFd;
import dev.jselect.Select;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * What a {@link dev.jselect.Poll} must do, as Python's select.poll does it: register takes any fd
 * from 0 and any unsigned short mask and replaces an earlier registration; modify of an
 * unregistered fd is ENOENT and unregister of one a NoSuchElementException (Python's KeyError);
 * a wait reports exactly the registered fds with events: the ready events masked by the
 * registration (plus POLLERR and POLLHUP), or POLLNVAL for an fd that is not open.
 */
final class PollModel {
    private static final int ALWAYS = Select.POLLERR | Select.POLLHUP;

    private final FuzzFds own;
    private final TreeMap<Integer, Integer> masks = new TreeMap<>();
    boolean closed;

    PollModel(FuzzFds own) {
        this.own = own;
    }

    private Expect arguments(int fd, int mask) {
        if (fd < 0 || mask < 0 || mask > 0xFFFF) {
            return Expect.throwsOneOf(IllegalArgumentException.class);
        }
        return closed ? Expect.throwsOneOf(IllegalStateException.class) : null;
    }

    void register(int fd, int mask, Expect.VoidCall call) {
        Expect e = arguments(fd, mask);
        if ((e == null ? Expect.returns() : e).check("register(" + fd + ", " + mask + ")", call).returned()) {
            masks.put(fd, mask);
        }
    }

    void modify(int fd, int mask, Expect.VoidCall call) {
        Expect e = arguments(fd, mask);
        if (e == null) {
            e = masks.containsKey(fd) ? Expect.returns() : Expect.errno(Errno.ENOENT);
        }
        if (e.check("modify(" + fd + ", " + mask + ")", call).returned()) {
            masks.put(fd, mask);
        }
    }

    void unregister(int fd, Expect.VoidCall call) {
        Expect e = arguments(fd, 0);
        if (e == null) {
            e = masks.containsKey(fd) ? Expect.returns() : Expect.throwsOneOf(NoSuchElementException.class);
        }
        if (e.check("unregister(" + fd + ")", call).returned()) {
            masks.remove(fd);
        }
    }

    /** A wait with a timeout that is {@code validTimeout}; checks that it reports exactly what is ready. */
    void poll(boolean validTimeout, Expect.Call<List<PollFd>> call) {
        Expect e = closed && !validTimeout ? Expect.throwsOneOf(IllegalStateException.class, IllegalArgumentException.class)
                : closed ? Expect.throwsOneOf(IllegalStateException.class)
                : !validTimeout ? Expect.throwsOneOf(IllegalArgumentException.class)
                : Expect.returns();
        List<PollFd> got = e.check("poll", call).value();
        if (got == null) {
            return;
        }
        TreeMap<Integer, Integer> expected = new TreeMap<>();
        masks.forEach((fd, mask) -> {
            int revents = own.isOpen(fd) ? own.ready(fd) & (mask | ALWAYS) : Select.POLLNVAL;
            if (revents != 0) {
                expected.put(fd, revents);
            }
        });
        TreeMap<Integer, Integer> reported = new TreeMap<>();
        for (PollFd p : got) {
            reported.put(p.fd(), p.revents());
        }
        assertEquals(got.size(), reported.size(), "an fd reported twice: " + got);
        assertEquals(expected, reported, "registrations " + masks);
    }
}
