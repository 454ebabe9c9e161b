package dev.jselect.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.Errno;
import dev.jselect.ErrnoException;
import dev.jselect.testing.Race;
import org.junit.jupiter.api.Test;

/** Os and Pipe against real pipes: data, EOF, flags, and closing each descriptor exactly once. */
class OsTest {

    @Test
    void pipeRoundTripAndEof() throws Exception {
        try (Pipe p = Os.pipe()) {
            assertEquals(5, Os.write(p.writeFd(), "hello".getBytes()));
            assertArrayEquals("hel".getBytes(), Os.read(p.readFd(), 3));
            assertArrayEquals("lo".getBytes(), Os.read(p.readFd(), 100), "a read returns what is there, not n");
            assertArrayEquals(new byte[0], Os.read(p.readFd(), 0));
            Os.close(p.writeFd());
            assertArrayEquals(new byte[0], Os.read(p.readFd(), 10), "EOF once the write end is closed");
        }
    }

    @Test
    void largeWriteIsReadBackInFull() throws Exception {
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        try (Pipe p = Os.pipe()) {
            assertEquals(data.length, Os.write(p.writeFd(), data));
            assertArrayEquals(data, Os.read(p.readFd(), data.length));
        }
    }

    @Test
    void pipeAndDupAreNotInheritable() throws Exception {
        try (Pipe p = Os.pipe()) {
            assertFalse(Os.getInheritable(p.readFd()));
            assertFalse(Os.getInheritable(p.writeFd()));
            int d = Os.dup(p.writeFd());
            try {
                assertNotEquals(p.writeFd(), d);
                assertFalse(Os.getInheritable(d), "os.dup gives a non-inheritable descriptor");
                Os.setInheritable(d, true);
                assertTrue(Os.getInheritable(d));
                Os.write(d, new byte[] {42});
                assertArrayEquals(new byte[] {42}, Os.read(p.readFd(), 1), "the duplicate writes into the same pipe");
            } finally {
                Os.close(d);
            }
        }
    }

    @Test
    void blockingFlagRoundTripAndEagain() throws Exception {
        try (Pipe p = Os.pipe()) {
            assertTrue(Os.getBlocking(p.readFd()));
            Os.setBlocking(p.readFd(), false);
            assertFalse(Os.getBlocking(p.readFd()));
            ErrnoException e = assertThrows(ErrnoException.class, () -> Os.read(p.readFd(), 1));
            assertEquals("EAGAIN", e.errnoName(), "Python's BlockingIOError");
            Os.setBlocking(p.readFd(), true);
            assertTrue(Os.getBlocking(p.readFd()));
        }
    }

    @Test
    void badArgumentsAreErrnosAsInPython() throws Exception {
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.read(-1, 1)).errno());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.write(-1, new byte[1])).errno());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.close(-1)).errno());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.dup(-1)).errno());
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.getBlocking(-1)).errno());
        try (Pipe p = Os.pipe()) {
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Os.read(p.readFd(), -1)).errno());
        }
        assertThrows(IllegalArgumentException.class, () -> new Pipe(-1, 3));
    }

    @Test
    void writeToPipeWithoutReaderIsEpipeNotSigpipe() throws Exception {
        try (Pipe p = Os.pipe()) {
            Os.close(p.readFd());
            assertEquals(Errno.EPIPE, assertThrows(ErrnoException.class, () -> Os.write(p.writeFd(), new byte[1])).errno());
        }
    }

    @Test
    void closingTwiceNeverClosesTheNextOwnersDescriptors() throws Exception {
        Pipe first = Os.pipe();
        first.close();
        first.close();
        Pipe second = Os.pipe();
        try {
            assertEquals(first, second, "the kernel hands out the lowest free numbers again, so this test means something");
            first.close(); // must not touch the second pipe, which got the same numbers
            assertTrue(Os.getBlocking(second.readFd()));
            assertTrue(Os.getBlocking(second.writeFd()));
        } finally {
            second.close();
        }
        assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.getBlocking(second.readFd())).errno());
    }

    @Test
    void endClosedByHandIsNotClosedAgain() throws Exception {
        Pipe p = Os.pipe();
        Os.close(p.writeFd());
        Pipe other = Os.pipe(); // takes the freed number as one of its ends
        try {
            p.close();
            assertTrue(Os.getBlocking(other.readFd()));
            assertTrue(Os.getBlocking(other.writeFd()));
        } finally {
            other.close();
        }
    }

    @Test
    void racingClosesCloseEachEndOnce() throws Exception {
        try (Race race = new Race()) {
            for (int i = 0; i < 200; i++) {
                Pipe p = Os.pipe();
                race.twice(p::close); // a second close(2) would throw EBADF in one of the threads
                assertEquals(Errno.EBADF, assertThrows(ErrnoException.class, () -> Os.getBlocking(p.readFd())).errno());
            }
        }
    }
}
