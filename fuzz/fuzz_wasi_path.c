/*
 * Fuzz target: WASI path resolution beneath a preopened directory. A temporary sandbox holds
 * directories, files and symlinks that lead inside, outside (relative and absolute), in
 * loops and nowhere; next to it lies a folder that must never be reached. Every input path
 * is resolved with both host resolvers (openat2 where the kernel has it, and the component
 * walk) and by the in-memory file system over a copy of the same tree: a resolved parent
 * directory must lie inside the sandbox, the last component must be a plain name, a
 * followed last component must not be a symlink, and all resolvers must agree. Then the
 * path goes through the file operations of both file systems (stat, open, open with
 * O_CREAT, readlink, mkdir): each must end the same way on both, errno included, and what a
 * creating call made is removed again on both, so the two trees stay alike.
 *
 * Input: one flags byte (bit 0: follow the last symlink), then the path (up to a NUL).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi/abi.h"
#include "wasi/fs.h"
#include "wasi/host_resolve.h"
#include "wasi/mem_tree.h"
#include "wasi/state.h"

typedef struct sandbox {
    char top[64];        /* the temporary folder: holds root/ and outside/ */
    char root[PATH_MAX]; /* the preopen, as the kernel names it */
    int root_fd;
    bool has_openat2;
    wr_memfs *memfs;     /* the same tree as root/ */
    wasi_file *dirs[2];  /* root/ as a guest sees it: the host directory, the memfs */
} sandbox;

