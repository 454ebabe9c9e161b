package dev.jselect.reliability;

import dev.jselect.Epoll;
import dev.jselect.HasFileno;
import dev.jselect.Select;
import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fds one fuzzing try owns, all nonblocking: a pipe holding one byte (its read end is
 * readable, its write end writable), a connected socketpair (both ends writable, neither
 * readable) and, on Linux, an empty epoll fd (never ready). The models know what each is ready
 * for: {@link #ready(int)}, in poll(2)'s bits, which epoll shares. Closed at the end of the try.
 */
final class FuzzFds implements AutoCloseable {
    final List<Integer> fds = new ArrayList<>();
    private final Map<Integer, Integer> readyEvents = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<NativeSocket> sockets = new ArrayList<>();
    final Epoll closedEpoll;

    FuzzFds() throws IOException {
        Pipe pipe = keep(Os.pipe());
        Os.write(pipe.writeFd(), new byte[] {1});
        SocketPair pair = keep(NativeSocket.socketpair());
        sockets.add(pair.first());
        sockets.add(pair.second());
        add(pipe.readFd(), Select.POLLIN | Select.POLLRDNORM);
        add(pipe.writeFd(), Select.POLLOUT | Select.POLLWRNORM);
        int socketWritable = Select.POLLOUT | Select.POLLWRNORM | Select.POLLWRBAND;
        add(pair.first().fileno(), socketWritable);
        add(pair.second().fileno(), socketWritable);
        if (Select.hasEpoll()) {
            add(keep(Select.epoll()).fileno(), 0);
            closedEpoll = Select.epoll();
            closedEpoll.close();
        } else {
            closedEpoll = null;
        }
        for (int fd : fds) {
            Os.setBlocking(fd, false);
        }
    }

    private void add(int fd, int ready) {
        fds.add(fd);
        readyEvents.put(fd, ready);
    }

    <T extends AutoCloseable> T keep(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** Whether {@code fd} is one of this try's fds and still open. */
    boolean isOpen(int fd) {
        return readyEvents.containsKey(fd);
    }

    /** The poll(2) events {@code fd} is ready for (POLLIN | POLLRDNORM for the pipe's read end, ...). */
    int ready(int fd) {
        return readyEvents.get(fd);
    }

    NativeSocket socket(int i) {
        return sockets.get(Math.floorMod(i, sockets.size()));
    }

    /**
     * Closes one of the sockets: its number is then an fd the try no longer has open, and its
     * peer, if open, reads end of file (readable, and hung up: POLLHUP and POLLRDHUP).
     */
    void closeSocket(NativeSocket socket) throws IOException {
        if (readyEvents.remove(socket.fileno()) != null) {
            NativeSocket peer = sockets.get(1 - sockets.indexOf(socket));
            readyEvents.computeIfPresent(peer.fileno(), (fd, ready) -> ready | Select.POLLIN | Select.POLLRDNORM
                    | Select.POLLHUP | Select.POLLRDHUP);
        }
        socket.close();
    }

    /** A file object for select and the selectors: an Integer, a socket, a HasFileno, a closed epoll, null, or not a file. */
    Object fileobj(ApiFuzzTest.Call c) {
        int fd = c.fd().resolve(this);
        return switch (Math.floorMod(c.n(), 8)) {
            case 0, 1, 2 -> fd;
            case 3 -> socket(c.mask());
            case 4 -> (HasFileno) () -> fd;
            case 5 -> closedEpoll == null ? fd : closedEpoll; // fileno() throws IllegalStateException
            case 6 -> null;
            default -> "not a file";
        };
    }

    List<Object> fileobjs(List<ApiFuzzTest.Call> calls) {
        List<Object> objs = new ArrayList<>();
        for (ApiFuzzTest.Call c : calls) {
            objs.add(fileobj(c));
        }
        return objs;
    }

    @Override
    public void close() throws IOException {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable c = closeables.get(i);
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
