package dev.jselect.internal.sys;

import dev.jselect.ffi.linux_x86_64.linux_x86_64_h;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;

/**
 * The Linux layouts of the structs jselect only allocates and hands to libc, never reading a
 * member: posix_spawn's file actions and attributes, sigset_t and sched_param. They are written
 * out here as jextract writes them (OpaqueStructsTest checks each against jextract's
 * {@code layout()}), so that allocating one does not initialise jextract's struct class: its
 * static initialiser also makes a var handle for each array member, and the first such handle
 * of a process costs more than the whole spawn.
 */
final class OpaqueStructs {
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

    private OpaqueStructs() {}
}
