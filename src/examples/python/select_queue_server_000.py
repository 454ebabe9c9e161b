# The select echo server with message queues of article 000, as written there (Python 2),
# as a reference for the Java twin SelectQueueServer (Article.OF_000): same printout, byte for
# byte. Changes from the article, each needed to run it as a test reference:
#  - binds 127.0.0.1 (not 192.168.0.101) and takes the port as argv[1] (default 9999) and the
#    pause before each send as argv[2] (default 5, the article's `sleep 5`);
#  - prints "listening on port PORT" once listening, so a test may pass port 0.
import select
import socket
import Queue
import time
import os
import sys
server = socket.socket(socket.AF_INET,socket.SOCK_STREAM)
server.setblocking(False)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR  , 1)
server_address= ('127.0.0.1',int(sys.argv[1]) if len(sys.argv) > 1 else 9999)
pause = sys.argv[2] if len(sys.argv) > 2 else '5'
server.bind(server_address)
server.listen(10)
print "listening on port", server.getsockname()[1]
inputs = [server]
outputs = []
message_queues = {}
while inputs:
    print "waiting for next event"
    readable , writable , exceptional = select.select(inputs, outputs, inputs)
    if not (readable or writable or exceptional) :
        print "Time out ! "
        break;
    for s in readable :
        if s is server:
            connection, client_address = s.accept()
            print "    connection from ", client_address
            connection.setblocking(0)
            inputs.append(connection)
            message_queues[connection] = Queue.Queue()
        else:
            data = s.recv(1024)
            if data :
                print " received " , data , "from ",s.getpeername()
                message_queues[s].put(data)
                if s not in outputs:
                    outputs.append(s)
            else:
                print "  closing", client_address
                if s in outputs :
                    outputs.remove(s)
                inputs.remove(s)
                s.close()
                del message_queues[s]
    for s in writable:
        try:
            next_msg = message_queues[s].get_nowait()
        except Queue.Empty:
            print " " , s.getpeername() , 'queue empty'
            outputs.remove(s)
        else:
            print " sending " , next_msg , " to ", s.getpeername()
            os.popen('sleep ' + pause).read()
            s.send(next_msg)
    for s in exceptional:
        print " exception condition on ", s.getpeername()
        inputs.remove(s)
        if s in outputs:
            outputs.remove(s)
        s.close()
        del message_queues[s]
