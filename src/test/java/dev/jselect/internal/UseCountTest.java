package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UseCountTest {
    @Test
    void closeWithNobodyInsideFreesAtOnce() {
        UseCount u = new UseCount("thing");
        u.enter();
        assertFalse(u.leave());
        assertTrue(u.close());
        assertTrue(u.isClosed());
        assertFalse(u.close(), "only the first close frees");
        var e = assertThrows(IllegalStateException.class, u::enter);
        assertEquals("I/O operation on closed thing", e.getMessage());
    }

    @Test
    void theLastUserOutFreesAfterClose() {
        UseCount u = new UseCount("thing");
        u.enter();
        u.enter();
        assertFalse(u.close(), "two users inside");
        assertTrue(u.isClosed());
        assertEquals(2, u.users());
        assertThrows(IllegalStateException.class, u::enter);
        assertFalse(u.leave());
        assertTrue(u.leave(), "the last one out frees");
        assertEquals(0, u.users());
    }

    @Test
    void racingUsersAndCloseFreeExactlyOnceAndNeverUnderAUser() throws Exception {
        for (int round = 0; round < 50; round++) {
            UseCount u = new UseCount("thing");
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger frees = new AtomicInteger();
            AtomicInteger freedUnderAUser = new AtomicInteger();
            Runnable free = () -> {
                frees.incrementAndGet();
                if (inside.get() != 0) {
                    freedUnderAUser.incrementAndGet();
                }
            };
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (;;) {
                            u.enter();
                            inside.incrementAndGet();
                            inside.decrementAndGet();
                            if (u.leave()) {
                                free.run();
                            }
                        }
                    } catch (IllegalStateException closed) {
                        // done
                    }
                }));
            }
            Thread.sleep(2);
            if (u.close()) {
                free.run();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(1, frees.get());
            assertEquals(0, freedUnderAUser.get());
        }
    }
}
