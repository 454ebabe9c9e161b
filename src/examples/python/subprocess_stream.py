# Runs a command and streams what it writes to stdout and stderr through one selector, with a
# deadline, while feeding it a file on stdin in PIPE_BUF chunks: the loop inside Python's
# Popen.communicate(), written out, as build tools and test harnesses write it. A Python 3
# reference for the Java twin SubprocessStream: same output on both streams, same exit status.
#
#   python3 subprocess_stream.py SECONDS INPUT COMMAND [ARG...]
#
# SECONDS is the deadline: a command still running then is terminated. INPUT is a file whose bytes
# go to the command's stdin ('-' for none: stdin is closed at once). What the command writes is
# copied to our stdout and stderr as it comes; a summary goes to stderr last; the exit status is
# the command's, or 128 + N when signal N ended it (as a shell reports it).
import os, select, selectors, subprocess, sys, time


def main(argv):
    seconds = float(argv[1])
    data = b''
    if argv[2] != '-':
        with open(argv[2], 'rb') as f:
            data = f.read()
    proc = subprocess.Popen(argv[3:], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + seconds

    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, sys.stdout.buffer)
    sel.register(proc.stderr, selectors.EVENT_READ, sys.stderr.buffer)
    if data:
        os.set_blocking(proc.stdin.fileno(), False)
        sel.register(proc.stdin, selectors.EVENT_WRITE)
    else:
        proc.stdin.close()

    offset = 0
    broken_pipe = False
    timed_out = False
    while sel.get_map():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        for key, events in sel.select(remaining):
            if key.fileobj is proc.stdin:
                chunk = data[offset:offset + select.PIPE_BUF]
                try:
                    offset += os.write(key.fd, chunk)
                except BrokenPipeError:
                    broken_pipe = True
                if broken_pipe or offset >= len(data):
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
            else:
                chunk = os.read(key.fd, 32768)
                if not chunk:
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
                else:
                    key.data.write(chunk)
                    key.data.flush()
    sel.close()

    if timed_out:
        proc.terminate()
    with proc:  # closes what is still open, and waits
        pass
    returncode = proc.returncode

    if broken_pipe:
        print('stdin: broken pipe', file=sys.stderr)
    elif data:
        print('stdin: %d bytes written' % offset, file=sys.stderr)
    if timed_out:
        print('timed out after %s s: terminated' % argv[1], file=sys.stderr)
    if returncode < 0:
        print('killed by signal %d' % -returncode, file=sys.stderr)
        return 128 - returncode
    print('exit status %d' % returncode, file=sys.stderr)
    return returncode


if __name__ == '__main__':
    sys.exit(main(sys.argv))
