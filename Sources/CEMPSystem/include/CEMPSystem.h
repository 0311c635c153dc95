#ifndef EMP_CSYSTEM_H
#define EMP_CSYSTEM_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE). Returns 0, or -1 with
/// errno set (ENOSYS or EINVAL where the kernel or file system cannot exchange).
int emp_exchange_paths(const char *a, const char *b);

/// The type of the file system an open descriptor is on (Linux `statfs.f_type`, e.g.
/// 0x9fa0 for /proc), or -1 when it cannot be told.
long emp_file_system_type(int fd);

/// `snprintf(buffer, size, "%.*f", decimals, value)`: the value with a fixed number of
/// decimals, without Swift building a `CVarArg` array per number (the tables and the report
/// format hundreds of thousands of them).
int emp_format_fixed(char *buffer, unsigned long size, int decimals, double value);

/// Has malloc map every allocation of `bytes` or more and hand it back when it is freed
/// (glibc `M_MMAP_THRESHOLD`, which also stops glibc raising that threshold as it goes).
/// Returns 1 when set, 0 where there is no such setting.
int emp_map_large_allocations(unsigned long bytes);

#endif
