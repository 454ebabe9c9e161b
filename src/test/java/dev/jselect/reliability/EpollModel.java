package dev.jselect.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jselect.EpollEvent;
import dev.jselect.Errno;
import dev.jselect.Select;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link dev.jselect.Epoll} must do, as epoll_ctl(2) and epoll_wait(2) decide it: the
 * registrations and their masks, and for each edge-triggered or one-shot registration whether
 * it may still report. A registration of one of the try's open fds with a plain mask must
 * succeed; a second one is EEXIST; modify and unregister of an unregistered fd are ENOENT; an fd
 * that is not open is EBADF. A wait whose result has room for every ready fd reports exactly
 * the ready ones, each with its ready events masked by its registration (plus EPOLLERR and
 * EPOLLHUP), level-triggered ones every time and the others once until modified.
 */
final class EpollModel {
    private static final int ALWAYS = Select.EPOLLERR | Select.EPOLLHUP;
    private static final int ONCE = Select.EPOLLET | Select.EPOLLONESHOT;

    /** An edge-triggered or one-shot registration: may it report yet? */
    private enum Arm { ARMED, FIRED, MAYBE_FIRED }

    private final FuzzFds own;
    private final Map<Integer, Integer> masks = new HashMap<>();
    private final Map<Integer, Arm> arms = new HashMap<>();
    boolean closed;
    /** A wakeup may take one slot of a wait's maxevents. */
    boolean wakeupPending;

    EpollModel(FuzzFds own) {
        this.own = own;
    }

    private Expect ctl(int fd) {
        if (fd < 0) {
            return Expect.throwsOneOf(IllegalArgumentException.class);
        }
        if (closed) {
            return Expect.throwsOneOf(IllegalStateException.class);
        }
        if (!own.isOpen(fd)) {
            return Expect.errno(Errno.EBADF);
        }
        return null;
    }

    void register(int fd, int mask, Expect.VoidCall call) {
        Expect e = ctl(fd);
        if (e == null) {
            e = (mask & Select.EPOLLEXCLUSIVE) != 0 ? Expect.unknown() // the kernel's rules for it are intricate
                    : masks.containsKey(fd) ? Expect.errno(Errno.EEXIST) : Expect.returns();
        }
        boolean wasRegistered = masks.containsKey(fd);
        if (e.check("register(" + fd + ", " + Integer.toHexString(mask) + ")", call).returned() && !wasRegistered) {
            masks.put(fd, mask);
            arms.put(fd, Arm.ARMED);
        }
    }

    void modify(int fd, int mask, Expect.VoidCall call) {
        Expect e = ctl(fd);
        if (e == null) {
            e = (mask & Select.EPOLLEXCLUSIVE) != 0 ? Expect.errno(Errno.EINVAL)
                    : !masks.containsKey(fd) ? Expect.errno(Errno.ENOENT)
                    : (masks.get(fd) & Select.EPOLLEXCLUSIVE) != 0 ? Expect.errno(Errno.EINVAL)
                    : Expect.returns();
        }
        if (e.check("modify(" + fd + ", " + Integer.toHexString(mask) + ")", call).returned()) {
            masks.put(fd, mask);
            arms.put(fd, Arm.ARMED);
        }
    }

    void unregister(int fd, Expect.VoidCall call) {
        Expect e = ctl(fd);
        if (e == null) {
            e = masks.containsKey(fd) ? Expect.returns() : Expect.errno(Errno.ENOENT);
        }
        if (e.check("unregister(" + fd + ")", call).returned()) {
            masks.remove(fd);
            arms.remove(fd);
        }
    }

    /** A wait with a timeout that is {@code validTimeout} and {@code maxevents}; checks what it reports. */
    void poll(boolean validTimeout, int maxevents, Expect.Call<List<EpollEvent>> call) {
        Expect e = closed ? Expect.throwsOneOf(IllegalStateException.class)
                : !validTimeout || maxevents == 0 || maxevents < -1 ? Expect.throwsOneOf(IllegalArgumentException.class)
                : Expect.returns();
        List<EpollEvent> got = e.check("poll(maxevents " + maxevents + ")", call).value();
        if (got == null) {
            return;
        }
        boolean roomForAll = maxevents == -1 || (got.size() < maxevents && !wakeupPending);
        Map<Integer, Integer> reported = new HashMap<>();
        for (EpollEvent ev : got) {
            assertTrue(masks.containsKey(ev.fd()), "reported an fd that is not registered: " + ev + " " + masks);
            assertNull(reported.put(ev.fd(), ev.events()), "reported twice: " + got);
        }
        for (Map.Entry<Integer, Integer> r : masks.entrySet()) {
            int fd = r.getKey();
            int mask = r.getValue();
            int ready = own.ready(fd) & (mask | ALWAYS);
            Integer events = reported.get(fd);
            boolean once = (mask & ONCE) != 0;
            Arm arm = arms.get(fd);
            if (events != null) {
                assertEquals(ready, events, "events of fd " + fd + " registered with " + Integer.toHexString(mask));
                if (once) {
                    assertNotEquals(Arm.FIRED, arm, "fd " + fd + " (" + Integer.toHexString(mask) + ") reported again without a modify");
                    arms.put(fd, Arm.FIRED);
                }
            } else if (ready != 0 && (!once || arm == Arm.ARMED)) {
                if (roomForAll) {
                    fail("fd " + fd + " registered with " + Integer.toHexString(mask) + " is ready for "
                            + Integer.toHexString(ready) + " but was not reported: " + got);
                }
                if (once) {
                    arms.put(fd, Arm.MAYBE_FIRED);
                }
            } else if (once && arm == Arm.MAYBE_FIRED && roomForAll) {
                arms.put(fd, Arm.FIRED);
            }
        }
        if (maxevents == -1) {
            wakeupPending = false;
        }
    }
}
