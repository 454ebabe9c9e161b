package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.ffi.linux_x86_64.linux_x86_64_h;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Linux binding set gives each function's descriptor and address without jextract's
 * per-function holder: the descriptor rebuilt from the generated method's Java types must be the
 * one jextract wrote, for every function of the header.
 */
class GeneratedAbiTest {
    private static final Abi X86 = Abi.named(Abi.LINUX_X86_64);
    private static final Abi ARM = Abi.named(Abi.LINUX_AARCH64);

    /** Every function of the header with its jextract descriptor: the {@code fn$descriptor()} methods. */
    private static List<String> functions() {
        List<String> names = new ArrayList<>();
        for (Method m : linux_x86_64_h.class.getMethods()) {
            if (m.getName().endsWith("$descriptor") && m.getParameterCount() == 0) {
                names.add(m.getName().substring(0, m.getName().length() - "$descriptor".length()));
            }
        }
        return names;
    }

    @Test
    void eachDescriptorIsJextractsOwn() throws Exception {
        List<String> names = functions();
        assertTrue(names.size() > 40, "the header's functions: " + names);
        for (String fn : names) {
            FunctionDescriptor jextract = (FunctionDescriptor) linux_x86_64_h.class.getMethod(fn + "$descriptor").invoke(null);
            assertEquals(jextract, X86.descriptor(fn), fn);
            assertEquals(jextract, ARM.descriptor(fn), fn + " on aarch64, whose functions are the x86_64 header's");
        }
    }

    @Test
    void eachAddressIsJextractsOwn() throws Exception {
        for (String fn : List.of("read", "write", "close", "pipe2", "epoll_wait", "posix_spawn", "waitpid", "select")) {
            MemorySegment jextract = (MemorySegment) linux_x86_64_h.class.getMethod(fn + "$address").invoke(null);
            assertEquals(jextract, X86.address(fn), fn);
        }
    }

    @Test
    void aCallBoundFromTheRebuiltDescriptorWorks() throws Throwable {
        var getpid = Linker.nativeLinker().downcallHandle(X86.address("getpid"), X86.descriptor("getpid"));
        assertEquals(ProcessHandle.current().pid(), (int) getpid.invokeExact());
    }

    @Test
    void aNameThatIsNoFunctionIsRefused() {
        assertFalse(X86.hasFunction("EPOLLIN"));
        assertThrows(UnsupportedOperationException.class, () -> X86.descriptor("EPOLLIN"), "a constant is no function");
        assertThrows(UnsupportedOperationException.class, () -> X86.descriptor("no_such_function"));
        assertThrows(UnsupportedOperationException.class, () -> X86.address("no_such_function"));
    }
}
