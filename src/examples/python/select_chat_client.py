# The chat client of article 003, as a Python 3 reference for the Java twin
# SelectChatClient: same printout, same bytes sent. Change from the article: takes the port as
# argv[1] (default 8002). At the end of input it still sends empty messages in a busy loop, as
# the article's did: stop it.
import socket, select, string, sys

def prompt() :
    print('<You>', end="")
    sys.stdout.flush()

if __name__ == "__main__":

    host = '127.0.0.1'
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8002

    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(2)

    try :
        s.connect((host, port))
    except Exception as e:
        print('Unable to connect:', e)
        sys.exit()

    print('Connected to remote host. Start sending messages')
    prompt()
    rlist = [sys.stdin, s]
    while True:
        read_list, write_list, error_list = select.select(rlist , [], [])

        for sock in read_list:
            if sock == s:
                data = sock.recv(4096)
                if not data :
                    print('\nDisconnected from chat server')
                    sys.exit()
                else :
                    print(data.decode("utf-8"), end="")
                    prompt()

            else :
                msg = sys.stdin.readline()
                msg = msg.encode("utf-8")
                s.send(msg)
                prompt()
