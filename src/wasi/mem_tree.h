/*
 * The in-memory file system's tree, shared by the guest side (fs_mem.c) and the host API
 * (memfs_api.c). Everything is guarded by the memfs lock; helpers here expect it held.
 *
 * Nodes are reference-counted: every directory entry naming a node holds one reference,
 * and so does every open guest file and every directory handle of a path walk, so a file
 * removed while open lives on until it is closed.
 */
#ifndef WR_WASI_MEM_TREE_H
#define WR_WASI_MEM_TREE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasi/path_walk.h"
#include "wr_wasi.h"

typedef struct mem_node mem_node;

typedef struct mem_entry {
    char *name;
    mem_node *node;
} mem_entry;

struct mem_node {
    wr_memfs *fs;           /* the file system whose budget it counts against */
    uint32_t refs;
    uint8_t type;           /* WASI_FILETYPE_REGULAR_FILE, _DIRECTORY or _SYMBOLIC_LINK */
    uint64_t ino, nlink;
    uint64_t atim, mtim, ctim;
    uint8_t *data;          /* file content */
    size_t size, cap;
    char *target;           /* symlink target */
    mem_entry *entries;     /* directory entries, sorted by name */
    size_t nentries, entries_cap;
    mem_node *parent;       /* directories: the one holding it (not a reference) */
};

struct wr_memfs {
    pthread_mutex_t lock;
    uint32_t refs;
    mem_node *root;
    uint64_t next_ino;
    uint64_t used, limit;   /* bytes charged (content, names, nodes) and the cap; 0 = none */
};

/* The largest file a memfs holds; writes beyond are EFBIG. */
enum { MEM_FILE_MAX = 1 << 30 };
/* What a new memfs may hold before writes fail with ENOSPC (wr_memfs_set_limit). */
#define MEM_DEFAULT_LIMIT ((uint64_t)1 << 30)

extern const walk_ops wr_wasi_mem_walk_ops;

uint64_t wr_wasi_mem_now(void);
/* A new node with one reference (the caller's), or NULL. */
mem_node *wr_wasi_mem_node_new(wr_memfs *fs, uint8_t type);
void wr_wasi_mem_node_retain(mem_node *n);
void wr_wasi_mem_node_release(mem_node *n);
/* The entry named `name` in dir, or NULL. */
mem_entry *wr_wasi_mem_find(mem_node *dir, const char *name);
/* Add an entry for node (taking a new reference to it). Returns a WASI errno; ENOSPC when
 * the file system is full. */
uint16_t wr_wasi_mem_link(mem_node *dir, const char *name, mem_node *node);
/* Remove the entry (dropping its reference). */
void wr_wasi_mem_unlink(mem_node *dir, mem_entry *e);
/* Point the existing entry e at node instead (rename over an existing name); never fails. */
void wr_wasi_mem_replace(mem_node *dir, mem_entry *e, mem_node *node);
/* Resize a file's content, zero-filling; EFBIG past MEM_FILE_MAX, ENOSPC past the limit. */
uint16_t wr_wasi_mem_resize(mem_node *file, uint64_t size);
/* Resolve a path from dir (the fs lock held). */
uint16_t wr_wasi_mem_lookup(mem_node *dir, const char *path, bool follow, walk_result *out);
/* The node a finished lookup names (NULL when missing); "." is the parent itself. */
mem_node *wr_wasi_mem_target(walk_result *r);

#endif
