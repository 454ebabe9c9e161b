package dev.jselect.examples;

import dev.jselect.ErrnoException;
import dev.jselect.Select;
import dev.jselect.os.Os;
import dev.jselect.os.PipeEnd;
import dev.jselect.os.Subprocess;
import dev.jselect.selectors.BaseSelector;
import dev.jselect.selectors.SelectedKey;
import dev.jselect.selectors.Selectors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Twin of {@code subprocess_stream.py}: runs a command and streams what it writes to stdout and
 * stderr through one selector, with a deadline, while feeding it a file on stdin in PIPE_BUF
 * chunks (the loop inside Python's {@code Popen.communicate()}, written out). Same output on
 * both streams and same exit status as the Python original, byte for byte.
 *
 * <p>{@code proc.stdout}/{@code proc.stderr}/{@code proc.stdin} are the {@link PipeEnd}s of a
 * {@link Subprocess}; {@code sys.stdout.buffer} and {@code sys.stderr.buffer} are the two
 * streams {@link #run} is given; {@code with proc:} is {@code proc.close()}.
 */
public final class SubprocessStream {
    private SubprocessStream() {}

    /** {@code main(argv)} without the script name: {@code SECONDS INPUT COMMAND [ARG...]}; returns the exit status. */
    public static int run(String[] argv, OutputStream stdout, OutputStream stderr) throws IOException {
        PrintStream stderrText = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        double seconds = Double.parseDouble(argv[0]);
        byte[] data = new byte[0];
        if (!argv[1].equals("-")) {
            data = Files.readAllBytes(Path.of(argv[1]));
        }
        Subprocess proc = Subprocess.popen(List.of(argv).subList(2, argv.length), Subprocess.PIPE,
                                           Subprocess.PIPE, Subprocess.PIPE);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);

        BaseSelector sel = Selectors.open();
        sel.register(proc.stdout(), Selectors.EVENT_READ, stdout);
        sel.register(proc.stderr(), Selectors.EVENT_READ, stderr);
        if (data.length > 0) {
            Os.setBlocking(proc.stdinFd(), false);
            sel.register(proc.stdin(), Selectors.EVENT_WRITE);
        } else {
            proc.stdin().close();
        }

        int offset = 0;
        boolean brokenPipe = false;
        boolean timedOut = false;
        while (!sel.getMap().isEmpty()) {
            double remaining = (deadline - System.nanoTime()) / 1e9;
            if (remaining <= 0) {
                timedOut = true;
                break;
            }
            for (SelectedKey selected : sel.select(remaining)) {
                var key = selected.key();
                if (key.fileobj() == proc.stdin()) {
                    byte[] chunk = Arrays.copyOfRange(data, offset, Math.min(offset + Select.PIPE_BUF, data.length));
                    try {
                        offset += Os.write(key.fd(), chunk);
                    } catch (ErrnoException e) {
                        if (!e.errnoName().equals("EPIPE")) { // BrokenPipeError
                            throw e;
                        }
                        brokenPipe = true;
                    }
                    if (brokenPipe || offset >= data.length) {
                        sel.unregister(key.fileobj());
                        ((PipeEnd) key.fileobj()).close();
                    }
                } else {
                    byte[] chunk = Os.read(key.fd(), 32768);
                    if (chunk.length == 0) {
                        sel.unregister(key.fileobj());
                        ((PipeEnd) key.fileobj()).close();
                    } else {
                        ((OutputStream) key.data()).write(chunk);
                        ((OutputStream) key.data()).flush();
                    }
                }
            }
        }
        sel.close();

        if (timedOut) {
            proc.terminate();
        }
        proc.close(); // closes what is still open, and waits
        int returncode = proc.returncode().getAsInt();

        if (brokenPipe) {
            stderrText.println("stdin: broken pipe");
        } else if (data.length > 0) {
            stderrText.printf("stdin: %d bytes written%n", offset);
        }
        if (timedOut) {
            stderrText.printf("timed out after %s s: terminated%n", argv[0]);
        }
        if (returncode < 0) {
            stderrText.printf("killed by signal %d%n", -returncode);
            return 128 - returncode;
        }
        stderrText.printf("exit status %d%n", returncode);
        return returncode;
    }

    /** {@code subprocess-stream SECONDS INPUT COMMAND [ARG...]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: subprocess-stream SECONDS INPUT-FILE|- COMMAND [ARG...]  (INPUT-FILE: a file fed to the command's stdin; -: none)");
            System.exit(2);
        }
        System.exit(run(args, System.out, System.err));
    }
}
