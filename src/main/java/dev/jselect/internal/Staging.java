package dev.jselect.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Native staging for bytes that live on the Java heap (arrays, heap ByteBuffers) on their way to
 * and from read/write/recv/send: the kernel can only see native memory, so heap data is copied
 * through a buffer here, while direct buffers and native segments go to the kernel as they are.
 *
 * <p>A stream call stages at most {@link #LIMIT} bytes: more than a socket's default send buffer
 * (208 KiB on Linux) or a pipe (64 KiB) takes in one call, so staging rarely makes a count
 * shorter than the kernel would, and a large array is never copied whole when the kernel takes
 * a part of it (which made a non-blocking send loop quadratic). A call whose size must go whole
 * (a datagram, {@code MSG_WAITALL}) and exceeds the limit gets a one-off buffer, freed when the
 * call returns.
 *
 * <p>Where the buffers live, and why:
 * <ul>
 * <li>A platform thread keeps one buffer of its own (a thread-local, grown on demand up to
 *     {@link #LIMIT}): no atomic operation and no allocation per call, and at most
 *     {@link #LIMIT} bytes per thread, freed with the thread (automatic arena).
 * <li>A virtual thread borrows a buffer from a small shared pool for the duration of one system
 *     call and hands it back right after. A thread-local would cost up to {@link #LIMIT} bytes
 *     for every one of possibly millions of virtual threads; borrowing costs two uncontended
 *     CAS per call and keeps as many buffers as calls are staged at the same time. A virtual
 *     thread inside a native call keeps its carrier, so that number is bounded by the carriers;
 *     the pool retains at most {@link #POOL_SIZE} buffers and lets any extra one go to the GC.
 *     (The JDK keeps such buffers per carrier thread, through an internal API that libraries
 *     cannot use; a pool bounded by the carrier count is the same bound.)
 * </ul>
 * A buffer is held only between {@link #take} and {@link Staged#close()} around one system call,
 * never across a wait for readiness.
 */
public final class Staging {
    /** The most bytes one stream call stages. */
    public static final int LIMIT = 256 * 1024;
    /** Buffers start this small and double on demand up to {@link #LIMIT}. */
    private static final int FIRST = 16 * 1024;
    /** Buffers the virtual threads' pool keeps: enough for every carrier thread, twice. */
    static final int POOL_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private static final ThreadLocal<Staged> OWN = ThreadLocal.withInitial(() -> new Staged(Staged.OWN));
    private static final AtomicReferenceArray<Staged> POOL = new AtomicReferenceArray<>(POOL_SIZE);

    private Staging() {}

    /**
     * A native buffer of at least {@code size} bytes for one system call; close it (try-with-
     * resources) right after the call. Its contents are undefined.
     */
    public static Staged take(long size) {
        if (size > LIMIT) {
            return Staged.oneOff(size);
        }
        if (!Thread.currentThread().isVirtual()) {
            Staged own = OWN.get();
            if (!own.inUse) { // a nested take on the same thread (none today) would borrow instead
                own.inUse = true;
                own.ensure(size);
                return own;
            }
        }
        return borrow(size);
    }

    private static Staged borrow(long size) {
        for (int i = 0; i < POOL_SIZE; i++) {
            Staged s = POOL.getPlain(i);
            if (s != null && POOL.compareAndSet(i, s, null)) {
                s.ensure(size);
                return s;
            }
        }
        Staged s = new Staged(Staged.POOLED);
        s.ensure(size);
        return s;
    }

    static void giveBack(Staged s) {
        for (int i = 0; i < POOL_SIZE; i++) {
            if (POOL.getPlain(i) == null && POOL.compareAndSet(i, null, s)) {
                return;
            }
        }
        // the pool is full: this buffer is dropped, and its automatic arena frees it
    }

    /** Buffers the pool holds right now, for tests. */
    static int pooled() {
        int n = 0;
        for (int i = 0; i < POOL_SIZE; i++) {
            n += POOL.get(i) != null ? 1 : 0;
        }
        return n;
    }

    /** One staging buffer, lent for one system call. */
    public static final class Staged implements AutoCloseable {
        static final int OWN = 0;
        static final int POOLED = 1;
        static final int ONE_OFF = 2;

        private final int kind;
        private MemorySegment segment = MemorySegment.NULL;
        private @Nullable Arena arena; // ONE_OFF only
        boolean inUse;       // OWN only: read and written by its thread alone

        Staged(int kind) {
            this.kind = kind;
        }

        static Staged oneOff(long size) {
            Staged s = new Staged(ONE_OFF);
            s.arena = NativeMemory.ofConfined();
            s.segment = s.arena.allocate(size, 16);
            return s;
        }

        void ensure(long size) {
            if (segment.byteSize() < size) {
                long capacity = Math.min(LIMIT, Math.max(FIRST, Long.highestOneBit(size - 1) << 1));
                segment = NativeMemory.ofAuto().allocate(capacity, 16); // the old one goes with the GC
            }
        }

        /** The buffer: at least the size asked for, perhaps more; pass the size to the call. */
        public MemorySegment segment() {
            return segment;
        }

        /** Hands the buffer back (or frees a one-off buffer). */
        @Override
        public void close() {
            switch (kind) {
                case OWN -> inUse = false;
                case POOLED -> giveBack(this);
                default -> Objects.requireNonNull(arena).close(); // ONE_OFF: made with its arena
            }
        }
    }
}
