package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the binding set in use against the machine's C compiler: every constant and every
 * struct size and member offset that native-headers/jselect.options asks jextract for is
 * printed by a C program compiled from the same jselect.h, and must equal the Java side
 * (see {@link LayoutProbe}; {@link Aarch64LayoutTest} does the same for the other Linux set).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "jselect.h is Linux's header set (epoll, eventfd); macOS is checked by DarwinAbiTest")
class NativeLayoutTest {
    @TempDir
    static Path work;

    static LayoutProbe probe;

    /**
     * Why the checks cannot run on this machine, or null: each test reports it as skipped (an
     * assumption in {@code @BeforeAll} would report "0 tests" instead).
     */
    static String skip;

    @BeforeAll
    static void compileAndRunProbe() throws Exception {
        if (!Platform.isSupported()) {
            skip = "no binding set for this platform";
            return;
        }
        Path cc = LayoutProbe.onPath("cc", "gcc", "clang");
        if (cc == null) {
            skip = "no C compiler (cc/gcc/clang) on PATH: layout check skipped";
            return;
        }
        probe = new LayoutProbe(Platform.abi()).run(work, List.of(cc.toString()), List.of());
    }

    @BeforeEach
    void runsHere() {
        assumeTrue(skip == null, skip);
    }

    @Test
    void everyConstantMatchesTheCHeaders() {
        probe.assertConstantsMatch();
    }

    @Test
    void everyStructSizeAndOffsetMatchesTheCCompiler() {
        probe.assertLayoutsMatch();
    }

    @Test
    void errnoNamesMatchPythonsErrorcode() {
        assertEquals("EBADF", ErrnoNames.name((int) probe.c("EBADF")));
        assertEquals("EAGAIN", ErrnoNames.name((int) probe.c("EWOULDBLOCK")));
        assertEquals("ENOTSUP", ErrnoNames.name((int) probe.c("EOPNOTSUPP")));
        assertEquals("E99999", ErrnoNames.name(99999));
    }
}
