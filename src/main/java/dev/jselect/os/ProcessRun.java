package dev.jselect.os;

import java.io.IOException;

/**
 * Python's {@code subprocess.run} (and {@code check_output}, which is run with stdout a pipe and
 * check set): start, communicate, and on a timeout kill and reap before the exception goes on.
 */
final class ProcessRun {
    private ProcessRun() {}

    static CompletedProcess run(PopenArguments b, boolean checkOutput) throws IOException {
        Redirect in = b.stdin();
        Redirect out = b.stdout();
        Redirect err = b.stderr();
        if (checkOutput) {
            if (out != Redirect.INHERIT) {
                throw new IllegalArgumentException("stdout argument not allowed, it will be overridden.");
            }
            out = Redirect.PIPE;
        }
        if (b.input != null) {
            if (in != Redirect.INHERIT) {
                throw new IllegalArgumentException("stdin and input arguments may not both be used.");
            }
            in = Redirect.PIPE;
        }
        if (b.captureOutput) {
            if (out != Redirect.INHERIT || err != Redirect.INHERIT) {
                throw new IllegalArgumentException("stdout and stderr arguments may not be used with capture_output.");
            }
            out = Redirect.PIPE;
            err = Redirect.PIPE;
        }
        try (Subprocess p = b.start(in, out, err)) { // close() waits, as Python's "with Popen(...)"
            Communicated c;
            try {
                c = p.communicate(b.input, b.timeout);
            } catch (TimeoutExpiredException e) {
                p.kill();
                p.waitFor();
                throw e;
            } catch (IOException | RuntimeException | Error e) {
                try {
                    p.kill();
                } catch (IOException | RuntimeException k) {
                    e.addSuppressed(k);
                }
                throw e;
            }
            int returncode = p.poll().orElseThrow(); // communicate waited for the exit
            if ((checkOutput || b.check) && returncode != 0) {
                throw new CalledProcessException(returncode, p.args(), c.stdout(), c.stderr());
            }
            return new CompletedProcess(p.args(), returncode, c.stdout(), c.stderr());
        }
    }
}
