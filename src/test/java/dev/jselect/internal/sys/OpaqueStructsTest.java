package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.ffi.linux_aarch64.linux_aarch64_h;
import dev.jselect.ffi.linux_x86_64.__sigset_t;
import dev.jselect.ffi.linux_x86_64.posix_spawn_file_actions_t;
import dev.jselect.ffi.linux_x86_64.posix_spawnattr_t;
import dev.jselect.ffi.linux_x86_64.sched_param;
import org.junit.jupiter.api.Test;

/** The structs written out by hand are jextract's, member for member, on both Linux binding sets. */
class OpaqueStructsTest {
    @Test
    void eachIsJextractsLayout() {
        assertEquals(__sigset_t.layout(), OpaqueStructs.SIGSET_T);
        assertEquals(sched_param.layout(), OpaqueStructs.SCHED_PARAM);
        assertEquals(posix_spawnattr_t.layout(), OpaqueStructs.POSIX_SPAWNATTR_T);
        assertEquals(posix_spawn_file_actions_t.layout(), OpaqueStructs.POSIX_SPAWN_FILE_ACTIONS_T);
    }

    @Test
    void aarch64HasTheSameLayouts() {
        assertEquals(dev.jselect.ffi.linux_aarch64.__sigset_t.layout(), OpaqueStructs.SIGSET_T);
        assertEquals(dev.jselect.ffi.linux_aarch64.sched_param.layout(), OpaqueStructs.SCHED_PARAM);
        assertEquals(dev.jselect.ffi.linux_aarch64.posix_spawnattr_t.layout(), OpaqueStructs.POSIX_SPAWNATTR_T);
        assertEquals(dev.jselect.ffi.linux_aarch64.posix_spawn_file_actions_t.layout(), OpaqueStructs.POSIX_SPAWN_FILE_ACTIONS_T);
        assertEquals(linux_aarch64_h.C_LONG, dev.jselect.ffi.linux_x86_64.linux_x86_64_h.C_LONG);
    }

    @Test
    void theBindingSetsGiveThem() {
        for (Abi abi : new Abi[] {Abi.named(Abi.LINUX_X86_64), Abi.named(Abi.LINUX_AARCH64)}) {
            assertEquals(posix_spawn_file_actions_t.layout(), abi.layout("posix_spawn_file_actions_t"), abi.name());
            assertEquals(posix_spawnattr_t.layout(), abi.layout("posix_spawnattr_t"), abi.name());
            assertEquals(__sigset_t.layout(), abi.layout("sigset_t"), abi.name());
            assertEquals(__sigset_t.layout(), abi.layout("__sigset_t"), abi.name());
            assertEquals(sched_param.layout(), abi.layout("sched_param"), abi.name());
        }
    }
}
