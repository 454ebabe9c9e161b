package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

/** The aarch64 binding set is checked on any machine: its layouts are plain data. */
class Aarch64AbiTest {
    private static final Abi ARM = Abi.named(Abi.LINUX_AARCH64);
    private static final Abi X86 = Abi.named(Abi.LINUX_X86_64);

    @Test
    void epollEventIsNaturallyAlignedOnAarch64AndPackedOnX86() {
        GroupLayout arm = ARM.layout("epoll_event");
        assertEquals(16, arm.byteSize());
        assertEquals(8, arm.byteOffset(PathElement.groupElement("data")));
        GroupLayout x86 = X86.layout("epoll_event");
        assertEquals(12, x86.byteSize());
        assertEquals(4, x86.byteOffset(PathElement.groupElement("data")));
    }

    @Test
    void sharedLayoutsAgree() {
        for (Abi abi : new Abi[] {ARM, X86}) {
            assertEquals(8, abi.layout("pollfd").byteSize(), abi + " pollfd");
            assertEquals(128, abi.layout("fd_set").byteSize(), abi + " fd_set");
            assertEquals(16, abi.layout("timeval").byteSize(), abi + " timeval");
            assertEquals(1024, abi.constant("FD_SETSIZE").orElseThrow(), abi + " FD_SETSIZE");
        }
    }

    @Test
    void theBindingSetFollowsOsArch() {
        assertEquals(Abi.LINUX_X86_64, Abi.nameFor("Linux", "amd64"));
        assertEquals(Abi.LINUX_X86_64, Abi.nameFor("Linux", "x86_64"));
        assertEquals(Abi.LINUX_AARCH64, Abi.nameFor("Linux", "aarch64"));
        assertNull(Abi.nameFor("Mac OS X", "aarch64"));
        assertNull(Abi.nameFor("Linux", "riscv64"));
        assertEquals(Abi.nameFor(System.getProperty("os.name"), System.getProperty("os.arch")), Platform.abi().name());
    }
}
