package dev.jselect.internal.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * A C program, compiled from the same jselect.h, that prints every constant and every struct
 * size and member offset native-headers/jselect.options asks jextract for; its output is then
 * compared with one binding set. The compiler and the command that runs the program are the
 * caller's: the host's cc for the host's set, a cross compiler and qemu for another ABI's.
 */
final class LayoutProbe {
    private static final Path OPTIONS = Path.of("native-headers", "jselect.options");
    private static final Path HEADER_DIR = Path.of("native-headers").toAbsolutePath();

    final Abi abi;
    final List<String> constants = new ArrayList<>();
    final Map<String, String> records = new HashMap<>(); // generated class name -> C type spelling
    private Map<String, Long> fromC;

    LayoutProbe(Abi abi) throws IOException {
        this.abi = abi;
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
    }

    /** Compiles the probe with {@code compiler} (plus {@code flags}) and runs it with {@code runner} in front. */
    LayoutProbe run(Path work, List<String> compiler, List<String> runner) throws IOException, InterruptedException {
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"jselect.h\"\nint main(void) {\n");
        for (String k : constants) {
            c.append("  printf(\"%s %lld\\n\", \"").append(k).append("\", (long long)(").append(k).append("));\n");
        }
        for (var e : records.entrySet()) {
            String type = e.getValue();
            c.append("  printf(\"sizeof:%s %zu\\n\", \"").append(e.getKey()).append("\", sizeof(").append(type).append("));\n");
            for (String field : fields(layoutOrNull(e.getKey()))) {
                c.append("  printf(\"offsetof:%s.%s %zu\\n\", \"").append(e.getKey()).append("\", \"").append(field)
                        .append("\", offsetof(").append(type).append(", ").append(field).append("));\n");
            }
        }
        c.append("  return 0;\n}\n");
        Path src = work.resolve("probe.c");
        Files.writeString(src, c);
        Path exe = work.resolve("probe");
        List<String> compile = new ArrayList<>(compiler);
        compile.addAll(List.of("-I", HEADER_DIR.toString(), "-o", exe.toString(), src.toString()));
        exec(compile);
        List<String> probe = new ArrayList<>(runner);
        probe.add(exe.toString());
        fromC = new HashMap<>();
        for (String line : exec(probe).split("\n")) {
            String[] kv = line.split(" ");
            fromC.put(kv[0], Long.parseLong(kv[1]));
        }
        return this;
    }

    long c(String key) {
        return fromC.get(key);
    }

    void assertConstantsMatch() {
        assertTrue(constants.size() > 150, "options list looks truncated: " + constants.size());
        for (String k : constants) {
            long java = abi.constant(k).orElseThrow(() -> new AssertionError(abi.name() + ": not generated: " + k));
            assertEquals((int) c(k), (int) java, abi.name() + ": " + k);
        }
    }

    void assertLayoutsMatch() {
        assertTrue(records.keySet().containsAll(List.of("epoll_event", "pollfd", "fd_set", "timeval", "sockaddr_in6")));
        for (String name : records.keySet()) {
            GroupLayout layout = layoutOrNull(name);
            assertEquals(c("sizeof:" + name), layout.byteSize(), abi.name() + ": sizeof " + name);
            for (String field : fields(layout)) {
                long javaOffset = layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
                assertEquals(c("offsetof:" + name + "." + field), javaOffset, abi.name() + ": offsetof " + name + "." + field);
            }
        }
    }

    private static List<String> fields(GroupLayout layout) {
        List<String> names = new ArrayList<>();
        for (MemoryLayout m : layout.memberLayouts()) {
            if (!(m instanceof PaddingLayout) && m.name().isPresent()) {
                names.add(m.name().get());
            }
        }
        return names;
    }

    private GroupLayout layoutOrNull(String name) {
        try {
            return abi.layout(name);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** The first of {@code names} that is an executable on PATH, or null. */
    static Path onPath(String... names) {
        for (String name : names) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static String exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
        return out;
    }
}
