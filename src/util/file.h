/*
 * Reading a whole file into memory: for wr_module_load, the wr tool and the in-tree test
 * programs, so that they all treat short reads, pipes and size limits alike.
 */
#ifndef WR_UTIL_FILE_H
#define WR_UTIL_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Returns 0 with the file's bytes in *out (free them with free) and their count in *len, or
 * an errno value with *out NULL. Past max bytes it stops with EFBIG, *len then being how
 * many it had read (more than max), so that a huge or endless file costs little.
 * Reads in chunks rather than trusting a reported size, so pipes and /proc files work too. */
int wr_read_file(const char *path, size_t max, uint8_t **out, size_t *len);

#endif
