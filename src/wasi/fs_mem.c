/* Guest files of an in-memory file system. Every operation holds the memfs lock. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "wasi/abi.h"
#include "wasi/mem_tree.h"
#include "wasi/state.h"

/* A directory's entries as fd_readdir saw them when a listing started (cookie 0). */
typedef struct mem_dirent {
    char *name;
    uint64_t ino;
    uint8_t type;
} mem_dirent;

typedef struct mem_file {
    wasi_file base;
    wr_memfs *fs;   /* a reference */
    uint64_t dev;   /* what stat reports, from the preopen (wr_wasi_memfs_open_dir) */
    mem_node *node; /* a reference */
    uint64_t pos;
    mem_dirent *listing; /* what later cookies index, so that entries removed or added
                            between two calls neither shift nor hide the others */
    size_t nlisting;
} mem_file;

static const wasi_file_ops mem_ops;

static mem_file *as_mem(wasi_file *f) { return (mem_file *)f; }
static void lock(wasi_file *f) { pthread_mutex_lock(&as_mem(f)->fs->lock); }
static void unlock(wasi_file *f) { pthread_mutex_unlock(&as_mem(f)->fs->lock); }

static uint16_t mem_file_new(const wr_allocator *a, wr_memfs *fs, uint64_t dev, mem_node *node,
                             uint16_t fdflags,
                             wasi_file **out)
{
    mem_file *m = wr_mem_zalloc(a, 1, sizeof *m);
    if (!m)
        return WASI_ENOMEM;
    m->base = (wasi_file){.ops = &mem_ops, .filetype = node->type, .fdflags = fdflags, .wake_fd = -1};
    m->fs = fs;
    m->dev = dev;
    fs->refs++;
    m->node = node;
    wr_wasi_mem_node_retain(node);
    *out = &m->base;
    return 0;
}

static void clear_listing(mem_file *m)
{
    for (size_t i = 0; i < m->nlisting; i++)
        wr_mem_free(m->listing[i].name);
    wr_mem_free(m->listing);
    m->listing = NULL;
    m->nlisting = 0;
}

static void mem_close(wasi_file *f)
{
    mem_file *m = as_mem(f);
    wr_memfs *fs = m->fs;
    lock(f);
    wr_wasi_mem_node_release(m->node);
    unlock(f);
    clear_listing(m);
    wr_mem_free(m);
    wr_memfs_free(fs);
}

static uint16_t mem_read(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    mem_file *m = as_mem(f);
    lock(f);
    uint64_t pos = offset < 0 ? m->pos : (uint64_t)offset;
    size_t total = 0;
    for (size_t i = 0; i < n && pos < m->node->size; i++) {
        size_t len = iov[i].iov_len;
        if (len > m->node->size - pos)
            len = (size_t)(m->node->size - pos);
        if (len)
            memcpy(iov[i].iov_base, m->node->data + pos, len);
        pos += len;
        total += len;
    }
    if (offset < 0)
        m->pos = pos;
    m->node->atim = wr_wasi_mem_now();
    unlock(f);
    *done = total;
    return 0;
}

static uint16_t mem_write(wasi_file *f, const struct iovec *iov, size_t n, int64_t offset, size_t *done)
{
    mem_file *m = as_mem(f);
    mem_node *node = m->node;
    lock(f);
    uint64_t pos = offset >= 0 ? (uint64_t)offset : (f->fdflags & WASI_FDFLAG_APPEND) ? node->size : m->pos;
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += iov[i].iov_len;
    uint16_t err = 0;
    if (pos + total > node->size)
        err = wr_wasi_mem_resize(node, pos + total);
    if (!err) {
        for (size_t i = 0; i < n; i++) {
            if (iov[i].iov_len)
                memcpy(node->data + pos, iov[i].iov_base, iov[i].iov_len);
            pos += iov[i].iov_len;
        }
        if (offset < 0)
            m->pos = pos;
        node->mtim = node->ctim = wr_wasi_mem_now();
        *done = (size_t)total;
    }
    unlock(f);
    return err;
}

