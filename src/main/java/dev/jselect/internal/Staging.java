package dev.jselect.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
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
 * <p>The buffer lives in the calling thread's {@link Scratch} block, under its rule: a platform
 * thread keeps one of its own (grown on demand up to {@link #LIMIT}, freed with the thread), a
 * virtual thread borrows one from the shared pool for the call and hands it back right after.
 * A nested take on a platform thread (none today) borrows a pool block instead of sharing.
 * A buffer is held only between {@link #take} and {@link Staged#close()} around one system call,
 * never across a wait for readiness.
 */
public final class Staging {
    /** The most bytes one stream call stages. */
    public static final int LIMIT = 256 * 1024;
    /** Buffers start this small and double on demand up to {@link #LIMIT}. */
    private static final int FIRST = 16 * 1024;

    private Staging() {}

    /**
     * A native buffer of at least {@code size} bytes for one system call; close it (try-with-
     * resources) right after the call. Its contents are undefined.
     */
    public static Staged take(long size) {
        if (size > LIMIT) {
            return Staged.oneOff(size);
        }
        Scratch scratch = Scratch.take();
        if (scratch.staged.inUse) { // nested on a platform thread: its own block is busy
            scratch = Scratch.borrow();
        }
        Staged s = scratch.staged;
        s.inUse = true;
        s.ensure(size);
        return s;
    }

    /** One staging buffer, lent for one system call: a {@link Scratch} block's, or a one-off one. */
    public static final class Staged implements AutoCloseable {
        private final @Nullable Scratch scratch; // null: a one-off buffer, with its own arena
        private MemorySegment segment = MemorySegment.NULL;
        private @Nullable Arena arena;
        boolean inUse;

        Staged(@Nullable Scratch scratch) {
            this.scratch = scratch;
        }

        static Staged oneOff(long size) {
            Staged s = new Staged(null);
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

        /**
         * The block this buffer belongs to, held with it until {@link #close()}: its errno slice
         * may serve the call the buffer is for. Null for a one-off buffer, which has none.
         */
        public @Nullable Scratch block() {
            return scratch;
        }

        /** The buffer: at least the size asked for, perhaps more; pass the size to the call. */
        public MemorySegment segment() {
            return segment;
        }

        /** Hands the buffer back with its block (or frees a one-off buffer). */
        @Override
        public void close() {
            if (scratch == null) {
                Objects.requireNonNull(arena).close();
            } else {
                inUse = false;
                scratch.close();
            }
        }
    }
}
