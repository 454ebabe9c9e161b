package dev.jselect.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the binding set in use against the machine's C compiler: every constant and every
 * struct size and member offset that native-headers/jselect.options asks jextract for is
 * printed by a C program compiled from the same jselect.h, and must equal the Java side.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "jselect.h is Linux's header set (epoll, eventfd); macOS is checked by DarwinAbiTest")
class NativeLayoutTest {
    private static final Path OPTIONS = Path.of("native-headers", "jselect.options");
    private static final Path HEADER_DIR = Path.of("native-headers").toAbsolutePath();

    @TempDir
    static Path work;

    static Map<String, Long> fromC;
    static List<String> constants = new ArrayList<>();
    static Map<String, String> records = new HashMap<>(); // generated class name -> C type spelling

    @BeforeAll
    static void compileAndRunProbe() throws Exception {
        assumeTrue(Platform.isSupported(), "no binding set for this platform");
        for (String line : Files.readAllLines(OPTIONS)) {
            String[] p = line.trim().split("\\s+");
            if (p.length != 2) {
                continue;
            }
            switch (p[0]) {
                case "--include-constant" -> constants.add(p[1]);
                case "--include-struct" -> records.put(p[1], "struct " + p[1]);
                case "--include-union" -> records.put(p[1], "union " + p[1]);
                case "--include-typedef" -> records.put(p[1], p[1]);
                default -> { }
            }
        }
        records.keySet().removeIf(name -> layoutOrNull(name) == null); // scalar typedefs have no layout
        Path cc = findCompiler();
        assumeTrue(cc != null, "no C compiler (cc/gcc/clang) on PATH: layout check skipped");

        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"jselect.h\"\nint main(void) {\n");
        for (String k : constants) {
            c.append("  printf(\"%s %lld\\n\", \"").append(k).append("\", (long long)(").append(k).append("));\n");
        }
        for (var e : records.entrySet()) {
            String type = e.getValue();
            GroupLayout layout = layoutOrNull(e.getKey());
            c.append("  printf(\"sizeof:%s %zu\\n\", \"").append(e.getKey()).append("\", sizeof(").append(type).append("));\n");
            for (MemoryLayout m : layout.memberLayouts()) {
                if (m instanceof PaddingLayout || m.name().isEmpty()) {
                    continue;
                }
                String field = m.name().get();
                c.append("  printf(\"offsetof:%s.%s %zu\\n\", \"").append(e.getKey()).append("\", \"").append(field)
                        .append("\", offsetof(").append(type).append(", ").append(field).append("));\n");
            }
        }
        c.append("  return 0;\n}\n");
        Path src = work.resolve("probe.c");
        Files.writeString(src, c);
        Path exe = work.resolve("probe");
        run(List.of(cc.toString(), "-I", HEADER_DIR.toString(), "-o", exe.toString(), src.toString()));
        fromC = new HashMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            String[] kv = line.split(" ");
            fromC.put(kv[0], Long.parseLong(kv[1]));
        }
    }

    @Test
    void everyConstantMatchesTheCHeaders() {
        assertTrue(constants.size() > 150, "options list looks truncated: " + constants.size());
        for (String k : constants) {
            long c = fromC.get(k);
            long java = Platform.abi().constant(k).orElseThrow(() -> new AssertionError("not generated: " + k));
            assertEquals((int) c, (int) java, k);
        }
    }

    @Test
    void everyStructSizeAndOffsetMatchesTheCCompiler() {
        assertTrue(records.keySet().containsAll(List.of("epoll_event", "pollfd", "fd_set", "timeval", "sockaddr_in6")));
        for (String name : records.keySet()) {
            GroupLayout layout = layoutOrNull(name);
            assertEquals(fromC.get("sizeof:" + name), layout.byteSize(), "sizeof " + name);
            for (MemoryLayout m : layout.memberLayouts()) {
                if (m instanceof PaddingLayout || m.name().isEmpty()) {
                    continue;
                }
                String field = m.name().get();
                long javaOffset = layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
                assertEquals(fromC.get("offsetof:" + name + "." + field), javaOffset, "offsetof " + name + "." + field);
            }
        }
    }

    @Test
    void errnoNamesMatchPythonsErrorcode() {
        assertEquals("EBADF", Errno.name(fromC.get("EBADF").intValue()));
        assertEquals("EAGAIN", Errno.name(fromC.get("EWOULDBLOCK").intValue()));
        assertEquals("ENOTSUP", Errno.name(fromC.get("EOPNOTSUPP").intValue()));
        assertEquals("E99999", Errno.name(99999));
    }

    private static GroupLayout layoutOrNull(String name) {
        try {
            return Platform.abi().layout(name);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static Path findCompiler() {
        for (String name : List.of("cc", "gcc", "clang")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
        return out;
    }
}
