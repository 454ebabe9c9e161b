# The simple client of article 003 (for its plain select server), as a Python 3 reference
# for the Java twin InputClient: sends the same bytes for the same typed lines. Change from the
# article: takes the port as argv[1] (default 8002). At the end of input it still dies of
# EOFError, as the article's did.
import socket
import sys

ip_port = ('127.0.0.1',int(sys.argv[1]) if len(sys.argv) > 1 else 8002)
sk = socket.socket()
sk.connect(ip_port)

while True:
    input_str = input('wait input:')
    sk.sendall(input_str.encode("utf-8"))
sk.close()
