package dev.jselect.selectors;

import static dev.jselect.selectors.Selectors.EVENT_READ;
import static dev.jselect.selectors.Selectors.EVENT_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.HasFileno;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** getMap(): Python's _SelectorMapping, a live read-only view keyed by fd that also looks up file objects. */
class SelectorMappingTest {
    @Test
    // test_get_map
    void aLiveViewLookedUpByFdOrFileObject() throws Exception {
        try (Pipe p = Os.pipe(); BaseSelector s = new PollSelector()) {
            Map<Object, SelectorKey> keys = s.getMap();
            assertTrue(keys.isEmpty());
            assertEquals(0, keys.size());
            HasFileno rd = p::readFd;
            SelectorKey key = s.register(rd, EVENT_READ, "data");
            assertSame(key, keys.get(rd), "the registered object");
            assertSame(key, keys.get(p.readFd()), "its fd");
            HasFileno sameFd = () -> p.readFd();
            assertSame(key, keys.get(sameFd), "another object with the same fd");
            assertTrue(keys.containsKey(rd) && keys.containsKey(p.readFd()) && keys.containsKey(sameFd));
            assertEquals(1, keys.size());
            assertEquals(List.of(p.readFd()), List.copyOf(keys.keySet()), "iteration shows fds");
            assertEquals(List.of(key), List.copyOf(keys.values()));
            assertEquals(Map.of(p.readFd(), key), Map.copyOf(keys));

            s.register(p.writeFd(), EVENT_WRITE);
            assertEquals(2, keys.size(), "the view follows register");
            s.unregister(rd);
            assertEquals(1, keys.size(), "and unregister");
            assertNull(keys.get(rd));
            assertFalse(keys.containsKey(p.readFd()));
            assertEquals(p.writeFd(), keys.get(p.writeFd()).fd());
        }
    }

    @Test
    void whatIsNotAFileObjectIsNotInTheMap() throws Exception {
        try (Pipe p = Os.pipe(); BaseSelector s = new PollSelector()) {
            s.register(p.readFd(), EVENT_READ);
            Map<Object, SelectorKey> keys = s.getMap();
            for (Object notAKey : new Object[] {999_999, -1, "a string", null, 1.5, (HasFileno) () -> -1}) {
                assertNull(keys.get(notAKey), String.valueOf(notAKey));
                assertFalse(keys.containsKey(notAKey), String.valueOf(notAKey));
            }
        }
    }

    @Test
    void aFileObjectThatLostItsFdIsFoundByIdentity() throws Exception {
        try (Pipe p = Os.pipe(); BaseSelector s = new PollSelector()) {
            boolean[] closed = {false};
            HasFileno file = () -> {
                if (closed[0]) {
                    throw new IllegalStateException("closed");
                }
                return p.readFd();
            };
            SelectorKey key = s.register(file, EVENT_READ);
            closed[0] = true;
            assertSame(key, s.getMap().get(file), "as Python's _fileobj_lookup falls back to the registered objects");
            assertNull(s.getMap().get((HasFileno) () -> {
                throw new IllegalStateException("closed");
            }));
        }
    }

    @Test
    // test_get_map: "Read-only mapping"
    void everyChangeIsRefused() throws Exception {
        try (Pipe p = Os.pipe(); BaseSelector s = new PollSelector()) {
            SelectorKey key = s.register(p.readFd(), EVENT_READ);
            Map<Object, SelectorKey> keys = s.getMap();
            var e = assertThrows(UnsupportedOperationException.class, () -> keys.put(p.writeFd(), key));
            assertEquals("the selector's map is read-only: use register, modify and unregister", e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> keys.remove(p.readFd()));
            assertThrows(UnsupportedOperationException.class, () -> keys.putAll(Map.of(p.writeFd(), key)));
            assertThrows(UnsupportedOperationException.class, keys::clear);
            assertThrows(UnsupportedOperationException.class, () -> keys.keySet().remove(p.readFd()));
            assertThrows(UnsupportedOperationException.class, () -> keys.entrySet().clear());
            assertThrows(UnsupportedOperationException.class, () -> keys.values().clear());
            assertEquals(1, keys.size(), "nothing changed");
        }
    }
}
