package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

/**
 * The aarch64 binding set is checked on any machine, its layouts being plain data; so is the
 * choice of binding set, a pure function of os.name and os.arch.
 */
class Aarch64AbiTest {
    private static final Abi ARM = Abi.named(Abi.LINUX_AARCH64);
    private static final Abi X86 = Abi.named(Abi.LINUX_X86_64);

    /**
     * glibc declares {@code struct epoll_event} with {@code __EPOLL_PACKED}, which is
     * {@code __attribute__((packed))} on x86_64 only (<sys/epoll.h>), to match the i386 kernel
     * ABI; on aarch64 the 64-bit {@code data} is naturally aligned (AAPCS64), so 4 bytes of
     * padding follow {@code events}.
     */
    @Test
    void epollEventIsNaturallyAlignedOnAarch64AndPackedOnX86() {
        GroupLayout arm = ARM.layout("epoll_event");
        GroupLayout x86 = X86.layout("epoll_event");
        for (GroupLayout l : new GroupLayout[] {arm, x86}) {
            assertEquals(0, l.byteOffset(PathElement.groupElement("events")));
            assertEquals(4, l.select(PathElement.groupElement("events")).byteSize());
            assertEquals(8, l.select(PathElement.groupElement("data")).byteSize());
        }
        assertEquals(16, arm.byteSize());
        assertEquals(8, arm.byteOffset(PathElement.groupElement("data")));
        assertEquals(8, arm.byteAlignment());
        assertEquals(12, x86.byteSize());
        assertEquals(4, x86.byteOffset(PathElement.groupElement("data")));
        assertNotEquals(arm.byteSize(), x86.byteSize(), "an epoll_event array strides differently on the two ABIs");
    }

    @Test
    void sharedLayoutsAgree() {
        for (Abi abi : new Abi[] {ARM, X86}) {
            assertEquals(8, abi.layout("pollfd").byteSize(), abi + " pollfd");
            assertEquals(128, abi.layout("fd_set").byteSize(), abi + " fd_set");
            assertEquals(16, abi.layout("timeval").byteSize(), abi + " timeval");
            assertEquals(1024, abi.constant("FD_SETSIZE").orElseThrow(), abi + " FD_SETSIZE");
            assertEquals(110, abi.layout("sockaddr_un").byteSize(), abi + " sockaddr_un");
        }
    }

    @Test
    void theBindingSetFollowsOsArch() {
        assertEquals(Abi.LINUX_X86_64, Abi.nameFor("Linux", "amd64"));
        assertEquals(Abi.LINUX_X86_64, Abi.nameFor("Linux", "x86_64"));
        assertEquals(Abi.LINUX_AARCH64, Abi.nameFor("Linux", "aarch64"));
        assertEquals(Abi.MACOS_AARCH64, Abi.nameFor("Mac OS X", "aarch64"));
        assertEquals(Abi.MACOS_X86_64, Abi.nameFor("Mac OS X", "x86_64"));
        assertNull(Abi.nameFor("Linux", "riscv64"));
        assertNull(Abi.nameFor("Linux", "x86"));
        assertNull(Abi.nameFor("FreeBSD", "amd64"));
        assertNull(Abi.nameFor("Windows 11", "amd64"));
    }

    @Test
    void platformLoadsTheChosenSet() {
        Abi arm = Platform.abiFor("Linux", "aarch64");
        assertInstanceOf(GeneratedAbi.class, arm);
        assertEquals(Abi.LINUX_AARCH64, arm.name());
        assertEquals(16, arm.layout("epoll_event").byteSize(), "the aarch64 classes, not the x86_64 ones");
        Abi x86 = Platform.abiFor("Linux", "amd64");
        assertEquals(Abi.LINUX_X86_64, x86.name());
        assertEquals(12, x86.layout("epoll_event").byteSize());
        for (Abi linux : new Abi[] {arm, x86}) {
            assertTrue(linux.isLinux());
            assertTrue(linux.hasFunction("epoll_wait") && linux.hasFunction("poll") && linux.hasFunction("select"));
        }

        Abi mac = Platform.abiFor("Mac OS X", "aarch64");
        assertInstanceOf(DarwinAbi.class, mac, "macOS uses the hand-written table");
        assertFalse(mac.isLinux());
        assertFalse(mac.hasFunction("epoll_wait"));
        assertTrue(mac.hasFunction("poll") && mac.hasFunction("select"));
        assertThrows(UnsupportedOperationException.class, () -> mac.layout("epoll_event"));
        assertEquals(Abi.MACOS_X86_64, Platform.abiFor("Mac OS X", "x86_64").name());

        assertNull(Platform.abiFor("FreeBSD", "amd64"), "unknown platforms are unsupported");
        assertNull(Platform.abiFor("Linux", "s390x"));
    }

    @Test
    void thisMachineRunsTheSetForItsOsArch() {
        String expected = Abi.nameFor(System.getProperty("os.name"), System.getProperty("os.arch"));
        assertEquals(expected, Platform.abi().name());
        assertEquals(expected.startsWith("linux_"), Platform.hasEpoll());
        assertTrue(Platform.hasPoll());
    }
}
