/*
 * Path resolution shared by the host and the in-memory file systems, written once so both
 * give the same answers: which errno for "..", for symlink loops, for trailing slashes.
 *
 * A file system supplies a few primitives on its directory handles (host fds or memfs
 * nodes); the walk itself keeps a stack of the directories it went through, so ".." pops
 * that stack and can never climb above the starting directory.
 */
#ifndef WR_WASI_PATH_WALK_H
#define WR_WASI_PATH_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/alloc.h"

/* Symlinks followed in one lookup before ELOOP (Linux uses 40 as well); the longest symlink
 * target and the longest name (Linux's NAME_MAX), ENAMETOOLONG beyond. */
enum { WALK_MAX_SYMLINKS = 40, WALK_TARGET_MAX = 4096, WALK_NAME_MAX = 255 };

typedef union walk_dir {
    int fd;
    void *node;
} walk_dir;

typedef struct walk_ops {
    /* Look `name` up in dir without following it (name is never "." or ".."). A directory
     * sets *child (a new handle); a symlink sets *target (allocated from a); anything else sets
     * *is_other. Returns a WASI errno. */
    uint16_t (*child)(const wr_allocator *a, walk_dir dir, const char *name, walk_dir *child,
                      char **target,
                      bool *is_other);
    /* A new handle to the same directory. */
    uint16_t (*retain)(const wr_allocator *a, walk_dir dir, walk_dir *out);
    void (*release)(const wr_allocator *a, walk_dir dir);
    /* Read the symlink `name` in dir (cap bytes at most); -1 when it is not a symlink. */
    long (*read_link)(const wr_allocator *a, walk_dir dir, const char *name, char *buf, size_t cap);
    /* Optional: resolve a whole directory path beneath start in one go (openat2). NULL or
     * a WASI_ENOSYS answer uses the component walk. */
    uint16_t (*resolve_dir)(const wr_allocator *a, walk_dir start, const char *path, walk_dir *out);
} walk_ops;

typedef struct walk_result {
    walk_dir parent;     /* the directory holding `name`; release it with wr_wasi_walk_done */
    const char *name;    /* the last component: never contains '/', never ".." */
    bool trailing_slash; /* the path ended in '/': the target must be a directory */
    char *buf;           /* storage for name */
} walk_result;

/* Resolve path beneath start up to its last component. With follow, a symlink in the last
 * component is followed (so is one before a trailing '/'). An absolute path or one that
 * climbs out is WASI_ENOTCAPABLE, too many symlinks WASI_ELOOP. */
uint16_t wr_wasi_walk_lookup(const walk_ops *ops, const wr_allocator *a, walk_dir start,
                             const char *path,
                     bool follow, walk_result *out);
void wr_wasi_walk_done(const walk_ops *ops, const wr_allocator *a, walk_result *r);

#endif
