package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** jselect's count of the native memory it holds, which the leak checks read. */
class NativeMemoryTest {
    private static final Pattern UNCOUNTED = Pattern.compile("\\bArena\\s*\\.\\s*(ofAuto|ofConfined|ofShared|global)\\s*\\(");

    @Test
    void everyArenaInJselectIsCounted() throws IOException {
        Path main = Path.of("src", "main", "java");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("NativeMemory.java"))
                    .filter(p -> {
                        try {
                            return UNCOUNTED.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "sources taking an Arena of their own instead of NativeMemory's");
    }

    @Test
    void aClosedArenaGivesItsBytesBack() throws InterruptedException {
        long before = settled();
        try (Arena arena = NativeMemory.ofConfined()) {
            arena.allocate(1000);
            arena.allocateFrom("hello");
            assertEquals(before + 1006, NativeMemory.heldBytes());
        }
        assertEquals(before, NativeMemory.heldBytes());
        Arena shared = NativeMemory.ofShared();
        shared.allocate(64);
        shared.close();
        assertEquals(before, NativeMemory.heldBytes());
        assertThrows(UnsupportedOperationException.class, () -> NativeMemory.global().close());
    }

    @Test
    void anAutomaticSegmentCountsUntilTheCollectorFreesIt() throws InterruptedException {
        long before = settled();
        MemorySegment kept = NativeMemory.ofAuto().allocate(1 << 20);
        assertTrue(NativeMemory.heldBytes() >= before + (1 << 20), "counted while reachable");
        long held = 0;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(20);
            held = NativeMemory.heldBytes();
        }
        assertTrue(held >= before + (1 << 20), "still reachable: still counted, " + (held - before));
        assertEquals(1 << 20, kept.byteSize());
        kept = null; // unreachable from here on
        for (int i = 0; i < 50 && held >= before + (1 << 20); i++) {
            System.gc();
            Thread.sleep(20);
            held = NativeMemory.heldBytes();
        }
        assertTrue(held < before + (1 << 20), "freed by the collector, no longer counted: " + (held - before));
    }

    /** The count once earlier tests' garbage is freed, so that it is not freed while a test counts. */
    private static long settled() throws InterruptedException {
        long held = -1;
        for (int i = 0; i < 20 && held != NativeMemory.heldBytes(); i++) {
            held = NativeMemory.heldBytes();
            System.gc();
            Thread.sleep(20);
        }
        return NativeMemory.heldBytes();
    }
}
