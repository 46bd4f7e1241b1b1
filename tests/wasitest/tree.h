/* Directory trees for the test runner: copy, remove, load into a memfs. */
#ifndef WASITEST_TREE_H
#define WASITEST_TREE_H

#include <stdbool.h>

#include "wr_wasi.h"

/* Copy the tree at src into the existing directory dst, leaving out *.cleanup files.
 * Copies are writable by their owner whatever the source's modes. */
bool tree_copy(const char *src, const char *dst);
/* rm -rf path (symlinks are removed, never followed). */
void tree_remove(const char *path);
/* Put the tree at src into the root of fs, leaving out *.cleanup files. */
bool tree_load_memfs(const char *src, wr_memfs *fs);

#endif
