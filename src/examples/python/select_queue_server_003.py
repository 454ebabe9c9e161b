# The select echo server with message queues of article 003, as written there, as a
# Python 3 reference for the Java twin SelectQueueServer (Article.OF_003): same printout, byte
# for byte. Changes from the article, each needed to run it as a test reference:
#  - binds 127.0.0.1 (not localhost) and takes the port as argv[1] (default 10000);
#  - prints its "starting up" line once listening, with the port bound, so a test may pass
#    port 0 and connect as soon as it reads the line.
import select
import socket
import sys
import queue

server = socket.socket(socket.AF_INET,socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
server.setblocking(0)

server_address = ('127.0.0.1',int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
server.bind(server_address)
server.listen(5)
print('starting up on %s port %s'% server.getsockname())

inputs = [server]
outputs = []
message_queues = {}
while inputs:
    print('waiting for the next event')
    readable, writable, exceptional = select.select(inputs, outputs, inputs)
    for s in readable:
        if s is server:
            connection,client_address = s.accept()
            print('connection from',client_address)
            connection.setblocking(0)
            inputs.append(connection)
            message_queues[connection] = queue.Queue()
        else:
            data = s.recv(1024)
            if data:
                print('received "%s" from %s'% (data,s.getpeername()))
                message_queues[s].put(data)
                if s not in outputs:
                    outputs.append(s)
            else:
                print('closing',client_address)
                if s in outputs:
                    outputs.remove(s)
                inputs.remove(s)
                s.close()
                del message_queues[s]

    for s in writable:
        try:
            next_msg = message_queues[s].get_nowait()

        except queue.Empty:
            print('  ',s.getpeername(),'queue empty')
            outputs.remove(s)
        else:
            print('sending "%s" to %s'%(next_msg,s.getpeername()))
            s.send(next_msg)

    for s in exceptional:
        for s in exceptional:
            print('exception condition on',s.getpeername())
            inputs.remove(s)
            if s in outputs:
                outputs.remove(s)
            s.close()
            del message_queues[s]
