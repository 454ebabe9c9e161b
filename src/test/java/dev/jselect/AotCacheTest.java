package dev.jselect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jselect.net.NativeSocket;
import dev.jselect.net.SocketPair;
import dev.jselect.os.Os;
import dev.jselect.os.Pipe;
import dev.jselect.os.Subprocess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that uses jselect can start from the JDK's AOT cache (JDK 25, JEP 514/515): a
 * training run with {@code -XX:AOTCacheOutput} records the classes and linked call sites of a
 * script's first calls, and a run with {@code -XX:AOTCache} (here with {@code -XX:AOTMode=on},
 * which fails rather than run without the cache) loads jselect's classes from it. The cache holds
 * classes from jars only, so the test jars the compiled classes first, as an application would
 * ship them. docs/startup.md gives the commands and their measured effect.
 */
class AotCacheTest {

    /** The script of first calls: select, an epoll wait, a socket round trip and a child process. */
    static final class FirstCalls {
        public static void main(String[] args) throws Exception {
            try (Pipe p = Os.pipe()) {
                Os.write(p.writeFd(), new byte[] {1});
                check(Select.select(List.of(p.readFd()), List.of(), List.of(), 0.0).readable().size() == 1, "select");
                try (Epoll ep = Select.epoll()) {
                    ep.register(p.readFd(), Select.EPOLLIN);
                    check(ep.poll(0.0).size() == 1, "epoll");
                }
            }
            try (SocketPair sp = NativeSocket.socketpair()) {
                sp.first().send(new byte[] {7});
                check(sp.second().recv(16)[0] == 7, "socket");
            }
            try (Subprocess child = Subprocess.popen(List.of("true"))) {
                check(child.waitFor() == 0, "popen");
            }
            System.out.println("first calls done");
        }

        private static void check(boolean ok, String what) {
            if (!ok) {
                throw new AssertionError(what);
            }
        }
    }

    @Test
    void aScriptOfFirstCallsLoadsJselectFromTheAotCacheItTrained(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 25,
                "the one-step AOT cache (-XX:AOTCacheOutput) needs JDK 25; this JVM is " + Runtime.version());
        String classPath = jarsOf(dir);
        Path cache = dir.resolve("app.aot");

        Result training = java(List.of("-XX:AOTCacheOutput=" + cache), classPath);
        assertEquals(0, training.exit, training.output);
        assertTrue(training.output.contains("first calls done"), training.output);
        assertTrue(Files.size(cache) > 0, "cache written: " + training.output);

        Result production = java(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on", "-Xlog:class+load=info"), classPath);
        assertEquals(0, production.exit, production.output);
        assertTrue(production.output.contains("first calls done"), production.output);
        for (String cls : List.of("dev.jselect.Select", "dev.jselect.Epoll", "dev.jselect.net.NativeSocket", "dev.jselect.os.Subprocess")) {
            assertTrue(production.output.contains(cls + " source: shared objects file"), cls + " from the cache: "
                    + production.output.lines().filter(l -> l.contains(cls + " ")).toList());
        }
    }

    /** The compiled main and test classes as two jars, with the rest of this test's class path. */
    private static String jarsOf(Path dir) throws IOException {
        List<String> path = new ArrayList<>();
        String all = String.join(File.pathSeparator, List.of(
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", "")));
        int n = 0;
        for (String entry : all.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve("classes-" + n++ + ".jar");
                ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int rc = tool.run(new PrintStream(err, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                        "--create", "--file", jar.toString(), "-C", p.toString(), ".");
                assertEquals(0, rc, "jar " + p + ": " + err);
                path.add(jar.toString());
            } else {
                path.add(entry);
            }
        }
        return String.join(File.pathSeparator, path);
    }

    private record Result(int exit, String output) {}

    private static Result java(List<String> options, String classPath) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath, FirstCalls.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
