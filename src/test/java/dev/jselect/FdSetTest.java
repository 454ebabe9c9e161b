package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.testing.TestFds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FdSetTest {
    private final TestFds fds = new TestFds();

    @AfterEach
    void closeFds() throws Exception {
        fds.close();
    }

    @Test
    void theFourMacros() {
        FdSet s = new FdSet();
        assertFalse(s.isSet(0));
        s.set(0);
        s.set(63);
        s.set(64);
        s.set(Select.FD_SETSIZE - 1);
        assertTrue(s.isSet(0) && s.isSet(63) && s.isSet(64) && s.isSet(Select.FD_SETSIZE - 1));
        assertFalse(s.isSet(1) || s.isSet(65));
        assertEquals("FdSet[0, 63, 64, " + (Select.FD_SETSIZE - 1) + "]", s.toString());
        s.clear(63);
        assertFalse(s.isSet(63));
        assertTrue(s.isSet(64));
        s.zero();
        assertEquals("FdSet[]", s.toString());
    }

    @Test
    void outOfRangeFdsAreRejected() {
        FdSet s = new FdSet();
        for (int fd : new int[] {-1, Select.FD_SETSIZE, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> s.set(fd));
            assertThrows(IllegalArgumentException.class, () -> s.clear(fd));
            assertThrows(IllegalArgumentException.class, () -> s.isSet(fd));
        }
    }

    @Test
    void theKernelReadsAndWritesTheSameBits() throws Exception {
        int[] p = fds.pipe();
        FdSet r = new FdSet();
        FdSet w = new FdSet();
        r.set(p[0]);
        w.set(p[0]);
        w.set(p[1]);
        int nfds = Math.max(p[0], p[1]) + 1;
        assertEquals(1, Select.select(nfds, r, w, null, 0));
        assertFalse(r.isSet(p[0]), "the empty pipe is not readable");
        assertTrue(w.isSet(p[1]));
        assertFalse(w.isSet(p[0]), "the read end is not writable");
        TestFds.write(p[1], "x");
        r.set(p[0]);
        assertEquals(1, Select.select(nfds, r, null, null, -1));
        assertTrue(r.isSet(p[0]));
    }
}
