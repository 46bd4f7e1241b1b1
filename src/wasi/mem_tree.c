/* The in-memory tree: nodes, sorted directory entries, the byte budget, and the
 * primitives path_walk.c resolves paths with. The memfs lock is held throughout. */
#include "wasi/mem_tree.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "wasi/abi.h"

uint64_t wr_wasi_mem_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What an entry costs the budget: the node, its name, a symlink's target. */
static uint64_t entry_cost(const char *name, const mem_node *node)
{
    return sizeof(mem_node) + sizeof(mem_entry) + strlen(name) +
           (node->target ? strlen(node->target) : 0);
}

static bool charge(wr_memfs *fs, uint64_t bytes)
{
    if (fs->limit && (bytes > fs->limit || fs->used > fs->limit - bytes))
        return false;
    fs->used += bytes;
    return true;
}

mem_node *wr_wasi_mem_node_new(wr_memfs *fs, uint8_t type)
{
    mem_node *n = wr_mem_zalloc(wr_mem_owner(fs), 1, sizeof *n);
    if (!n)
        return NULL;
    n->fs = fs;
    n->refs = 1;
    n->type = type;
    n->ino = ++fs->next_ino;
    n->atim = n->mtim = n->ctim = wr_wasi_mem_now();
    return n;
}

void wr_wasi_mem_node_retain(mem_node *n) { n->refs++; }

void wr_wasi_mem_node_release(mem_node *n)
{
    if (--n->refs)
        return;
    for (size_t i = 0; i < n->nentries; i++) {
        n->fs->used -= entry_cost(n->entries[i].name, n->entries[i].node);
        wr_mem_free(n->entries[i].name);
        wr_wasi_mem_node_release(n->entries[i].node);
    }
    wr_mem_free(n->entries);
    n->fs->used -= n->cap;
    wr_mem_free(n->data);
    wr_mem_free(n->target);
    wr_mem_free(n);
}

