package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jselect.ffi.linux_aarch64.linux_aarch64_h;
import dev.jselect.ffi.linux_x86_64.__sigset_t;
import dev.jselect.ffi.linux_x86_64.posix_spawn_file_actions_t;
import dev.jselect.ffi.linux_x86_64.posix_spawnattr_t;
import dev.jselect.ffi.linux_x86_64.sched_param;
import org.junit.jupiter.api.Test;

/** The struct layouts written out by hand are jextract's, member for member, on both Linux binding sets. */
class StructLayoutsTest {
    @Test
    void eachIsJextractsLayout() {
        assertEquals(__sigset_t.layout(), StructLayouts.SIGSET_T);
        assertEquals(sched_param.layout(), StructLayouts.SCHED_PARAM);
        assertEquals(posix_spawnattr_t.layout(), StructLayouts.POSIX_SPAWNATTR_T);
        assertEquals(posix_spawn_file_actions_t.layout(), StructLayouts.POSIX_SPAWN_FILE_ACTIONS_T);
        assertEquals(dev.jselect.ffi.linux_x86_64.timeval.layout(), StructLayouts.TIMEVAL);
        assertEquals(dev.jselect.ffi.linux_x86_64.pollfd.layout(), StructLayouts.POLLFD);
        assertEquals(dev.jselect.ffi.linux_x86_64.rlimit.layout(), StructLayouts.RLIMIT);
        assertEquals(dev.jselect.ffi.linux_x86_64.epoll_data.layout(), StructLayouts.EPOLL_DATA);
        assertEquals(dev.jselect.ffi.linux_x86_64.epoll_event.layout(), StructLayouts.EPOLL_EVENT_X86_64);
        assertEquals(12, StructLayouts.EPOLL_EVENT_X86_64.byteSize());
    }

    @Test
    void aarch64HasTheSameLayouts() {
        assertEquals(dev.jselect.ffi.linux_aarch64.__sigset_t.layout(), StructLayouts.SIGSET_T);
        assertEquals(dev.jselect.ffi.linux_aarch64.sched_param.layout(), StructLayouts.SCHED_PARAM);
        assertEquals(dev.jselect.ffi.linux_aarch64.posix_spawnattr_t.layout(), StructLayouts.POSIX_SPAWNATTR_T);
        assertEquals(dev.jselect.ffi.linux_aarch64.posix_spawn_file_actions_t.layout(), StructLayouts.POSIX_SPAWN_FILE_ACTIONS_T);
        assertEquals(dev.jselect.ffi.linux_aarch64.timeval.layout(), StructLayouts.TIMEVAL);
        assertEquals(dev.jselect.ffi.linux_aarch64.pollfd.layout(), StructLayouts.POLLFD);
        assertEquals(dev.jselect.ffi.linux_aarch64.rlimit.layout(), StructLayouts.RLIMIT);
        assertEquals(dev.jselect.ffi.linux_aarch64.epoll_data.layout(), StructLayouts.EPOLL_DATA);
        assertEquals(dev.jselect.ffi.linux_aarch64.epoll_event.layout(), StructLayouts.EPOLL_EVENT_AARCH64);
        assertEquals(16, StructLayouts.EPOLL_EVENT_AARCH64.byteSize());
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
            assertEquals(StructLayouts.TIMEVAL, abi.layout("timeval"), abi.name());
            assertEquals(StructLayouts.POLLFD, abi.layout("pollfd"), abi.name());
            assertEquals(StructLayouts.RLIMIT, abi.layout("rlimit"), abi.name());
        }
        assertEquals(dev.jselect.ffi.linux_x86_64.epoll_event.layout(), Abi.named(Abi.LINUX_X86_64).layout("epoll_event"));
        assertEquals(dev.jselect.ffi.linux_aarch64.epoll_event.layout(), Abi.named(Abi.LINUX_AARCH64).layout("epoll_event"));
        for (Abi abi : new Abi[] {Abi.named(Abi.LINUX_X86_64), Abi.named(Abi.LINUX_AARCH64)}) {
            assertEquals(dev.jselect.ffi.linux_x86_64.epoll_data.layout(), abi.layout("epoll_data"), abi.name());
        }
    }
}
