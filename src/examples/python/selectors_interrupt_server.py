# A selectors echo server that shuts down on Ctrl-C through `except KeyboardInterrupt:`, written
# as the Python 3 reference for the Java twin SelectorsInterruptServer: it echoes what each
# client sends, and Ctrl-C (SIGINT), arriving while it waits in select(), ends the loop with a
# summary line, every socket closed, and exit status 0.
#
#   python3 selectors_interrupt_server.py [port]
import selectors
import socket
import sys

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 7070

sel = selectors.DefaultSelector()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', PORT))
server.listen()
server.setblocking(False)
sel.register(server, selectors.EVENT_READ)
print("Echoing on port %d, Ctrl-C to stop" % server.getsockname()[1], flush=True)

clients = 0
echoed = 0
try:
    while True:
        for key, mask in sel.select():
            sock = key.fileobj
            if sock is server:
                conn, addr = server.accept()
                conn.setblocking(False)
                sel.register(conn, selectors.EVENT_READ)
                clients += 1
            else:
                data = sock.recv(1024)
                if data:
                    sock.sendall(data)
                    echoed += len(data)
                else:
                    sel.unregister(sock)
                    sock.close()
except KeyboardInterrupt:
    print("Interrupted: %d clients, %d bytes echoed" % (clients, echoed), flush=True)
finally:
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    sel.close()
    print("Closed", flush=True)
