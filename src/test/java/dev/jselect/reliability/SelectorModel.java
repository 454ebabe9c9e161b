package dev.jselect.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jselect.Epoll;
import dev.jselect.Errno;
import dev.jselect.HasFileno;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.SelectorKey;
import dev.jselect.selectors.Selectors;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * What a selector must do, as Python's selectors module does it: the registered fds and their
 * events. A file object resolves to an fd from 0 (an Integer, an open socket, a HasFileno) or is
 * an IllegalArgumentException; events other than a non-empty subset of READ | WRITE are one
 * too; a second registration is one; an fd that is not open is EBADF; modify, unregister and
 * getKey of an unregistered file object are NoSuchElementException (Python's KeyError); every
 * call after close is an IllegalStateException. select reports exactly the registered fds
 * that are ready, with the registered events they are ready for.
 *
 * <p>Closing a registered socket under the selector leaves what it must report open (Python
 * leaves it to the kernel); from then on the model only accepts documented outcomes.
 */
final class SelectorModel {
    private final FuzzFds own;
    private final TreeMap<Integer, Integer> events = new TreeMap<>();
    boolean closed;
    /** A registered fd was closed: the model can no longer tell. */
    boolean lost;

    SelectorModel(FuzzFds own) {
        this.own = own;
    }

    /** The fd the selector must find for {@code fileobj}, or -1 when it must refuse it as invalid. */
    private static int fdOf(Object fileobj) {
        if (fileobj instanceof Integer fd) {
            return Math.max(fd, -1);
        }
        if (fileobj instanceof Epoll) { // the closed one: its fileno() is an IllegalStateException
            return -1;
        }
        if (fileobj instanceof HasFileno f) { // an open or closed (-1) socket, or an fd in a lambda
            return Math.max(f.fileno(), -1);
        }
        return -1; // null, or not a file
    }

    /** Null when the model can tell no more than the call's own arguments. */
    private Expect common(Object fileobj) {
        if (lost) {
            return Expect.unknown();
        }
        if (closed) {
            return Expect.throwsOneOf(IllegalStateException.class);
        }
        return fdOf(fileobj) < 0 ? Expect.throwsOneOf(IllegalArgumentException.class) : null;
    }

    private static boolean validEvents(int ev) {
        return ev != 0 && (ev & ~(Selectors.EVENT_READ | Selectors.EVENT_WRITE)) == 0;
    }

    void register(Object fileobj, int ev, Expect.Call<SelectorKey> call) {
        Expect e = lost ? Expect.unknown() : closed ? Expect.throwsOneOf(IllegalStateException.class) : null;
        int fd = fdOf(fileobj);
        if (e == null) {
            e = !validEvents(ev) || fd < 0 || events.containsKey(fd) ? Expect.throwsOneOf(IllegalArgumentException.class)
                    : !own.isOpen(fd) ? Expect.errno(Errno.EBADF)
                    : Expect.returns();
        }
        SelectorKey key = e.check("register(" + fileobj + ", " + ev + ")", call).value();
        if (key != null && !lost) {
            assertEquals(fd, key.fd());
            assertEquals(ev, key.events());
            events.put(fd, ev);
        }
    }

    void modify(Object fileobj, int ev, Expect.Call<SelectorKey> call) {
        Expect e = common(fileobj);
        int fd = fdOf(fileobj);
        if (e == null) {
            e = !events.containsKey(fd) ? Expect.throwsOneOf(NoSuchElementException.class)
                    : ev == events.get(fd) || validEvents(ev) ? Expect.returns()
                    : Expect.throwsOneOf(IllegalArgumentException.class);
        }
        SelectorKey key = e.check("modify(" + fileobj + ", " + ev + ")", call).value();
        if (key != null && !lost) {
            assertEquals(ev, key.events());
            events.put(fd, ev);
        }
    }

    void unregister(Object fileobj, Expect.Call<SelectorKey> call) {
        Expect e = common(fileobj);
        int fd = fdOf(fileobj);
        if (e == null) {
            e = events.containsKey(fd) ? Expect.returns() : Expect.throwsOneOf(NoSuchElementException.class);
        }
        SelectorKey key = e.check("unregister(" + fileobj + ")", call).value();
        if (key != null && !lost) {
            assertEquals(fd, key.fd());
            events.remove(fd);
        }
    }

    void getKey(Object fileobj, Expect.Call<SelectorKey> call) {
        Expect e = common(fileobj);
        int fd = fdOf(fileobj);
        if (e == null) {
            e = events.containsKey(fd) ? Expect.returns() : Expect.throwsOneOf(NoSuchElementException.class);
        }
        SelectorKey key = e.check("getKey(" + fileobj + ")", call).value();
        if (key != null && !lost) {
            assertEquals(fd, key.fd());
            assertEquals(events.get(fd), key.events());
        }
    }

    void mapGet(Object fileobj, Expect.Call<SelectorKey> call) {
        int fd = fdOf(fileobj);
        boolean knows = !lost && !closed && fd >= 0;
        SelectorKey key = (knows ? Expect.returns() : Expect.unknown()).check("getMap().get(" + fileobj + ")", call).value();
        if (knows && events.containsKey(fd)) {
            assertNotNull(key, "getMap().get of registered fd " + fd);
            assertEquals(fd, key.fd());
        } else if (knows) {
            assertNull(key, "getMap().get of unregistered fd " + fd);
        }
    }

    /** A select with a timeout that is {@code validTimeout}; checks that it reports exactly what is ready. */
    void select(boolean validTimeout, Expect.Call<List<SelectedKey>> call) {
        Expect e = lost ? Expect.unknown()
                : closed && !validTimeout ? Expect.throwsOneOf(IllegalStateException.class, IllegalArgumentException.class)
                : closed ? Expect.throwsOneOf(IllegalStateException.class)
                : !validTimeout ? Expect.throwsOneOf(IllegalArgumentException.class)
                : Expect.returns();
        List<SelectedKey> got = e.check("select", call).value();
        if (got == null || lost) {
            return;
        }
        TreeMap<Integer, Integer> expected = new TreeMap<>();
        events.forEach((fd, ev) -> {
            int ready = own.ready(fd);
            int readyEvents = ((ready & Select.POLLIN) != 0 ? Selectors.EVENT_READ : 0)
                    | ((ready & Select.POLLOUT) != 0 ? Selectors.EVENT_WRITE : 0);
            if ((readyEvents & ev) != 0) {
                expected.put(fd, readyEvents & ev);
            }
        });
        TreeMap<Integer, Integer> reported = new TreeMap<>();
        for (SelectedKey k : got) {
            reported.put(k.key().fd(), k.events());
        }
        assertEquals(got.size(), reported.size(), "an fd reported twice: " + got);
        assertEquals(expected, reported, "registrations " + events);
    }

    /** Closes one of the try's sockets, perhaps a registered one. */
    void closeSocket(NativeSocket socket, Expect.VoidCall call) {
        int fd = socket.fileno();
        if (fd >= 0 && events.containsKey(fd)) {
            lost = true;
        }
        Expect.returns().check("close " + socket, call);
    }
}
