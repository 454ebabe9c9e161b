package dev.jselect.internal.sys;

import dev.jselect.ffi.linux_x86_64.linux_x86_64_h;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;

/**
 * Linux struct layouts written out here as jextract writes them ({@code StructLayoutsTest}
 * checks each against jextract's {@code layout()} on both binding sets), so that using one does
 * not initialise jextract's struct class. Such a class's static initialiser also computes every
 * member's layout and offset, makes a var handle for each array member (the first of a process
 * costs more than a whole spawn), and for a packed struct bootstraps a pattern-matching switch:
 * about 10 ms each in a fresh process, paid by the first select (timeval), the first epoll
 * (epoll_event) and the first popen (rlimit, sigset_t, posix_spawn's file actions and
 * attributes). The structs here are those first calls need; the others come from jextract's
 * classes.
 */
final class StructLayouts {
    static final GroupLayout SIGSET_T = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(16, linux_x86_64_h.C_LONG).withName("__val")).withName("$anon$5:9");
    static final GroupLayout SCHED_PARAM = MemoryLayout.structLayout(
            linux_x86_64_h.C_INT.withName("sched_priority")).withName("sched_param");
    static final GroupLayout POSIX_SPAWNATTR_T = MemoryLayout.structLayout(
            linux_x86_64_h.C_SHORT.withName("__flags"),
            MemoryLayout.paddingLayout(2),
            linux_x86_64_h.C_INT.withName("__pgrp"),
            SIGSET_T.withName("__sd"),
            SIGSET_T.withName("__ss"),
            SCHED_PARAM.withName("__sp"),
            linux_x86_64_h.C_INT.withName("__policy"),
            MemoryLayout.sequenceLayout(16, linux_x86_64_h.C_INT).withName("__pad")).withName("$anon$29:9");
    static final GroupLayout POSIX_SPAWN_FILE_ACTIONS_T = MemoryLayout.structLayout(
            linux_x86_64_h.C_INT.withName("__allocated"),
            linux_x86_64_h.C_INT.withName("__used"),
            linux_x86_64_h.C_POINTER.withName("__actions"),
            MemoryLayout.sequenceLayout(16, linux_x86_64_h.C_INT).withName("__pad")).withName("$anon$43:9");

    static final GroupLayout TIMEVAL = MemoryLayout.structLayout(
            linux_x86_64_h.C_LONG.withName("tv_sec"),
            linux_x86_64_h.C_LONG.withName("tv_usec")).withName("timeval");
    static final GroupLayout POLLFD = MemoryLayout.structLayout(
            linux_x86_64_h.C_INT.withName("fd"),
            linux_x86_64_h.C_SHORT.withName("events"),
            linux_x86_64_h.C_SHORT.withName("revents")).withName("pollfd");
    static final GroupLayout RLIMIT = MemoryLayout.structLayout(
            linux_x86_64_h.C_LONG.withName("rlim_cur"),
            linux_x86_64_h.C_LONG.withName("rlim_max")).withName("rlimit");
    static final GroupLayout EPOLL_DATA = MemoryLayout.unionLayout(
            linux_x86_64_h.C_POINTER.withName("ptr"),
            linux_x86_64_h.C_INT.withName("fd"),
            linux_x86_64_h.C_INT.withName("u32"),
            linux_x86_64_h.C_LONG.withName("u64")).withName("epoll_data");
    /** aarch64's epoll_event: the union aligned to 8 after 4 bytes of padding, 16 bytes. */
    static final GroupLayout EPOLL_EVENT_AARCH64 = MemoryLayout.structLayout(
            linux_x86_64_h.C_INT.withName("events"),
            MemoryLayout.paddingLayout(4),
            EPOLL_DATA.withName("data")).withName("epoll_event");
    /**
     * x86_64's epoll_event, packed (12 bytes): every member aligned to 1, the union rebuilt
     * without its name as jextract's align() rebuilds it.
     */
    static final GroupLayout EPOLL_EVENT_X86_64 = MemoryLayout.structLayout(
            linux_x86_64_h.C_INT.withByteAlignment(1).withName("events"),
            MemoryLayout.unionLayout(
                    linux_x86_64_h.C_POINTER.withByteAlignment(1).withName("ptr"),
                    linux_x86_64_h.C_INT.withByteAlignment(1).withName("fd"),
                    linux_x86_64_h.C_INT.withByteAlignment(1).withName("u32"),
                    linux_x86_64_h.C_LONG.withByteAlignment(1).withName("u64")).withName("data")).withName("epoll_event");

    private StructLayouts() {}
}
