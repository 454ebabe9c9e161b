import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code java ARGS...} on the JDK that runs this file and requires of it what a consumer
 * expects of a library: exit status 0, "ok" on stdout, and nothing at all on stderr (no
 * restricted-method warning, no SLF4J lines). Usage: {@code java RunsCleanly.java WHAT ARGS...}
 */
public final class RunsCleanly {
    public static void main(String[] args) throws Exception {
        String what = args[0];
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args).subList(1, args.length));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        // Drained on a thread of its own, so a full stderr pipe cannot stall the child.
        byte[][] err = new byte[1][];
        Thread drain = Thread.ofPlatform().start(() -> {
            try {
                err[0] = p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                err[0] = e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        drain.join();
        String stderr = new String(err[0], StandardCharsets.UTF_8);
        if (status != 0 || !stderr.isEmpty() || !out.strip().equals("ok")) {
            System.err.println("consumer check failed (" + what + "): exit " + status + "\n" + String.join(" ", command)
                    + "\nstdout: " + out + "\nstderr: " + stderr);
            System.exit(1);
        }
        System.out.println("consumer check, " + what + ": ok, stderr empty");
    }
}
