"""Start-up benchmark (d): FirstCalls.java's script in Python, each first call timed on its own
with time.perf_counter_ns() and printed as "first <what> <ns>", in the same order and with the
same checks. Each timed part imports the module it uses (os is loaded with the interpreter),
as the JVM loads a class at its first use. Run by src/bench/startup.sh in a fresh python3 each
time."""
import time

PING = b'ping'

t0 = time.perf_counter_ns()
import os
r, w = os.pipe()
t1 = time.perf_counter_ns()
os.write(w, PING)

t2 = time.perf_counter_ns()
import select
readable, _, _ = select.select([r], [], [], 0.0)
t3 = time.perf_counter_ns()
assert readable == [r], 'select did not report the pipe readable'

t4 = time.perf_counter_ns()
with select.epoll() as ep:
    ep.register(r, select.EPOLLIN)
    events = ep.poll(0)
t5 = time.perf_counter_ns()
assert len(events) == 1 and events[0][0] == r, 'epoll did not report the pipe readable'
os.close(r)
os.close(w)

t6 = time.perf_counter_ns()
import socket
a, b = socket.socketpair()
with a, b:
    a.send(PING)
    got = b.recv(1024)
t7 = time.perf_counter_ns()
assert got == PING, 'socketpair recv returned %r' % got

t8 = time.perf_counter_ns()
import subprocess
with subprocess.Popen(['true']) as child:
    returncode = child.wait(10)
t9 = time.perf_counter_ns()
assert returncode == 0, 'true exited with %d' % returncode

print('first Os.pipe', t1 - t0)
print('first Select.select', t3 - t2)
print('first Epoll.poll', t5 - t4)
print('first socketpair+send+recv', t7 - t6)
print('first popen+waitFor', t9 - t8)
