import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer check: compiles src/it/consumer against the built jar as a consumer would, and
 * runs it on the module path and on the class path with the flags docs/consumers.md gives. Each
 * run must print "ok" and nothing at all on stderr (no restricted-method warning, no SLF4J
 * lines: slf4j-nop is the consumer's provider). The JSpecify annotations jar is on the compile's
 * module path, as Maven puts it (a compile dependency), and on neither run's path: it is not
 * needed at run time. Usage: java ConsumerCheck.java JAR SLF4J_API SLF4J_NOP WORKDIR JSPECIFY
 */
public final class ConsumerCheck {
    public static void main(String[] args) throws Exception {
        String jar = args[0], api = args[1], nop = args[2];
        Path work = Path.of(args[3]);
        String jspecify = args[4];
        Path bin = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent();
        Path src = Path.of("src/it/consumer/src/app");
        Path classes = work.resolve("classes");
        String sep = java.io.File.pathSeparator;
        List<String> sources = new ArrayList<>();
        try (var files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        List<String> javac = new ArrayList<>(List.of(bin.resolve("javac").toString(), "--release", "23",
                "-d", classes.toString(), "--module-path", String.join(sep, jar, api, jspecify)));
        javac.addAll(sources);
        run("compile", javac, false);
        String modulePath = String.join(sep, jar, api, nop, classes.toString());
        run("module path", List.of(bin.resolve("java").toString(), "--enable-native-access=dev.jselect",
                "-p", modulePath, "-m", "app/app.Main"), true);
        String classPath = String.join(sep, jar, api, nop, classes.toString());
        run("class path", List.of(bin.resolve("java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath, "app.Main"), true);
        System.out.println("consumer check: compiled, ran on the module path and the class path, stderr empty");
    }

    static void run(String what, List<String> command, boolean expectOk) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        if (status != 0 || !err.isEmpty() || (expectOk && !out.strip().equals("ok"))) {
            System.err.println("consumer check failed (" + what + "): exit " + status + "\n" + String.join(" ", command)
                    + "\nstdout: " + out + "\nstderr: " + err);
            System.exit(1);
        }
    }
}
