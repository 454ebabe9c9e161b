# The epoll HTTP server of article 000 (after scotdoyle.com's "python epoll howto"),
# as a Python 3 reference for the Java twin EpollHttpServer: same reply bytes, same loop.
# Changes from the article, each needed to run it as a test reference:
#  - binds 127.0.0.1 (not 0.0.0.0) and takes the port as argv[1] (default 8080);
#  - prints "listening on PORT" once bound, so a test may pass port 0;
#  - a client that closes (b'') or resets (ConnectionResetError) before its request is complete
#    is dropped instead of spinning the loop or killing the server, and its state is deleted.
import socket, select, sys

EOL1 = b'\n\n'
EOL2 = b'\n\r\n'
response  = b'HTTP/1.0 200 OK\r\nDate: Mon, 1 Jan 1996 01:01:01 GMT\r\n'
response += b'Content-Type: text/plain\r\nContent-Length: 13\r\n\r\n'
response += b'Hello, world!'

serversocket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
serversocket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
serversocket.bind(('127.0.0.1', int(sys.argv[1]) if len(sys.argv) > 1 else 8080))
serversocket.listen(1)
serversocket.setblocking(0)
print('listening on', serversocket.getsockname()[1], flush=True)

epoll = select.epoll()
epoll.register(serversocket.fileno(), select.EPOLLIN)


def drop(fileno):
    epoll.unregister(fileno)
    connections[fileno].close()
    del connections[fileno], requests[fileno], responses[fileno]


try:
    connections = {}; requests = {}; responses = {}
    while True:
        events = epoll.poll(1)
        for fileno, event in events:
            if fileno == serversocket.fileno():
                connection, address = serversocket.accept()
                connection.setblocking(0)
                epoll.register(connection.fileno(), select.EPOLLIN)
                connections[connection.fileno()] = connection
                requests[connection.fileno()] = b''
                responses[connection.fileno()] = response
            elif event & select.EPOLLIN:
                try:
                    data = connections[fileno].recv(1024)
                except ConnectionResetError:
                    data = b''
                if not data:
                    drop(fileno)
                    continue
                requests[fileno] += data
                if EOL1 in requests[fileno] or EOL2 in requests[fileno]:
                    epoll.modify(fileno, select.EPOLLOUT)
                    connections[fileno].setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
                    print('-' * 40 + '\n' + requests[fileno].decode()[:-2], flush=True)
            elif event & select.EPOLLOUT:
                byteswritten = connections[fileno].send(responses[fileno])
                responses[fileno] = responses[fileno][byteswritten:]
                if len(responses[fileno]) == 0:
                    connections[fileno].setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 0)
                    epoll.modify(fileno, 0)
                    connections[fileno].shutdown(socket.SHUT_RDWR)
            elif event & select.EPOLLHUP:
                drop(fileno)
finally:
    epoll.unregister(serversocket.fileno())
    epoll.close()
    serversocket.close()
