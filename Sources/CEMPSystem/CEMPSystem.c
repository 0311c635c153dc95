#define _GNU_SOURCE
#include "CEMPSystem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#ifdef __linux__
#include <malloc.h>
#include <sys/syscall.h>
#endif

int emp_exchange_paths(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

#ifdef __linux__
#include <sys/vfs.h>
#endif

long emp_file_system_type(int fd) {
#ifdef __linux__
    struct statfs fs;
    if (fstatfs(fd, &fs) != 0) return -1;
    return (long)fs.f_type;
#else
    (void)fd;
    return -1;
#endif
}

int emp_format_fixed(char *buffer, unsigned long size, int decimals, double value) {
    return snprintf(buffer, size, "%.*f", decimals, value);
}

int emp_map_large_allocations(unsigned long bytes) {
#if defined(__linux__) && defined(M_MMAP_THRESHOLD)
    return mallopt(M_MMAP_THRESHOLD, (int)bytes);
#else
    (void)bytes;
    return 0;
#endif
}
