/*
 * The porter's loop in C: the state machine of the Python epoll tutorial's HTTP server (article
 * 000's server, after scotdoyle.com's "python epoll howto") made keep-alive, call for call as
 * dev.jselect.bench.http.PorterLoopHttpServer makes it on jselect, so the load test measures
 * what the Java port costs over the same loop in C. One thread, level-triggered epoll:
 *
 *   accept; set non-blocking; register EPOLLIN
 *   EPOLLIN:  recv(1024) appended to the connection's request; once it holds "\n\n" or
 *             "\n\r\n", epoll_ctl MOD to EPOLLOUT
 *   EPOLLOUT: send what is left of the response; once all is sent, MOD back to EPOLLIN with an
 *             empty request (keep-alive, where the tutorial shuts the connection down)
 *   an empty recv, a reset, a failed send or EPOLLHUP: unregister and close
 *
 * No TCP_CORK, no buffer reuse tricks: what a C programmer writes for that loop. It answers the
 * load test's HTTP/1.1 "Hello, world!" and binds 127.0.0.1 only.
 *
 *   cc -O2 -o epoll_porter_server epoll_porter_server.c && ./epoll_porter_server PORT [LIFETIME_SECONDS]
 *
 * Prints "listening on 127.0.0.1:PORT (...)" once bound, and exits by itself after the lifetime
 * (default 900 s).
 */
#define _GNU_SOURCE /* memmem */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BACKLOG 4096     /* room for the idle connections that arrive in one burst */
#define MAX_EVENTS 1023  /* what Python's epoll.poll() asks for by default (FD_SETSIZE - 1) */
#define RECV_SIZE 1024

static const char RESPONSE[] = "HTTP/1.1 200 OK\r\n"
                               "Date: Mon, 1 Jan 1996 01:01:01 GMT\r\n"
                               "Content-Type: text/plain\r\n"
                               "Content-Length: 13\r\n"
                               "\r\n"
                               "Hello, world!";

/* One connection: Python's connections[fd], requests[fd] and responses[fd] in one place. */
struct connection {
    char *request;
    size_t request_len, request_cap;
    size_t response_sent; /* responses[fd] is RESPONSE from this offset on */
};

static struct connection **connections; /* indexed by fd, as Python's dicts are keyed by it */
static int max_fds;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void drop(int epfd, int fd) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(connections[fd]->request);
    free(connections[fd]);
    connections[fd] = NULL;
}

static void modify(int epfd, int fd, unsigned events) {
    struct epoll_event ev = {.events = events, .data.fd = fd};
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev) < 0) die("epoll_ctl(MOD)");
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s PORT [LIFETIME_SECONDS]\n", argv[0]);
        return 2;
    }
    int port = atoi(argv[1]);
    long lifetime = argc > 2 ? atol(argv[2]) : 900;
    if (port < 1 || port > 65535 || lifetime < 1) {
        fprintf(stderr, "port must be 1..65535 and the lifetime at least 1 second\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN); /* as Python does at start-up: a write to a closed peer is EPIPE */
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) < 0) die("getrlimit");
    max_fds = nofile.rlim_cur == RLIM_INFINITY || nofile.rlim_cur > (1 << 22) ? 1 << 22 : (int) nofile.rlim_cur;
    connections = calloc(max_fds, sizeof *connections);
    if (connections == NULL) die("calloc");

    int serversocket = socket(AF_INET, SOCK_STREAM, 0);
    if (serversocket < 0) die("socket");
    int one = 1;
    if (setsockopt(serversocket, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) die("setsockopt(SO_REUSEADDR)");
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(serversocket, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
    if (listen(serversocket, BACKLOG) < 0) die("listen");
    if (fcntl(serversocket, F_SETFL, fcntl(serversocket, F_GETFL) | O_NONBLOCK) < 0) die("fcntl");

    int epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) die("epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = serversocket};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, serversocket, &ev) < 0) die("epoll_ctl(ADD)");
    printf("listening on 127.0.0.1:%d (C epoll, the porter's loop)\n", port);
    fflush(stdout);

    static struct epoll_event events[MAX_EVENTS];
    double deadline = now_s() + lifetime;
    while (now_s() < deadline) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, 1000);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            int fileno = events[i].data.fd;
            unsigned event = events[i].events;
            if (fileno == serversocket) {
                int connection = accept(serversocket, NULL, NULL);
                if (connection < 0) continue; /* EAGAIN, ECONNABORTED: the client gave up first */
                if (connection >= max_fds) {
                    close(connection);
                    continue;
                }
                if (fcntl(connection, F_SETFL, fcntl(connection, F_GETFL) | O_NONBLOCK) < 0) die("fcntl");
                struct epoll_event cev = {.events = EPOLLIN, .data.fd = connection};
                if (epoll_ctl(epfd, EPOLL_CTL_ADD, connection, &cev) < 0) die("epoll_ctl(ADD)");
                connections[connection] = calloc(1, sizeof(struct connection));
                if (connections[connection] == NULL) die("calloc");
            } else if (event & EPOLLIN) {
                struct connection *c = connections[fileno];
                if (c->request_cap - c->request_len < RECV_SIZE) {
                    c->request_cap = c->request_cap ? c->request_cap * 2 : 2 * RECV_SIZE;
                    c->request = realloc(c->request, c->request_cap);
                    if (c->request == NULL) die("realloc");
                }
                ssize_t got = recv(fileno, c->request + c->request_len, RECV_SIZE, 0);
                if (got <= 0) { /* closed, or reset: errno ECONNRESET */
                    if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                    drop(epfd, fileno);
                    continue;
                }
                c->request_len += got;
                if (memmem(c->request, c->request_len, "\n\n", 2) || memmem(c->request, c->request_len, "\n\r\n", 3)) {
                    modify(epfd, fileno, EPOLLOUT);
                }
            } else if (event & EPOLLOUT) {
                struct connection *c = connections[fileno];
                ssize_t byteswritten = send(fileno, RESPONSE + c->response_sent, sizeof RESPONSE - 1 - c->response_sent, 0);
                if (byteswritten < 0) {
                    if (errno == EAGAIN || errno == EINTR) continue;
                    drop(epfd, fileno);
                    continue;
                }
                c->response_sent += byteswritten;
                if (c->response_sent == sizeof RESPONSE - 1) {
                    /* keep-alive: ready for the next request instead of shutdown */
                    modify(epfd, fileno, EPOLLIN);
                    c->request_len = 0;
                    c->response_sent = 0;
                }
            } else if (event & EPOLLHUP) {
                drop(epfd, fileno);
            }
        }
    }
    for (int fd = 0; fd < max_fds; fd++) {
        if (connections[fd] != NULL) drop(epfd, fd);
    }
    close(epfd);
    close(serversocket);
    return 0;
}