static uint16_t mem_seek(wasi_file *f, int64_t delta, int whence, uint64_t *pos)
{
    mem_file *m = as_mem(f);
    lock(f);
    int64_t base = whence == WASI_WHENCE_SET ? 0 : whence == WASI_WHENCE_CUR ? (int64_t)m->pos
                                                                          : (int64_t)m->node->size;
    uint16_t err = 0;
    /* Linux's lseek: before the start, or past the largest file the file system holds, is
     * EINVAL (a host directory on ext4 says the same of 2^62). */
    if ((delta < 0 && base + delta < 0) || (delta > 0 && delta > (int64_t)MEM_FILE_MAX - base))
        err = WASI_EINVAL;
    else
        *pos = m->pos = (uint64_t)(base + delta);
    unlock(f);
    return err;
}

static void stat_node(uint64_t dev, const mem_node *n, wasi_filestat *st)
{
    *st = (wasi_filestat){
        .dev = dev, .ino = n->ino, .filetype = n->type, .nlink = n->nlink,
        .size = n->type == WASI_FILETYPE_SYMBOLIC_LINK ? strlen(n->target)
              : n->type == WASI_FILETYPE_DIRECTORY ? n->nentries : n->size,
        .atim = n->atim, .mtim = n->mtim, .ctim = n->ctim,
    };
}

static uint16_t mem_stat(wasi_file *f, wasi_filestat *st)
{
    lock(f);
    stat_node(as_mem(f)->dev, as_mem(f)->node, st);
    unlock(f);
    return 0;
}

static uint16_t mem_set_size(wasi_file *f, uint64_t size)
{
    lock(f);
    mem_node *n = as_mem(f)->node;
    uint16_t err = wr_wasi_mem_resize(n, size);
    if (!err)
        n->mtim = n->ctim = wr_wasi_mem_now();
    unlock(f);
    return err;
}

static void set_node_times(mem_node *n, uint64_t atim, uint64_t mtim, uint16_t fst)
{
    uint64_t now = wr_wasi_mem_now();
    if (fst & WASI_FST_ATIM_NOW)
        n->atim = now;
    else if (fst & WASI_FST_ATIM)
        n->atim = atim;
    if (fst & WASI_FST_MTIM_NOW)
        n->mtim = now;
    else if (fst & WASI_FST_MTIM)
        n->mtim = mtim;
    n->ctim = now;
}

static uint16_t mem_set_times(wasi_file *f, uint64_t atim, uint64_t mtim, uint16_t fst)
{
    lock(f);
    set_node_times(as_mem(f)->node, atim, mtim, fst);
    unlock(f);
    return 0;
}

static uint16_t mem_sync(wasi_file *f, bool data_only)
{
    (void)f, (void)data_only;
    return 0;
}

static uint16_t mem_allocate(wasi_file *f, uint64_t offset, uint64_t len)
{
    if (offset > MEM_FILE_MAX || len > MEM_FILE_MAX)
        return WASI_EFBIG;
    lock(f);
    mem_node *n = as_mem(f)->node;
    uint16_t err = offset + len > n->size ? wr_wasi_mem_resize(n, offset + len) : 0;
    unlock(f);
    return err;
}

static uint16_t mem_set_flags(wasi_file *f, uint16_t fdflags)
{
    f->fdflags = fdflags;
    return 0;
}

/* Copy the directory's entries (lock held). */
static uint16_t load_listing(mem_file *m)
{
    clear_listing(m);
    const mem_node *dir = m->node;
    mem_dirent *v = wr_mem_zalloc(wr_mem_owner(m), dir->nentries ? dir->nentries : 1, sizeof *v);
    if (!v)
        return WASI_ENOMEM;
    for (size_t i = 0; i < dir->nentries; i++) {
        const mem_entry *e = &dir->entries[i];
        v[i] = (mem_dirent){wr_mem_strdup(wr_mem_owner(m), e->name), e->node->ino, e->node->type};
        if (!v[i].name) {
            m->listing = v;
            m->nlisting = i;
            clear_listing(m);
            return WASI_ENOMEM;
        }
    }
    m->listing = v;
    m->nlisting = dir->nentries;
    return 0;
}

