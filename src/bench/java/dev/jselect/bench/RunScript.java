package dev.jselect.bench;

import java.nio.file.Path;

/**
 * Runs a benchmark script ({@code mvn -q -Pjmh}, {@code mvn -q -Pload}) with {@code JAVA} set to
 * this JVM's launcher and {@code BENCH_CLASSPATH} to this class path. Maven's toolchain picked
 * this JVM, so the script runs every benchmark JVM on the same JDK as the tests.
 */
public final class RunScript {
    private RunScript() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RunScript SCRIPT");
        }
        ProcessBuilder pb = new ProcessBuilder("bash", args[0]).inheritIO();
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("BENCH_CLASSPATH", System.getProperty("java.class.path"));
        Process script = pb.start();
        // Maven stopped (Ctrl-C, SIGTERM): let the script's trap stop what it started.
        Runtime.getRuntime().addShutdownHook(new Thread(script::destroy));
        System.exit(script.waitFor());
    }
}
