/*
 * The C baseline for EpollWaitBenchmark: the same fixture (FDS pipes, read ends registered for
 * EPOLLIN, one pipe in the middle holding an unread byte, write ends moved to fds >= 1024) and
 * the same call, epoll_wait(epfd, events, 1024, 0), then the ready fd read from the buffer.
 *
 *   cc -O2 -o epoll_wait_loop epoll_wait_loop.c && ./epoll_wait_loop [calls] [fds] [rounds]
 *
 * Prints one line per timed round and a last line "ns_per_call_median=X ns_per_call_best=Y".
 */
#define _GNU_SOURCE /* pipe2 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 1024

static void die(const char *what) {
    perror(what);
    exit(1);
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 1000000;
    int fds = argc > 2 ? atoi(argv[2]) : 1000;
    int rounds = argc > 3 ? atoi(argv[3]) : 5;
    if (calls < 1 || fds < 1 || rounds < 1 || rounds > 100) {
        fprintf(stderr, "usage: %s [calls >= 1] [fds >= 1] [rounds 1..100]\n", argv[0]);
        return 2;
    }

    int epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0) die("epoll_create1");
    int ready = -1;
    for (int i = 0; i < fds; i++) {
        int p[2];
        if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0) die("pipe2");
        int w = fcntl(p[1], F_DUPFD_CLOEXEC, 1024);
        if (w < 0) die("fcntl(F_DUPFD_CLOEXEC)");
        close(p[1]);
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = p[0]};
        if (epoll_ctl(epfd, EPOLL_CTL_ADD, p[0], &ev) < 0) die("epoll_ctl");
        if (i == fds / 2) {
            if (write(w, "x", 1) != 1) die("write");
            ready = p[0];
        }
    }

    static struct epoll_event events[MAX_EVENTS];
    double ns[100];
    long check = 0;
    for (int r = -1; r < rounds; r++) {            /* round -1 warms caches and is not counted */
        double t0 = now_ns();
        for (long i = 0; i < calls; i++) {
            int n = epoll_wait(epfd, events, MAX_EVENTS, 0);
            check += n == 1 ? events[0].data.fd : -1;
        }
        double per_call = (now_ns() - t0) / calls;
        if (r >= 0) {
            ns[r] = per_call;
            printf("round %d: %.1f ns/call\n", r + 1, per_call);
        }
    }
    if (check != (long) ready * calls * (rounds + 1)) {
        fprintf(stderr, "epoll_wait did not report the one ready fd %d on every call\n", ready);
        return 1;
    }
    qsort(ns, rounds, sizeof ns[0], by_value);
    printf("epoll_wait(timeout 0), %d fds, 1 ready, %ld calls x %d rounds: ns_per_call_median=%.1f ns_per_call_best=%.1f\n",
           fds, calls, rounds, ns[rounds / 2], ns[0]);
    return 0;
}