/* Cookies: 0 ".", 1 "..", then 2 + the index of the entry in the listing (name order). */
static uint16_t mem_readdir(wasi_file *f, uint64_t cookie, wasi_dirent_fn emit, void *ctx)
{
    mem_file *m = as_mem(f);
    mem_node *dir = m->node;
    lock(f);
    uint16_t err = cookie == 0 || !m->listing ? load_listing(m) : 0;
    /* POSIX rmdir(): a removed directory loses "." and ".." too, so it lists nothing. */
    bool more = !err && dir->nlink;
    if (more && cookie == 0)
        more = emit(ctx, 1, dir->ino, WASI_FILETYPE_DIRECTORY, ".", 1);
    if (more && cookie <= 1)
        more = emit(ctx, 2, dir->parent ? dir->parent->ino : dir->ino, WASI_FILETYPE_DIRECTORY, "..", 2);
    for (uint64_t i = cookie > 2 ? cookie - 2 : 0; more && i < m->nlisting; i++) {
        const mem_dirent *e = &m->listing[i];
        more = emit(ctx, i + 3, e->ino, e->type, e->name, strlen(e->name));
    }
    unlock(f);
    return err;
}

static int mem_poll_fd(wasi_file *f)
{
    (void)f;
    return -1;
}

static uint16_t open_node(wr_memfs *fs, walk_result *r, const wasi_open_req *req, mem_node **out)
{
    mem_node *n = wr_wasi_mem_target(r);
    uint16_t oflags = req->oflags;
    if (!n) {
        if (!(oflags & WASI_OFLAG_CREAT))
            return WASI_ENOENT;
        if (r->trailing_slash || (oflags & WASI_OFLAG_DIRECTORY))
            return WASI_EISDIR;
        n = wr_wasi_mem_node_new(fs, WASI_FILETYPE_REGULAR_FILE);
        if (!n)
            return WASI_ENOMEM;
        uint16_t err = wr_wasi_mem_link(r->parent.node, r->name, n);
        wr_wasi_mem_node_release(n);
        if (err)
            return err;
        *out = n;
        return 0;
    }
    if ((oflags & WASI_OFLAG_CREAT) && (oflags & WASI_OFLAG_EXCL))
        return WASI_EEXIST;
    bool want_dir = (oflags & WASI_OFLAG_DIRECTORY) || r->trailing_slash;
    if (n->type == WASI_FILETYPE_SYMBOLIC_LINK)
        return want_dir ? WASI_ENOTDIR : WASI_ELOOP;
    if (want_dir && n->type != WASI_FILETYPE_DIRECTORY)
        return WASI_ENOTDIR;
    /* POSIX open(): a directory opened for writing, or with O_CREAT, is EISDIR. */
    if (n->type == WASI_FILETYPE_DIRECTORY && (req->write || (oflags & WASI_OFLAG_CREAT)))
        return WASI_EISDIR;
    if ((oflags & WASI_OFLAG_TRUNC) && n->type == WASI_FILETYPE_REGULAR_FILE) {
        wr_wasi_mem_resize(n, 0);
        n->mtim = n->ctim = wr_wasi_mem_now();
    }
    *out = n;
    return 0;
}

