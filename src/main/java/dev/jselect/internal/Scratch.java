package dev.jselect.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The one owner of per-thread native memory: a block with a fixed slice for each small struct a
 * system call passes by pointer (the errno capture state, pipe's int[2], one {@code pollfd}, one
 * {@code epoll_event}, a {@code timeval}, select's three {@code fd_set}s, a
 * {@code sockaddr_storage} with its length, a few option bytes), and the {@link Staging} buffer
 * for heap data. So a system call allocates nothing.
 *
 * <p>Whose block a call uses, and why:
 * <ul>
 * <li>A platform thread keeps a block of its own (a thread-local): no atomic operation per call,
 *     freed with the thread (automatic arena). Nested takes on one thread share it: each user
 *     takes the slice of its own struct, so they never overlap.
 * <li>A virtual thread borrows a block from a small shared pool from {@link #take} to
 *     {@link #close()} and hands it back: a thread-local would keep a block for every one of
 *     possibly millions of virtual threads. A virtual thread inside a native call keeps its
 *     carrier, so the blocks in use are about as many as carriers; the pool keeps at most
 *     {@link #POOL_SIZE} and lets any extra go to the GC.
 * </ul>
 * A block is held around one system call and the reading of what it wrote, then closed
 * (try-with-resources); a caller that parks between two calls takes a block for each. The only
 * wait that holds one is select(2) on a virtual thread, whose fd_sets stay staged while it parks.
 */
public final class Scratch implements AutoCloseable {
    /** Blocks the virtual threads' pool keeps: enough for every carrier thread, twice. */
    static final int POOL_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    /** Bytes of the errno capture slice: the linker's capture state fits (ScratchTest). */
    public static final long STATE_BYTES = 16;
    /** Bytes of the epoll_event slice: 12 on x86_64, 16 on aarch64. */
    public static final long EPOLL_EVENT_BYTES = 16;
    /** Bytes of the timeval slice: 16 on every 64-bit platform supported. */
    public static final long TIMEVAL_BYTES = 16;
    /** Bytes of each fd_set slice: FD_SETSIZE (1024) bits. */
    public static final long FD_SET_BYTES = 128;
    /** Bytes of the sockaddr slice: {@code sizeof(struct sockaddr_storage)}. */
    public static final long SOCKADDR_BYTES = 128;
    /** Bytes of the option slice: the largest socket option value or wait status passed through it. */
    public static final long SMALL_BYTES = 32;

    private static final long PAIR = STATE_BYTES;
    private static final long POLLFD = PAIR + 8;
    private static final long EPOLL_EVENT = POLLFD + 8;
    private static final long TIMEVAL = EPOLL_EVENT + EPOLL_EVENT_BYTES;
    private static final long FD_SETS = TIMEVAL + TIMEVAL_BYTES;
    private static final long SOCKADDR = FD_SETS + 3 * FD_SET_BYTES;
    private static final long SOCKADDR_LENGTH = SOCKADDR + SOCKADDR_BYTES;
    private static final long SMALL = SOCKADDR_LENGTH + 8;
    private static final long SIZE = SMALL + SMALL_BYTES;

    private static final ThreadLocal<Scratch> OWN = ThreadLocal.withInitial(() -> new Scratch(true));
    private static final AtomicReferenceArray<Scratch> POOL = new AtomicReferenceArray<>(POOL_SIZE);

    /** The errno capture state of {@link Linker.Option#captureCallState}. */
    public final MemorySegment state;
    /** An int[2], for the two descriptors of pipe and socketpair. */
    public final MemorySegment pair;
    /** One {@code struct pollfd}. */
    public final MemorySegment pollFd;
    /** One {@code struct epoll_event}, for epoll_ctl. */
    public final MemorySegment epollEvent;
    /** One {@code struct timeval}, select's timeout. */
    public final MemorySegment timeval;
    /** select's read, write and exceptional {@code fd_set}s. */
    public final MemorySegment readSet;
    /** See {@link #readSet}. */
    public final MemorySegment writeSet;
    /** See {@link #readSet}. */
    public final MemorySegment exceptSet;
    /** A {@code sockaddr_storage}. */
    public final MemorySegment sockAddr;
    /** The {@code socklen_t} that goes with {@link #sockAddr}. */
    public final MemorySegment sockAddrLength;
    /** Option bytes: a socket option's value and its length, or a wait status. */
    public final MemorySegment small;
    /** This block's staging buffer, lent by {@link Staging}. */
    final Staging.Staged staged = new Staging.Staged(this);
    private final boolean own;

    private Scratch(boolean own) {
        this.own = own;
        if (Linker.Option.captureStateLayout().byteSize() > STATE_BYTES) {
            throw new IllegalStateException("the errno capture state outgrew its slice");
        }
        Arena arena = NativeMemory.ofAuto();
        MemorySegment block = arena.allocate(SIZE, 16);
        state = block.asSlice(0, STATE_BYTES);
        pair = block.asSlice(PAIR, 8);
        pollFd = block.asSlice(POLLFD, 8);
        epollEvent = block.asSlice(EPOLL_EVENT, EPOLL_EVENT_BYTES);
        timeval = block.asSlice(TIMEVAL, TIMEVAL_BYTES);
        readSet = block.asSlice(FD_SETS, FD_SET_BYTES);
        writeSet = block.asSlice(FD_SETS + FD_SET_BYTES, FD_SET_BYTES);
        exceptSet = block.asSlice(FD_SETS + 2 * FD_SET_BYTES, FD_SET_BYTES);
        sockAddr = block.asSlice(SOCKADDR, SOCKADDR_BYTES);
        sockAddrLength = block.asSlice(SOCKADDR_LENGTH, 4);
        small = block.asSlice(SMALL, SMALL_BYTES);
    }

    /** A block for the calling thread's next system call; close it right after (try-with-resources). */
    public static Scratch take() {
        return Thread.currentThread().isVirtual() ? borrow() : OWN.get();
    }

    /** A block of the pool, never the thread's own: for a nested user that needs one of its own. */
    static Scratch borrow() {
        for (int i = 0; i < POOL_SIZE; i++) {
            Scratch s = POOL.getPlain(i);
            if (s != null && POOL.compareAndSet(i, s, null)) {
                return s;
            }
        }
        return new Scratch(false);
    }

    /** Hands a borrowed block back to the pool; a platform thread's own block stays with it. */
    @Override
    public void close() {
        if (own) {
            return;
        }
        for (int i = 0; i < POOL_SIZE; i++) {
            if (POOL.getPlain(i) == null && POOL.compareAndSet(i, null, this)) {
                return;
            }
        }
        // the pool is full: this block is dropped, and its automatic arena frees it
    }

    /** Blocks the pool holds right now, for tests. */
    static int pooled() {
        int n = 0;
        for (int i = 0; i < POOL_SIZE; i++) {
            n += POOL.get(i) != null ? 1 : 0;
        }
        return n;
    }
}
