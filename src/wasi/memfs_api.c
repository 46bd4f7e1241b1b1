/* The host's side of an in-memory file system: fill it before a run, read it after. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "wasi/abi.h"
#include "wasi/mem_tree.h"
#include "wasi/state.h"

wr_memfs *wr_memfs_new(void)
{
    wr_memfs *fs = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *fs);
    if (!fs)
        return NULL;
    fs->root = wr_wasi_mem_node_new(fs, WASI_FILETYPE_DIRECTORY);
    if (!fs->root || pthread_mutex_init(&fs->lock, NULL)) {
        wr_mem_free(fs->root);
        wr_mem_free(fs);
        return NULL;
    }
    fs->root->nlink = 1;
    fs->refs = 1;
    fs->limit = MEM_DEFAULT_LIMIT;
    return fs;
}

void wr_memfs_set_limit(wr_memfs *fs, uint64_t bytes)
{
    pthread_mutex_lock(&fs->lock);
    fs->limit = bytes;
    pthread_mutex_unlock(&fs->lock);
}

void wr_wasi_memfs_ref(wr_memfs *fs)
{
    pthread_mutex_lock(&fs->lock);
    fs->refs++;
    pthread_mutex_unlock(&fs->lock);
}

void wr_memfs_free(wr_memfs *fs)
{
    if (!fs)
        return;
    pthread_mutex_lock(&fs->lock);
    bool last = --fs->refs == 0;
    pthread_mutex_unlock(&fs->lock);
    if (!last)
        return;
    wr_wasi_mem_node_release(fs->root);
    pthread_mutex_destroy(&fs->lock);
    wr_mem_free(fs);
}

static wr_error *fail(uint16_t err, const char *what, const char *path)
{
    if (err == WASI_ENOMEM)
        return wr_error_nomem();
    return wr_error_new(err == WASI_EINVAL || err == WASI_EEXIST || err == WASI_ENOENT ||
                                err == WASI_ENOTDIR || err == WASI_EISDIR
                            ? WR_ERR_ARG : WR_ERR_IO,
                        "memfs %s %s: %s", what, path, wr_wasi_errno_name(err));
}

static const char *relative(const char *path)
{
    while (*path == '/')
        path++;
    return *path ? path : ".";
}

/* Look path up from the root with the lock held; the node it names (or NULL) in *node. */
static uint16_t find(wr_memfs *fs, const char *path, bool follow, walk_result *r, mem_node **node)
{
    uint16_t err = wr_wasi_mem_lookup(fs->root, relative(path), follow, r);
    if (!err)
        *node = wr_wasi_mem_target(r);
    return err;
}

/* find, for a call on something that must be there: ENOENT (the walk finished) when not. */
static uint16_t find_existing(wr_memfs *fs, const char *path, bool follow, walk_result *r,
                              mem_node **node)
{
    uint16_t err = find(fs, path, follow, r, node);
    if (!err && !*node) {
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, r);
        err = WASI_ENOENT;
    }
    return err;
}

/* mkdir -p, the lock held. */
static uint16_t make_dirs(wr_memfs *fs, const char *path, uint64_t mtime)
{
    char *copy = wr_mem_strdup(wr_mem_owner(fs), relative(path));
    if (!copy)
        return WASI_ENOMEM;
    uint16_t err = 0;
    for (char *p = copy;; p++) {
        bool end = *p == 0;
        if (*p != '/' && !end)
            continue;
        *p = 0;
        walk_result r;
        mem_node *n;
        err = find(fs, copy, true, &r, &n);
        if (!err) {
            if (!n) {
                n = wr_wasi_mem_node_new(fs, WASI_FILETYPE_DIRECTORY);
                err = n ? wr_wasi_mem_link(r.parent.node, r.name, n) : WASI_ENOMEM;
                if (n) {
                    n->mtim = mtime;
                    wr_wasi_mem_node_release(n);
                }
            } else if (n->type != WASI_FILETYPE_DIRECTORY) {
                err = WASI_ENOTDIR;
            }
            wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
        }
        if (err || end)
            break;
        *p = '/';
    }
    wr_mem_free(copy);
    return err;
}

wr_error *wr_memfs_mkdir(wr_memfs *fs, const char *path, uint64_t mtime_ns)
{
    pthread_mutex_lock(&fs->lock);
    uint16_t err = make_dirs(fs, path, mtime_ns);
    pthread_mutex_unlock(&fs->lock);
    return err ? fail(err, "mkdir", path) : NULL;
}

/* The directory part of path ("" for none), the lock held: created as needed. */
static uint16_t make_parent(wr_memfs *fs, const char *path)
{
    const char *rel = relative(path);
    const char *slash = strrchr(rel, '/');
    if (!slash)
        return 0;
    char *dir = wr_mem_strndup(wr_mem_owner(fs), rel, (size_t)(slash - rel));
    if (!dir)
        return WASI_ENOMEM;
    uint16_t err = make_dirs(fs, dir, wr_wasi_mem_now());
    wr_mem_free(dir);
    return err;
}