static sandbox box = {.root_fd = -1};

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_sandbox(void)
{
    for (int i = 0; i < 2; i++)
        if (box.dirs[i])
            box.dirs[i]->ops->close(box.dirs[i]);
    wr_memfs_free(box.memfs);
    if (box.root_fd >= 0)
        close(box.root_fd);
    nftw(box.top, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void mirror_in_memfs(const char *kind, const char *rel, const char *target)
{
    static const char prefix[] = "root/";
    if (strncmp(rel, prefix, sizeof prefix - 1) != 0)
        return;
    rel += sizeof prefix - 1;
    wr_error *err = kind[0] == 'd' ? wr_memfs_mkdir(box.memfs, rel, 0)
                  : kind[0] == 'f' ? wr_memfs_write_file(box.memfs, rel, "", 0, 0)
                  : wr_memfs_symlink(box.memfs, rel, target);
    if (err) {
        fprintf(stderr, "memfs %s: %s\n", rel, wr_error_message(err));
        abort();
    }
}

static void make_at(const char *kind, const char *rel, const char *target)
{
    mirror_in_memfs(kind, rel, target);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", box.top, rel);
    int rc = 0;
    if (kind[0] == 'd') {
        rc = mkdir(path, 0700);
    } else if (kind[0] == 'f') {
        int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
        rc = fd < 0 ? -1 : close(fd);
    } else {
        rc = symlink(target, path);
    }
    if (rc != 0) {
        perror(path);
        abort();
    }
}

static void setup_sandbox(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(box.top, sizeof box.top, "%s/wr-fuzz-path-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(box.top)) {
        perror("mkdtemp");
        abort();
    }
    box.memfs = wr_memfs_new();
    if (!box.memfs)
        abort();
    static const char *const layout[][3] = {
        {"d", "outside", NULL},
        {"f", "outside/secret", NULL},
        {"d", "root", NULL},
        {"d", "root/a", NULL},
        {"d", "root/a/b", NULL},
        {"f", "root/a/b/file", NULL},
        {"f", "root/file", NULL},
        {"l", "root/up", ".."},
        {"l", "root/out", "../outside"},
        {"l", "root/a/up2", "../.."},
        {"l", "root/a/back", "../a"},
        {"l", "root/a/b/deep", "../../a/b"},
        {"l", "root/abs", "/"},
        {"l", "root/tmp", "/tmp"},
        {"l", "root/loop", "loop"},
        {"l", "root/ping", "pong"},
        {"l", "root/pong", "ping"},
        {"l", "root/dotdot", "a/../.."},
        {"l", "root/self", "."},
        {"l", "root/dangling", "nothere"},
        {"l", "root/a/tofile", "b/file"},
        {"l", "root/a/b/esc", "../../../outside/secret"},
    };
    for (size_t i = 0; i < sizeof layout / sizeof layout[0]; i++)
        make_at(layout[i][0], layout[i][1], layout[i][2]);
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s/root", box.top);
    if (!realpath(root, box.root)) {
        perror("realpath");
        abort();
    }
    box.root_fd = open(box.root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (box.root_fd < 0) {
        perror(box.root);
        abort();
    }
    box.has_openat2 = wr_wasi_host_has_openat2();
    if (wr_wasi_host_dir_open(&wr_default_allocator, box.root, box.has_openat2, &box.dirs[0]) ||
        wr_wasi_memfs_open_dir(&wr_default_allocator, box.memfs, "/", 1, &box.dirs[1])) {
        fprintf(stderr, "cannot open the sandbox as guest directories\n");
        abort();
    }
    atexit(remove_sandbox);
}

/* Where an fd points, as the kernel names it. */
static bool fd_path(int fd, char *out, size_t cap)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, cap - 1);
    if (n < 0)
        return false;
    out[n] = 0;
    return true;
}

static bool inside_root(const char *path)
{
    size_t n = strlen(box.root);
    return strncmp(path, box.root, n) == 0 && (path[n] == 0 || path[n] == '/');
}

typedef struct resolved {
    uint16_t err;
    char parent[2 * PATH_MAX]; /* the root and a path beneath it */
    char name[PATH_MAX];
    bool trailing_slash;
} resolved;

static void resolve(const char *path, bool follow, bool use_openat2, resolved *out)
{
    host_lookup l;
    out->err = wr_wasi_host_lookup_path(&wr_default_allocator, box.root_fd, path, follow,
                                        use_openat2, &l);
    if (out->err)
        return;
    if (!fd_path(l.parent_fd, out->parent, sizeof out->parent) || !inside_root(out->parent)) {
        fprintf(stderr, "path \"%s\" resolved outside the sandbox: %s\n", path, out->parent);
        abort();
    }
    if (strchr(l.name, '/') || strcmp(l.name, "..") == 0) {
        fprintf(stderr, "path \"%s\" left the component \"%s\"\n", path, l.name);
        abort();
    }
    struct stat st;
    if (follow && fstatat(l.parent_fd, l.name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode)) {
        fprintf(stderr, "path \"%s\" ends in the unfollowed symlink \"%s\"\n", path, l.name);
        abort();
    }
    snprintf(out->name, sizeof out->name, "%s", l.name);
    out->trailing_slash = l.trailing_slash;
    wr_wasi_host_lookup_done(&l);
}

/* A memfs directory's path from the root: "" for the root, else "/a/b" (the lock held). */
static bool mem_path(const mem_node *node, char *out, size_t cap)
{
    if (node == box.memfs->root) {
        out[0] = 0;
        return true;
    }
    const mem_node *parent = node->parent;
    if (!parent || !mem_path(parent, out, cap))
        return false;
    for (size_t i = 0; i < parent->nentries; i++) {
        if (parent->entries[i].node == node) {
            size_t used = strlen(out);
            snprintf(out + used, cap - used, "/%s", parent->entries[i].name);
            return true;
        }
    }
    return false;
}

static void resolve_memfs(const char *path, bool follow, resolved *out)
{
    pthread_mutex_lock(&box.memfs->lock);
    walk_result r;
    out->err = wr_wasi_mem_lookup(box.memfs->root, path, follow, &r);
    if (!out->err) {
        char rel[PATH_MAX];
        if (!mem_path(r.parent.node, rel, sizeof rel)) {
            fprintf(stderr, "path \"%s\" resolved to a memfs directory off the tree\n", path);
            abort();
        }
        snprintf(out->parent, sizeof out->parent, "%s%s", box.root, rel);
        snprintf(out->name, sizeof out->name, "%s", r.name);
        out->trailing_slash = r.trailing_slash;
        wr_wasi_walk_done(&wr_wasi_mem_walk_ops, NULL, &r);
    }
    pthread_mutex_unlock(&box.memfs->lock);
}

/* Whether two resolvers gave the same answer. One difference is known and harmless (no
 * escape either way): after many symlinks, an escaping one is ELOOP to openat2 but
 * ENOTCAPABLE to the component walk (pending/wasi_path/openat2-eloop-vs-walk-enotcapable). */
static void compare(const char *path, const char *what, const resolved *a, const resolved *b)
{
    if (a->err == WASI_ENOTCAPABLE && b->err == WASI_ELOOP)
        return;
    if (a->err == b->err &&
        (a->err || (strcmp(a->parent, b->parent) == 0 && strcmp(a->name, b->name) == 0 &&
                    a->trailing_slash == b->trailing_slash)))
        return;
    fprintf(stderr, "%s disagree on \"%s\": %u %s / %s versus %u %s / %s\n", what, path,
            a->err, a->err ? "-" : a->parent, a->err ? "-" : a->name, b->err,
            b->err ? "-" : b->parent, b->err ? "-" : b->name);
    abort();
}

/* ---------------------------------------------------------------- file operations */

/* How one operation ended on one file system. */
typedef struct outcome {
    uint16_t err;
    uint8_t filetype;   /* stat, open: what was found */
    char text[PATH_MAX]; /* readlink: the target */
} outcome;

/* The tolerated resolver difference of compare() (pending/wasi_path), for host and memfs. */
static bool same_end(const outcome *host, const outcome *mem)
{
    if (host->err == WASI_ENOTCAPABLE && mem->err == WASI_ELOOP)
        return true;
    return host->err == mem->err &&
           (host->err || (host->filetype == mem->filetype && strcmp(host->text, mem->text) == 0));
}

static void compare_op(const char *path, const char *op, const outcome o[2])
{
    if (same_end(&o[0], &o[1]))
        return;
    fprintf(stderr, "%s of \"%s\": the host says %u (type %u), the memfs %u (type %u)\n", op,
            path, o[0].err, o[0].filetype, o[1].err, o[1].filetype);
    abort();
}

static void stat_op(wasi_file *dir, const char *path, bool follow, outcome *o)
{
    wasi_filestat st;
    o->err = dir->ops->stat_at(dir, path, follow, &st);
    o->filetype = o->err ? 0 : st.filetype;
}

/* Open for reading (with oflags); a file that O_CREAT made is removed again. */
static void open_op(wasi_file *dir, const char *path, bool follow, uint16_t oflags, outcome *o)
{
    outcome before;
    stat_op(dir, path, false, &before);
    wasi_open_req req = {.follow = follow, .oflags = oflags, .read = true};
    wasi_file *f;
    o->err = dir->ops->open_at(dir, path, &req, &f);
    if (o->err)
        return;
    o->filetype = f->filetype;
    f->ops->close(f);
    if (before.err == WASI_ENOENT && dir->ops->unlink_at(dir, path)) {
        fprintf(stderr, "cannot remove \"%s\" after creating it\n", path);
        abort();
    }
}

static void readlink_op(wasi_file *dir, const char *path, outcome *o)
{
    size_t len = 0;
    o->err = dir->ops->readlink_at(dir, path, o->text, sizeof o->text - 1, &len);
    o->text[o->err ? 0 : len] = 0;
}

/* mkdir, and rmdir of what it made. */
static void mkdir_op(wasi_file *dir, const char *path, outcome *o)
{
    o->err = dir->ops->mkdir_at(dir, path);
    if (!o->err && dir->ops->rmdir_at(dir, path)) {
        fprintf(stderr, "cannot remove the directory \"%s\" made\n", path);
        abort();
    }
}

static void compare_ops(const char *path, bool follow)
{
    static outcome o[2]; /* large; kept off the stack */
    for (int i = 0; i < 2; i++) {
        memset(&o[i], 0, sizeof o[i]);
        stat_op(box.dirs[i], path, follow, &o[i]);
    }
    compare_op(path, "stat", o);
    for (int i = 0; i < 2; i++) {
        memset(&o[i], 0, sizeof o[i]);
        open_op(box.dirs[i], path, follow, 0, &o[i]);
    }
    compare_op(path, "open", o);
    for (int i = 0; i < 2; i++) {
        memset(&o[i], 0, sizeof o[i]);
        readlink_op(box.dirs[i], path, &o[i]);
    }
    compare_op(path, "readlink", o);
    /* Creating through a followed symlink would make its target, which the removal by the
     * same path would not take away again. */
    if (follow)
        return;
    for (int i = 0; i < 2; i++) {
        memset(&o[i], 0, sizeof o[i]);
        open_op(box.dirs[i], path, false, WASI_OFLAG_CREAT, &o[i]);
    }
    compare_op(path, "open with O_CREAT", o);
    for (int i = 0; i < 2; i++) {
        memset(&o[i], 0, sizeof o[i]);
        mkdir_op(box.dirs[i], path, &o[i]);
    }
    compare_op(path, "mkdir", o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (box.root_fd < 0)
        setup_sandbox();
    if (size < 1 || size > 4096)
        return 0;
    bool follow = data[0] & 1;
    char *path = strndup((const char *)data + 1, size - 1);
    if (!path)
        return 0;
    static resolved walked, kernel, memory; /* large; kept off the stack */
    resolve(path, follow, false, &walked);
    if (box.has_openat2) {
        resolve(path, follow, true, &kernel);
        compare(path, "the component walk and openat2", &walked, &kernel);
    }
    resolve_memfs(path, follow, &memory);
    compare(path, "the host and the memfs", &walked, &memory);
    if (!memchr(data + 1, 0, size - 1)) /* the WASI layer refuses a path holding a NUL */
        compare_ops(path, follow);
    free(path);
    return 0;
}
