/*
 * jselect's single jextract input: every libc declaration the library binds.
 *
 * Deliberately compiled without _GNU_SOURCE: with it glibc declares socket-address
 * parameters as a transparent union that jextract cannot map. The few GNU-only
 * functions and constants we need are declared below with their glibc signatures
 * and values (see accept4(2), pipe2(2), <spawn.h>, <sys/pidfd.h> and <bits/poll.h>).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
int pipe2(int pipefd[2], int flags);
/* <spawn.h> declares these two under __USE_GNU (glibc 2.29 and 2.34); <sys/pidfd.h> is glibc 2.36's. */
int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
int pidfd_open(pid_t pid, unsigned int flags);

/* <bits/poll.h> defines these only under __USE_GNU. */
#define POLLMSG 0x400
#define POLLRDHUP 0x2000
