/*
 * Reading a whole file into memory; shared by the wr tool and the spec test runner.
 */
#ifndef WR_CLI_READ_FILE_H
#define WR_CLI_READ_FILE_H

#include <stddef.h>
#include <stdint.h>

/* The file's bytes (free them with free) and their count in *len, or NULL with errno set.
 * Reads in chunks rather than trusting a reported size, so pipes work too. */
uint8_t *read_whole_file(const char *path, size_t *len);

#endif
