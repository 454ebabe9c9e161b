# A select-based TCP port forwarder in the style of the five articles, written as the Python 3
# reference for the Java twin SelectPortForwarder: it listens on 127.0.0.1, and for each client
# connects to the target, given by host name, with socket.create_connection (which tries every
# address getaddrinfo gives), then copies bytes both ways until either side hangs up. Ctrl-C
# (SIGINT) ends it cleanly with "Stopped".
#
#   python3 select_port_forwarder.py [port [target-host [target-port]]]
import select
import socket
import sys

BUFFER_SIZE = 4096
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 9090
TARGET_HOST = sys.argv[2] if len(sys.argv) > 2 else 'localhost'
TARGET_PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 8080

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', PORT))
server.listen(5)
print("Forwarding to %s:%d on port %d" % (TARGET_HOST, TARGET_PORT, server.getsockname()[1]), flush=True)

inputs = [server]
peers = {}  # each forwarded socket -> the socket on the other side


def close_pair(sock):
    other = peers.pop(sock)
    del peers[other]
    for s in (sock, other):
        inputs.remove(s)
        s.close()


try:
    while True:
        readable, _, _ = select.select(inputs, [], [])
        for sock in readable:
            if sock is server:
                client, addr = server.accept()
                try:
                    upstream = socket.create_connection((TARGET_HOST, TARGET_PORT))
                except OSError as e:
                    print("Cannot reach %s:%d: %s" % (TARGET_HOST, TARGET_PORT, e), flush=True)
                    client.close()
                    continue
                print("Client %s:%d connected" % addr, flush=True)
                inputs += [client, upstream]
                peers[client] = upstream
                peers[upstream] = client
            elif sock in peers:  # not closed with its peer earlier in this round
                try:
                    data = sock.recv(BUFFER_SIZE)
                except ConnectionResetError:
                    data = b''
                if data:
                    try:
                        peers[sock].sendall(data)
                    except (BrokenPipeError, ConnectionResetError):
                        close_pair(sock)
                else:
                    close_pair(sock)
except KeyboardInterrupt:
    print("Stopped", flush=True)
finally:
    for s in inputs:
        s.close()