static size_t find_index(const mem_node *dir, const char *name, bool *found)
{
    size_t lo = 0, hi = dir->nentries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(dir->entries[mid].name, name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *found = false;
    return lo;
}

mem_entry *wr_wasi_mem_find(mem_node *dir, const char *name)
{
    bool found;
    size_t i = find_index(dir, name, &found);
    return found ? &dir->entries[i] : NULL;
}

uint16_t wr_wasi_mem_link(mem_node *dir, const char *name, mem_node *node)
{
    if (dir->nlink == 0)
        return WASI_ENOENT; /* the directory was removed (the root counts as linked once) */
    /* Names come through the walk, which checked them, or from the host API. */
    if (strlen(name) > WALK_NAME_MAX)
        return WASI_ENAMETOOLONG;
    bool found;
    size_t i = find_index(dir, name, &found);
    if (found)
        return WASI_EEXIST;
    uint64_t cost = entry_cost(name, node);
    if (!charge(dir->fs, cost))
        return WASI_ENOSPC;
    if (dir->nentries == dir->entries_cap) {
        size_t cap = dir->entries_cap ? 2 * dir->entries_cap : 8;
        mem_entry *bigger = wr_mem_realloc(wr_mem_owner(dir), dir->entries, cap, sizeof *bigger);
        if (!bigger) {
            dir->fs->used -= cost;
            return WASI_ENOMEM;
        }
        dir->entries = bigger;
        dir->entries_cap = cap;
    }
    char *copy = wr_mem_strdup(wr_mem_owner(dir), name);
    if (!copy) {
        dir->fs->used -= cost;
        return WASI_ENOMEM;
    }
    memmove(&dir->entries[i + 1], &dir->entries[i], (dir->nentries - i) * sizeof *dir->entries);
    dir->entries[i] = (mem_entry){copy, node};
    dir->nentries++;
    wr_wasi_mem_node_retain(node);
    node->nlink++;
    if (node->type == WASI_FILETYPE_DIRECTORY)
        node->parent = dir;
    dir->mtim = dir->ctim = wr_wasi_mem_now();
    return 0;
}

void wr_wasi_mem_unlink(mem_node *dir, mem_entry *e)
{
    mem_node *node = e->node;
    dir->fs->used -= entry_cost(e->name, node);
    wr_mem_free(e->name);
    size_t i = (size_t)(e - dir->entries);
    memmove(e, e + 1, (dir->nentries - i - 1) * sizeof *e);
    dir->nentries--;
    node->nlink--;
    if (node->type == WASI_FILETYPE_DIRECTORY && node->nlink == 0)
        node->parent = NULL;
    node->ctim = dir->mtim = dir->ctim = wr_wasi_mem_now();
    wr_wasi_mem_node_release(node);
}

void wr_wasi_mem_replace(mem_node *dir, mem_entry *e, mem_node *node)
{
    mem_node *old = e->node;
    dir->fs->used += entry_cost(e->name, node) - entry_cost(e->name, old);
    e->node = node;
    wr_wasi_mem_node_retain(node);
    node->nlink++;
    if (node->type == WASI_FILETYPE_DIRECTORY)
        node->parent = dir;
    old->nlink--;
    if (old->type == WASI_FILETYPE_DIRECTORY && old->nlink == 0)
        old->parent = NULL;
    node->ctim = old->ctim = dir->mtim = dir->ctim = wr_wasi_mem_now();
    wr_wasi_mem_node_release(old);
}

uint16_t wr_wasi_mem_resize(mem_node *f, uint64_t size)
{
    if (size > MEM_FILE_MAX)
        return WASI_EFBIG;
    if (size > f->cap) {
        size_t cap = f->cap ? f->cap : 64;
        while (cap < size)
            cap *= 2;
        if (cap > MEM_FILE_MAX)
            cap = MEM_FILE_MAX;
        if (!charge(f->fs, cap - f->cap))
            return WASI_ENOSPC;
        uint8_t *bigger = wr_mem_realloc(wr_mem_owner(f), f->data, cap, 1);
        if (!bigger) {
            f->fs->used -= cap - f->cap;
            return WASI_ENOSPC;
        }
        f->data = bigger;
        f->cap = cap;
    }
    if (size > f->size)
        memset(f->data + f->size, 0, size - f->size);
    f->size = size;
    return 0;
}

static uint16_t walk_child(const wr_allocator *a, walk_dir dir, const char *name, walk_dir *child,
                           char **target, bool *is_other)
{
    if (strlen(name) > WALK_NAME_MAX)
        return WASI_ENAMETOOLONG;
    mem_entry *e = wr_wasi_mem_find(dir.node, name);
    if (!e)
        return WASI_ENOENT;
    mem_node *n = e->node;
    if (n->type == WASI_FILETYPE_DIRECTORY) {
        wr_wasi_mem_node_retain(n);
        child->node = n;
    } else if (n->type == WASI_FILETYPE_SYMBOLIC_LINK) {
        *target = wr_mem_strdup(a, n->target);
        if (!*target)
            return WASI_ENOMEM;
    } else {
        *is_other = true;
    }
    return 0;
}

static uint16_t walk_retain(const wr_allocator *a, walk_dir dir, walk_dir *out)
{
    (void)a;
    wr_wasi_mem_node_retain(dir.node);
    *out = dir;
    return 0;
}

static void walk_release(const wr_allocator *a, walk_dir dir)
{
    (void)a;
    wr_wasi_mem_node_release(dir.node);
}

static long walk_read_link(const wr_allocator *a, walk_dir dir, const char *name, char *buf,
                           size_t cap)
{
    (void)a;
    mem_entry *e = wr_wasi_mem_find(dir.node, name);
    if (!e || e->node->type != WASI_FILETYPE_SYMBOLIC_LINK)
        return -1;
    size_t len = strlen(e->node->target);
    if (len > cap)
        len = cap;
    memcpy(buf, e->node->target, len);
    return (long)len;
}

const walk_ops wr_wasi_mem_walk_ops = {
    .child = walk_child, .retain = walk_retain, .release = walk_release,
    .read_link = walk_read_link,
};

uint16_t wr_wasi_mem_lookup(mem_node *dir, const char *path, bool follow, walk_result *out)
{
    return wr_wasi_walk_lookup(&wr_wasi_mem_walk_ops, wr_mem_owner(dir), (walk_dir){.node = dir},
                               path, follow, out);
}

mem_node *wr_wasi_mem_target(walk_result *r)
{
    if (strcmp(r->name, ".") == 0)
        return r->parent.node;
    mem_entry *e = wr_wasi_mem_find(r->parent.node, r->name);
    return e ? e->node : NULL;
}
