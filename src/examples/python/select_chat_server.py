# The select chat server of article 003, as a Python 3 reference for the Java twin
# SelectChatServer: same messages, byte for byte. Changes from the article:
#  - takes the port as argv[1] (default 8002) and prints its "started" line once bound;
#  - a client that closes cleanly (recv returns b'') is treated as offline: the original kept it
#    in CONNECTION_LIST and select() reported it readable forever (a busy loop);
#  - "is offline" names the client that left (the original used addr, the last client accepted);
#  - broadcast_data iterates over a copy, since it removes dead sockets while iterating;
#  - bytes are forwarded as received: decoding first turned a split UTF-8 character into an
#    "offline" client.
import socket, select, sys


def broadcast_data(sock, message):
    for socket in list(CONNECTION_LIST):
        if socket != server_socket and socket != sock:
            try:
                socket.send(message)
            except OSError:
                socket.close()
                CONNECTION_LIST.remove(socket)


if __name__ == "__main__":
    CONNECTION_LIST = []
    ADDRESSES = {}
    RECV_BUFFER = 4096
    PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8002
    HOST = '127.0.0.1'

    server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_socket.bind((HOST, PORT))
    server_socket.listen(10)
    CONNECTION_LIST.append(server_socket)

    print("Chat server started on port " + str(server_socket.getsockname()[1]), flush=True)

    while True:
        read_sockets, write_sockets, error_sockets = select.select(CONNECTION_LIST, [], [])
        for sock in read_sockets:
            if sock == server_socket:
                sockfd, addr = server_socket.accept()
                CONNECTION_LIST.append(sockfd)
                ADDRESSES[sockfd] = addr
                print("Client (%s, %s) connected" % addr, flush=True)
                broadcast_data(sockfd, ("[%s:%s] entered room\n" % addr).encode("utf-8"))
            elif sock in CONNECTION_LIST:
                addr = ADDRESSES[sock]
                try:
                    data = sock.recv(RECV_BUFFER)
                except OSError:
                    data = b''
                if data:
                    broadcast_data(sock, ("\r" + '<' + str(addr) + '> ').encode("utf-8") + data)
                else:
                    broadcast_data(sock, ("Client (%s, %s) is offline" % addr).encode("utf-8"))
                    print("Client (%s, %s) is offline" % addr, flush=True)
                    sock.close()
                    CONNECTION_LIST.remove(sock)
                    del ADDRESSES[sock]