wr_error *wr_memfs_write_file(wr_memfs *fs, const char *path, const void *data, size_t len,
                              uint64_t mtime_ns)
{
    pthread_mutex_lock(&fs->lock);
    uint16_t err = make_parent(fs, path);
    walk_result r;
    mem_node *n = NULL;
    if (!err)
        err = find(fs, path, true, &r, &n);
    if (!err) {
        if (!n) {
            n = wr_wasi_mem_node_new(fs, WASI_FILETYPE_REGULAR_FILE);
            err = n ? wr_wasi_mem_link(r.parent.node, r.name, n) : WASI_ENOMEM;
            if (n)
                wr_wasi_mem_node_release(n);
        } else if (n->type != WASI_FILETYPE_REGULAR_FILE) {
            err = WASI_EISDIR;
        }
        if (!err)
            err = wr_wasi_mem_resize(n, 0);
        if (!err)
            err = wr_wasi_mem_resize(n, len);
        if (!err && len)
            memcpy(n->data, data, len);
        if (!err)
            n->mtim = mtime_ns;
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&fs->lock);
    return err ? fail(err, "write", path) : NULL;
}

wr_error *wr_memfs_symlink(wr_memfs *fs, const char *path, const char *target)
{
    pthread_mutex_lock(&fs->lock);
    uint16_t err = make_parent(fs, path);
    walk_result r;
    mem_node *n = NULL;
    if (!err)
        err = find(fs, path, false, &r, &n);
    if (!err) {
        if (n)
            err = WASI_EEXIST;
        else if (!(n = wr_wasi_mem_node_new(fs, WASI_FILETYPE_SYMBOLIC_LINK)) ||
                 !(n->target = wr_mem_strdup(wr_mem_owner(fs), target)))
            err = WASI_ENOMEM;
        else
            err = wr_wasi_mem_link(r.parent.node, r.name, n);
        if (n && err != WASI_EEXIST)
            wr_wasi_mem_node_release(n);
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&fs->lock);
    return err ? fail(err, "symlink", path) : NULL;
}

wr_error *wr_memfs_read_file(wr_memfs *fs, const char *path, uint8_t **data, size_t *len)
{
    pthread_mutex_lock(&fs->lock);
    walk_result r;
    mem_node *n;
    uint16_t err = find_existing(fs, path, true, &r, &n);
    if (!err) {
        if (n->type != WASI_FILETYPE_REGULAR_FILE)
            err = WASI_EISDIR;
        else if (!(*data = wr_default_alloc(NULL, NULL, 0, n->size ? n->size : 1)))
            err = WASI_ENOMEM;
        else {
            if (n->size)
                memcpy(*data, n->data, n->size);
            *len = n->size;
        }
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&fs->lock);
    return err ? fail(err, "read", path) : NULL;
}

static wr_memfs_kind kind_of(const mem_node *n)
{
    return n->type == WASI_FILETYPE_DIRECTORY ? WR_MEMFS_DIR
         : n->type == WASI_FILETYPE_SYMBOLIC_LINK ? WR_MEMFS_SYMLINK : WR_MEMFS_FILE;
}

wr_error *wr_memfs_stat_path(wr_memfs *fs, const char *path, wr_memfs_stat *out)
{
    pthread_mutex_lock(&fs->lock);
    walk_result r;
    mem_node *n;
    uint16_t err = find_existing(fs, path, false, &r, &n);
    if (!err) {
        *out = (wr_memfs_stat){
            .kind = kind_of(n),
            .size = n->type == WASI_FILETYPE_SYMBOLIC_LINK ? strlen(n->target)
                  : n->type == WASI_FILETYPE_DIRECTORY ? n->nentries : n->size,
            .ino = n->ino, .nlink = n->nlink, .atime_ns = n->atim, .mtime_ns = n->mtim,
            .ctime_ns = n->ctim,
        };
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&fs->lock);
    return err ? fail(err, "stat", path) : NULL;
}

wr_error *wr_memfs_set_times(wr_memfs *fs, const char *path, uint64_t atime_ns, uint64_t mtime_ns)
{
    pthread_mutex_lock(&fs->lock);
    walk_result r;
    mem_node *n;
    uint16_t err = find_existing(fs, path, false, &r, &n);
    if (!err) {
        n->atim = atime_ns;
        n->mtim = mtime_ns;
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&fs->lock);
    return err ? fail(err, "set times", path) : NULL;
}

wr_error *wr_memfs_list(wr_memfs *fs, const char *path, wr_memfs_list_fn fn, void *user)
{
    pthread_mutex_lock(&fs->lock);
    walk_result r;
    mem_node *n;
    uint16_t err = find_existing(fs, path, true, &r, &n);
    if (!err) {
        if (n->type != WASI_FILETYPE_DIRECTORY)
            err = WASI_ENOTDIR;
        else
            for (size_t i = 0; i < n->nentries; i++)
                fn(user, n->entries[i].name, kind_of(n->entries[i].node));
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&fs->lock);
    return err ? fail(err, "list", path) : NULL;
}
