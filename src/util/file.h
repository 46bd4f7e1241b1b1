/*
 * Reading a whole file into memory: for wr_module_load, the wr tool and the in-tree test
 * programs, so that they all treat short reads, pipes and size limits alike.
 */
#ifndef WR_UTIL_FILE_H
#define WR_UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/alloc.h"

/* Returns 0 with the file's bytes in *out (allocated from a; free them with wr_mem_free) and
 * their count in *len, or an errno value with *out NULL. A file over max bytes gives EFBIG: a regular file is
 * refused from its size before any byte is read (*len is that size); any other file (a pipe,
 * a device, /proc) is read to max + 1 bytes at most (*len is then max + 1, meaning "more
 * than max"), so that a huge or endless file costs little. Reads until end of file rather
 * than trusting a reported size, so files that grow or lie about their size work too. */
int wr_read_file(const wr_allocator *a, const char *path, size_t max, uint8_t **out, size_t *len);

/* The same, with a look at the start of the file before the rest is read: check is called
 * once with the first bytes (at least 64 KiB, or the whole file when shorter, but never more
 * than max + 1), and when it returns false the read stops with ECANCELED (*out NULL). So a stream that is not what the
 * caller wants (/dev/zero for a module) is refused at once rather than read to the limit. */
int wr_read_file_checked(const wr_allocator *a, const char *path, size_t max,
                         bool (*check)(const uint8_t *head, size_t len, void *ctx), void *ctx,
                         uint8_t **out, size_t *len);

#endif
