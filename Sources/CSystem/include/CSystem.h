#ifndef EMP_CSYSTEM_H
#define EMP_CSYSTEM_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0, or -1 with
/// errno set (ENOSYS or EINVAL where the kernel or file system cannot exchange).
int emp_exchange_paths(const char *a, const char *b);

#endif
