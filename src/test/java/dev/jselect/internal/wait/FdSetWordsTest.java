package dev.jselect.internal.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.internal.sys.FdCalls;
import dev.jselect.internal.sys.Platform;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The fd_set bits in glibc's layout, their bounds, and select(2) over real pipes. */
class FdSetWordsTest {
    @Test
    void eachFdIsOneBitOfItsWord() {
        FdSetWords s = new FdSetWords();
        int last = FdSetWords.SIZE - 1;
        for (int fd : new int[] {0, 63, 64, last}) {
            s.set(fd);
        }
        for (int fd = 0; fd < FdSetWords.SIZE; fd++) {
            assertEquals(fd == 0 || fd == 63 || fd == 64 || fd == last, s.isSet(fd), "fd " + fd);
        }
        s.clear(64);
        assertFalse(s.isSet(64));
        assertTrue(s.isSet(0) && s.isSet(63) && s.isSet(last), "clearing one bit leaves the others");
        s.clear(64);
        assertFalse(s.isSet(64), "FD_CLR twice is FD_CLR once");
        s.set(0);
        assertTrue(s.isSet(0), "FD_SET twice is FD_SET once");
        s.zero();
        for (int fd = 0; fd < FdSetWords.SIZE; fd++) {
            assertFalse(s.isSet(fd), "fd " + fd);
        }
    }

    @Test
    void fdsOutsideTheSetAreRejectedWithTheRange() {
        FdSetWords s = new FdSetWords();
        for (int fd : new int[] {-1, FdSetWords.SIZE, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            var e = assertThrows(IllegalArgumentException.class, () -> s.set(fd));
            assertEquals("file descriptor " + fd + " out of range for an fd_set (0.." + (FdSetWords.SIZE - 1) + ")", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> s.clear(fd));
            assertThrows(IllegalArgumentException.class, () -> s.isSet(fd));
        }
        assertEquals(1024, FdSetWords.SIZE, "FD_SETSIZE on Linux and macOS");
    }

    @Test
    void selectLeavesOnlyTheReadyFdsInEachSet() throws Exception {
        int[] quiet = FdCalls.pipe2(Platform.constant("O_CLOEXEC"));
        int[] ready = FdCalls.pipe2(Platform.constant("O_CLOEXEC"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(1);
            FdCalls.write(ready[1], one, 1);
            FdSetWords r = new FdSetWords();
            FdSetWords w = new FdSetWords();
            FdSetWords x = new FdSetWords();
            r.set(quiet[0]);
            r.set(ready[0]);
            w.set(quiet[1]);
            w.set(quiet[0]); // a pipe's read end is never writable
            x.set(quiet[0]);
            int nfds = Math.max(Math.max(quiet[0], quiet[1]), Math.max(ready[0], ready[1])) + 1;
            assertEquals(2, FdSetWords.select(nfds, r, w, x, 0), "one readable, one writable");
            assertTrue(r.isSet(ready[0]));
            assertFalse(r.isSet(quiet[0]), "a quiet fd is taken out of the set, as in C");
            assertTrue(w.isSet(quiet[1]));
            assertFalse(w.isSet(quiet[0]));
            assertFalse(x.isSet(quiet[0]));

            FdSetWords again = new FdSetWords();
            again.set(quiet[0]);
            assertEquals(0, FdSetWords.select(nfds, again, null, null, 1_000), "a timeout of 1 ms passes with nothing ready");
            assertFalse(again.isSet(quiet[0]));
            assertEquals(0, FdSetWords.select(0, null, null, null, 0), "no sets at all");
        } finally {
            for (int fd : new int[] {quiet[0], quiet[1], ready[0], ready[1]}) {
                FdCalls.close(fd);
            }
        }
    }
}
