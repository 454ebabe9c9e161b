# A select-based UDP server in the style of the five articles' select servers (the same
# inputs/outputs/queue loop, over one datagram socket instead of many connections): each
# datagram is answered with "<n>: <DATA IN UPPER CASE>", n counting that sender's datagrams,
# and replies wait in a queue until select says the socket is writable.
# Written as the Python 3 reference for the Java twin SelectUdpServer; binds 127.0.0.1, takes
# the port as argv[1] (default 10001) and prints "listening on PORT" once bound.
import queue
import select
import socket
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 10001))
server.setblocking(0)
print('listening on', server.getsockname()[1], flush=True)

inputs = [server]
outputs = []
replies = queue.Queue()
counts = {}

while True:
    readable, writable, exceptional = select.select(inputs, outputs, inputs, 1)
    if not (readable or writable or exceptional):
        continue
    for s in readable:
        data, address = s.recvfrom(4096)
        counts[address] = counts.get(address, 0) + 1
        print('received', data, 'from', address, flush=True)
        replies.put((b'%d: ' % counts[address] + data.upper(), address))
        if s not in outputs:
            outputs.append(s)
    for s in writable:
        try:
            reply, address = replies.get_nowait()
        except queue.Empty:
            outputs.remove(s)
        else:
            s.sendto(reply, address)
    for s in exceptional:
        print('exception condition on', s.getsockname(), flush=True)
        inputs.remove(s)
        if s in outputs:
            outputs.remove(s)
        s.close()
