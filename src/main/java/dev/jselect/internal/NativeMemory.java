package dev.jselect.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every arena jselect allocates native memory from, counted: {@link #heldBytes()} is what jselect
 * holds right now, so a leak check can measure jselect itself instead of the whole process's
 * malloc (where the JIT and other threads allocate too). Use these factories instead of
 * {@link Arena}'s own.
 *
 * <p>A confined or shared arena's bytes count until it is closed; an automatic arena's until the
 * collector frees its memory (a cleaner on the segment's scope, the object whose reachability
 * frees it); the global arena's for good. Counting costs an add per allocation (and a cleaner
 * registration for an automatic one), never anything per system call: hot paths allocate only
 * when a buffer grows.
 */
public final class NativeMemory {
    private static final LongAdder HELD = new LongAdder();
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "jselect-native-memory");
        t.setDaemon(true);
        return t;
    });
    private static final Arena GLOBAL = new Counted(Arena.global(), Counted.GLOBAL);

    private NativeMemory() {}

    /** Bytes of native memory jselect has allocated and not yet freed (garbage not yet collected included). */
    public static long heldBytes() {
        return HELD.sum();
    }

    /** {@link Arena#ofAuto()}, counted until the collector frees each segment. */
    public static Arena ofAuto() {
        return new Counted(Arena.ofAuto(), Counted.AUTO);
    }

    /** {@link Arena#ofConfined()}, counted until closed. */
    public static Arena ofConfined() {
        return new Counted(Arena.ofConfined(), Counted.CLOSABLE);
    }

    /** {@link Arena#ofShared()}, counted until closed. */
    public static Arena ofShared() {
        return new Counted(Arena.ofShared(), Counted.CLOSABLE);
    }

    /** {@link Arena#global()}, counted for good. */
    public static Arena global() {
        return GLOBAL;
    }

    /** An arena that adds what it allocates to {@link #HELD} and takes it off when freed. */
    private static final class Counted implements Arena {
        static final int AUTO = 0;
        static final int CLOSABLE = 1;
        static final int GLOBAL = 2;

        private final Arena arena;
        private final int kind;
        private final AtomicLong bytes = new AtomicLong(); // CLOSABLE: a shared arena may allocate from several threads

        Counted(Arena arena, int kind) {
            this.arena = arena;
            this.kind = kind;
        }

        @Override
        public MemorySegment allocate(long byteSize, long byteAlignment) {
            MemorySegment s = arena.allocate(byteSize, byteAlignment);
            HELD.add(byteSize);
            switch (kind) {
                case AUTO -> CLEANER.register(s.scope(), () -> HELD.add(-byteSize));
                case CLOSABLE -> bytes.addAndGet(byteSize);
                default -> { } // global: never freed
            }
            return s;
        }

        @Override
        public MemorySegment.Scope scope() {
            return arena.scope();
        }

        @Override
        public void close() {
            arena.close(); // throws for an automatic or the global arena, as Arena's own
            HELD.add(-bytes.getAndSet(0));
        }
    }
}
