/*
 * Resolving guest paths beneath a host directory fd without ever leaving it.
 *
 * A path is split into the directory holding its last component (opened O_PATH, every
 * symlink and ".." on the way checked to stay beneath the start) and that last component,
 * which the caller then acts on with *at() calls that do not follow symlinks. Following a
 * symlink in the last component is done by path_walk, by reading it and resolving again,
 * so the kernel never follows a guest-controlled link in the last component.
 *
 * Two resolvers do the directories: openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) where
 * the kernel has it, else path_walk's walk one component at a time with O_NOFOLLOW that
 * keeps its own stack of directories for "..", so a directory moved during the walk cannot
 * lead out.
 */
#ifndef WR_WASI_HOST_RESOLVE_H
#define WR_WASI_HOST_RESOLVE_H

#include <stdbool.h>
#include <stdint.h>

#include "util/alloc.h"


typedef struct host_lookup {
    int parent_fd;       /* O_PATH fd of the directory holding `name`; owned */
    const char *name;    /* the last component: never contains '/', never ".." */
    bool trailing_slash; /* the path ended in '/': the target must be a directory */
    char *buf;           /* storage for name */
} host_lookup;

/* Resolve `path` beneath dirfd. With follow, a symlink as last component is followed
 * (also when the path ends in '/'). Returns a WASI errno; on success release with
 * wr_wasi_host_lookup_done. An escape is WASI_ENOTCAPABLE, too many symlinks WASI_ELOOP. */
uint16_t wr_wasi_host_lookup_path(const wr_allocator *a, int dirfd, const char *path, bool follow,
                                  bool use_openat2, host_lookup *out);
void wr_wasi_host_lookup_done(host_lookup *l);

#endif
