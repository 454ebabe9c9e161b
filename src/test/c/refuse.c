/*
 * refuse: runs a program with chosen system calls refused, as an old kernel (ENOSYS) or a
 * container's seccomp profile (EPERM) refuses them.
 *
 *   refuse ERRNO NR[,NR...] PROGRAM [ARG...]
 *
 * Installs a seccomp filter (raw BPF) that answers each listed x86_64 system call number with
 * -ERRNO and lets every other call through, then executes PROGRAM. The filter is inherited by
 * every thread and child of PROGRAM. x86_64 only; the test that uses it skips elsewhere.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_CALLS 32

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s ERRNO NR[,NR...] PROGRAM [ARG...]\n", argv[0]);
        return 2;
    }
    int err = atoi(argv[1]);
    long calls[MAX_CALLS];
    int n = 0;
    for (char *tok = strtok(argv[2], ","); tok != NULL && n < MAX_CALLS; tok = strtok(NULL, ",")) {
        calls[n++] = strtol(tok, NULL, 10);
    }

    /* load arch; not x86_64 -> allow; load nr; for each call: equal -> errno; allow */
    struct sock_filter filter[4 + 2 * MAX_CALLS + 1];
    int i = 0;
    filter[i++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    filter[i++] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
    filter[i++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    filter[i++] = (struct sock_filter) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
    for (int c = 0; c < n; c++) {
        filter[i++] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned) calls[c], 0, 1);
        filter[i++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA));
    }
    filter[i++] = (struct sock_filter) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    struct sock_fprog prog = {.len = (unsigned short) i, .filter = filter};

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        perror("prctl(PR_SET_NO_NEW_PRIVS)");
        return 3;
    }
    if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
        perror("seccomp(SECCOMP_SET_MODE_FILTER)");
        return 3;
    }
    execv(argv[3], argv + 3);
    perror(argv[3]);
    return 127;
}