static uint16_t mem_open_at(wasi_file *dir, const char *path, const wasi_open_req *req, wasi_file **out)
{
    wr_memfs *fs = as_mem(dir)->fs;
    lock(dir);
    walk_result r;
    uint16_t err = wr_wasi_mem_lookup(as_mem(dir)->node, path, req->follow, &r);
    mem_node *n;
    if (!err) {
        err = open_node(fs, &r, req, &n);
        if (!err)
            err = mem_file_new(wr_mem_owner(dir), fs, as_mem(dir)->dev, n, req->fdflags, out);
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    unlock(dir);
    return err;
}

/* What a lookup names for stat and set_times: ENOENT when nothing, ENOTDIR when a trailing
 * slash follows a non-directory. */
static uint16_t existing_target(walk_result *r, mem_node **n)
{
    *n = wr_wasi_mem_target(r);
    if (!*n)
        return WASI_ENOENT;
    if (r->trailing_slash && (*n)->type != WASI_FILETYPE_DIRECTORY)
        return WASI_ENOTDIR;
    return 0;
}

static uint16_t mem_stat_at(wasi_file *dir, const char *path, bool follow, wasi_filestat *st)
{
    lock(dir);
    walk_result r;
    uint16_t err = wr_wasi_mem_lookup(as_mem(dir)->node, path, follow, &r);
    if (!err) {
        mem_node *n;
        err = existing_target(&r, &n);
        if (!err)
            stat_node(as_mem(dir)->dev, n, st);
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    unlock(dir);
    return err;
}

static uint16_t mem_set_times_at(wasi_file *dir, const char *path, bool follow, uint64_t atim,
                                 uint64_t mtim, uint16_t fst)
{
    lock(dir);
    walk_result r;
    uint16_t err = wr_wasi_mem_lookup(as_mem(dir)->node, path, follow, &r);
    if (!err) {
        mem_node *n;
        err = existing_target(&r, &n);
        if (!err)
            set_node_times(n, atim, mtim, fst);
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    unlock(dir);
    return err;
}

/* Create a new node at path (mkdir, symlink): EEXIST when anything is there. */
static uint16_t create_at(wasi_file *dir, const char *path, uint8_t type, const char *target)
{
    wr_memfs *fs = as_mem(dir)->fs;
    lock(dir);
    walk_result r;
    uint16_t err = wr_wasi_mem_lookup(as_mem(dir)->node, path, false, &r);
    if (!err) {
        mem_node *n = NULL;
        if (wr_wasi_mem_target(&r))
            err = WASI_EEXIST;
        else if (r.trailing_slash && type != WASI_FILETYPE_DIRECTORY)
            err = WASI_ENOENT;
        else if (!(n = wr_wasi_mem_node_new(fs, type)) ||
                 (target && !(n->target = wr_mem_strdup(wr_mem_owner(fs), target))))
            err = WASI_ENOMEM;
        else
            err = wr_wasi_mem_link(r.parent.node, r.name, n);
        if (n)
            wr_wasi_mem_node_release(n);
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    unlock(dir);
    return err;
}

static uint16_t mem_mkdir_at(wasi_file *dir, const char *path)
{
    return create_at(dir, path, WASI_FILETYPE_DIRECTORY, NULL);
}

static uint16_t mem_symlink_at(const char *target, wasi_file *dir, const char *path)
{
    return create_at(dir, path, WASI_FILETYPE_SYMBOLIC_LINK, target);
}

/* Remove an entry (rmdir or unlink). */
static uint16_t remove_at(wasi_file *dir, const char *path, bool want_dir)
{
    lock(dir);
    walk_result r;
    uint16_t err = wr_wasi_mem_lookup(as_mem(dir)->node, path, false, &r);
    if (!err) {
        mem_entry *e = strcmp(r.name, ".") == 0 ? NULL : wr_wasi_mem_find(r.parent.node, r.name);
        bool is_dir = e && e->node->type == WASI_FILETYPE_DIRECTORY;
        if (!e)
            err = strcmp(r.name, ".") == 0 ? (want_dir ? WASI_EINVAL : WASI_EISDIR) : WASI_ENOENT;
        else if (want_dir && !is_dir)
            err = WASI_ENOTDIR;
        else if (!want_dir && is_dir)
            err = WASI_EISDIR;
        else if (!want_dir && r.trailing_slash)
            err = WASI_ENOTDIR;
        else if (is_dir && e->node->nentries)
            err = WASI_ENOTEMPTY;
        else
            wr_wasi_mem_unlink(r.parent.node, e);
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    unlock(dir);
    return err;
}

static uint16_t mem_rmdir_at(wasi_file *dir, const char *path) { return remove_at(dir, path, true); }
static uint16_t mem_unlink_at(wasi_file *dir, const char *path) { return remove_at(dir, path, false); }

static uint16_t mem_readlink_at(wasi_file *dir, const char *path, char *buf, size_t cap, size_t *len)
{
    lock(dir);
    walk_result r;
    uint16_t err = wr_wasi_mem_lookup(as_mem(dir)->node, path, false, &r);
    if (!err) {
        mem_node *n = wr_wasi_mem_target(&r);
        if (!n)
            err = WASI_ENOENT;
        else if (n->type != WASI_FILETYPE_SYMBOLIC_LINK)
            err = WASI_EINVAL;
        else {
            size_t tlen = strlen(n->target);
            *len = tlen < cap ? tlen : cap;
            memcpy(buf, n->target, *len);
        }
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    unlock(dir);
    return err;
}

/* link_at and rename_at: both names looked up under the lock, then op on the two. */
static uint16_t on_two_names(wasi_file *dir, const char *path, bool follow, wasi_file *dir2,
                             const char *path2, uint16_t (*op)(walk_result *, walk_result *))
{
    if (as_mem(dir)->fs != as_mem(dir2)->fs)
        return WASI_EXDEV;
    lock(dir);
    walk_result from, to;
    uint16_t err = wr_wasi_mem_lookup(as_mem(dir)->node, path, follow, &from);
    if (!err) {
        err = wr_wasi_mem_lookup(as_mem(dir2)->node, path2, false, &to);
        if (!err) {
            err = op(&from, &to);
            wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &to);
        }
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &from);
    }
    unlock(dir);
    return err;
}

static uint16_t link_nodes(walk_result *from, walk_result *to)
{
    mem_node *n = wr_wasi_mem_target(from);
    if (!n)
        return WASI_ENOENT;
    if (n->type == WASI_FILETYPE_DIRECTORY)
        return WASI_EPERM;
    if (from->trailing_slash)
        return WASI_ENOTDIR;
    if (to->trailing_slash)
        return wr_wasi_mem_target(to) ? WASI_EEXIST : WASI_ENOENT;
    return wr_wasi_mem_link(to->parent.node, to->name, n);
}

static uint16_t mem_link_at(wasi_file *dir, const char *path, bool follow, wasi_file *dir2,
                            const char *path2)
{
    return on_two_names(dir, path, follow, dir2, path2, link_nodes);
}

static bool is_ancestor(const mem_node *maybe_ancestor, const mem_node *n)
{
    for (; n; n = n->parent)
        if (n == maybe_ancestor)
            return true;
    return false;
}

static uint16_t rename_nodes(walk_result *from, walk_result *to)
{
    if (strcmp(from->name, ".") == 0 || strcmp(to->name, ".") == 0)
        return WASI_EBUSY;
    mem_entry *src = wr_wasi_mem_find(from->parent.node, from->name);
    if (!src)
        return WASI_ENOENT;
    mem_node *n = src->node;
    bool is_dir = n->type == WASI_FILETYPE_DIRECTORY;
    if ((from->trailing_slash || to->trailing_slash) && !is_dir)
        return WASI_ENOTDIR;
    if (is_dir && is_ancestor(n, to->parent.node))
        return WASI_EINVAL;
    mem_entry *dst = wr_wasi_mem_find(to->parent.node, to->name);
    if (dst) {
        if (dst->node == n)
            return 0;
        bool dst_dir = dst->node->type == WASI_FILETYPE_DIRECTORY;
        if (is_dir && !dst_dir)
            return WASI_ENOTDIR;
        if (!is_dir && dst_dir)
            return WASI_EISDIR;
        if (dst_dir && dst->node->nentries)
            return WASI_ENOTEMPTY;
    }
    /* The new name first, so that a failure leaves everything as it was. */
    if (dst) {
        wr_wasi_mem_replace(to->parent.node, dst, n);
    } else {
        uint16_t err = wr_wasi_mem_link(to->parent.node, to->name, n);
        if (err)
            return err;
    }
    wr_wasi_mem_unlink(from->parent.node, wr_wasi_mem_find(from->parent.node, from->name));
    return 0;
}

static uint16_t mem_rename_at(wasi_file *dir, const char *path, wasi_file *dir2, const char *path2)
{
    return on_two_names(dir, path, false, dir2, path2, rename_nodes);
}

static const wasi_file_ops mem_ops = {
    .close = mem_close, .read = mem_read, .write = mem_write, .seek = mem_seek,
    .stat = mem_stat, .set_size = mem_set_size, .set_times = mem_set_times, .sync = mem_sync,
    .allocate = mem_allocate, .set_flags = mem_set_flags, .readdir = mem_readdir,
    .poll_fd = mem_poll_fd, .open_at = mem_open_at, .stat_at = mem_stat_at,
    .set_times_at = mem_set_times_at, .mkdir_at = mem_mkdir_at, .rmdir_at = mem_rmdir_at,
    .unlink_at = mem_unlink_at, .symlink_at = mem_symlink_at, .readlink_at = mem_readlink_at,
    .link_at = mem_link_at, .rename_at = mem_rename_at,
};

uint16_t wr_wasi_memfs_open_dir(const wr_allocator *a, wr_memfs *fs, const char *dir, uint64_t dev,
                                wasi_file **out)
{
    pthread_mutex_lock(&fs->lock);
    walk_result r;
    const char *rel = dir;
    while (*rel == '/')
        rel++;
    uint16_t err = wr_wasi_mem_lookup(fs->root, *rel ? rel : ".", true, &r);
    if (!err) {
        mem_node *n = wr_wasi_mem_target(&r);
        err = !n ? WASI_ENOENT : n->type != WASI_FILETYPE_DIRECTORY ? WASI_ENOTDIR
                               : mem_file_new(a, fs, dev, n, 0, out);
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&fs->lock);
    return err;
}
