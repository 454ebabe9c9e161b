package dev.jselect.internal.sys;

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
 * The linux_aarch64 binding set, which jextract cross-generates from Debian's arm64 headers,
 * checked against a real aarch64 toolchain: the layout probe is cross-compiled with
 * aarch64-linux-gnu-gcc (linked statically, so it needs no aarch64 sysroot at run time) and run
 * under qemu-aarch64, and every constant, struct size and offset must equal the generated set's.
 * On an aarch64 machine {@link NativeLayoutTest} checks the same set natively.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the cross toolchain and qemu-user are Linux packages")
class Aarch64LayoutTest {
    @TempDir
    static Path work;

    static LayoutProbe probe;

    /**
     * Why the checks cannot run on this machine, or null: each test reports it as skipped (an
     * assumption in {@code @BeforeAll} would report "0 tests" instead).
     */
    static String skip;

    @BeforeAll
    static void crossCompileAndRunProbe() throws Exception {
        if ("aarch64".equals(System.getProperty("os.arch"))) {
            skip = "aarch64 host: NativeLayoutTest checks this set natively";
            return;
        }
        Path gcc = LayoutProbe.onPath("aarch64-linux-gnu-gcc");
        Path qemu = LayoutProbe.onPath("qemu-aarch64", "qemu-aarch64-static");
        if (gcc == null || qemu == null) {
            skip = "aarch64 check skipped: needs aarch64-linux-gnu-gcc and qemu-aarch64 on PATH"
                    + " (Debian: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)";
            return;
        }
        probe = new LayoutProbe(Platform.abiFor("Linux", "aarch64"))
                .run(work, List.of(gcc.toString(), "-static"), List.of(qemu.toString()));
    }

    @BeforeEach
    void runsHere() {
        assumeTrue(skip == null, skip);
    }

    @Test
    void everyConstantMatchesTheAarch64Headers() {
        probe.assertConstantsMatch();
    }

    @Test
    void everyStructSizeAndOffsetMatchesTheAarch64Compiler() {
        probe.assertLayoutsMatch();
    }
}
