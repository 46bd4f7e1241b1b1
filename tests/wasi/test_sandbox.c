/*
 * Escape attempts against the path resolver, for both resolvers (openat2 and the
 * component walk) and the in-memory file system: "..", absolute paths, symlinks out of
 * the tree (relative and absolute), symlink loops, a directory swapped for a symlink, and
 * rename/link across the boundary.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "wasi/abi.h"
#include "wasi/fs.h"
#include "wasi/host_resolve.h"
#include "wasi/state.h"

static check_counts counts;

static char base[64];

static void make_tree(void)
{
    strcpy(base, "/tmp/wr-sandbox-XXXXXX");
    if (!mkdtemp(base)) {
        perror("mkdtemp");
        exit(2);
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd %s && mkdir -p root/dir/sub outside && echo secret > outside/secret && "
             "echo inside > root/file && ln -s ../outside root/link_out && "
             "ln -s /etc root/abs_link && ln -s loop2 root/loop1 && ln -s loop1 root/loop2 && "
             "ln -s ../.. root/dir/up && ln -s dir root/inner && ln -s ../file root/dir/to_file && "
             "ln -s sub/../../.. root/dir/sneaky",
             base);
    if (system(cmd) != 0) {
        fprintf(stderr, "cannot build the test tree\n");
        exit(2);
    }
}

static int open_root(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/root", base);
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        perror(path);
        exit(2);
    }
    return fd;
}

static uint16_t lookup(int root, const char *path, bool follow, bool openat2, const char **name)
{
    host_lookup l;
    uint16_t err = wr_wasi_host_lookup_path(&wr_default_allocator, root, path, follow, openat2, &l);
    static char last[64];
    if (!err) {
        snprintf(last, sizeof last, "%s", l.name);
        wr_wasi_host_lookup_done(&l);
    }
    if (name)
        *name = last;
    return err;
}

static void resolver_cases(bool openat2)
{
    int root = open_root();
    const char *name;
    printf("resolver: %s\n", openat2 ? "openat2" : "component walk");
    CHECK_EQ(&counts, lookup(root, "../outside/secret", true, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "..", true, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "dir/../../outside", false, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "/etc/passwd", true, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "link_out/secret", true, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "link_out", true, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "link_out", false, openat2, NULL), 0);
    CHECK_EQ(&counts, lookup(root, "abs_link/passwd", false, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "abs_link", true, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "abs_link", false, openat2, &name), 0);
    CHECK_EQ(&counts, strcmp(name, "abs_link"), 0);
    CHECK_EQ(&counts, lookup(root, "loop1", true, openat2, NULL), WASI_ELOOP);
    CHECK_EQ(&counts, lookup(root, "loop1/x", false, openat2, NULL), WASI_ELOOP);
    CHECK_EQ(&counts, lookup(root, "dir/up/outside", false, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "dir/sneaky/x", false, openat2, NULL), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, lookup(root, "inner/../file", false, openat2, &name), 0);
    CHECK_EQ(&counts, strcmp(name, "file"), 0);
    CHECK_EQ(&counts, lookup(root, "dir/..", false, openat2, &name), 0);
    CHECK_EQ(&counts, strcmp(name, "."), 0);
    CHECK_EQ(&counts, lookup(root, "dir/to_file", true, openat2, &name), 0);
    CHECK_EQ(&counts, strcmp(name, "file"), 0);
    CHECK_EQ(&counts, lookup(root, "file/x", false, openat2, NULL), WASI_ENOTDIR);
    CHECK_EQ(&counts, lookup(root, "", false, openat2, NULL), WASI_ENOENT);
    close(root);
}

/* The same attempts through the file operations a guest reaches. */
static void file_cases(bool openat2)
{
    char path[128];
    snprintf(path, sizeof path, "%s/root", base);
    wasi_file *root;
    if (wr_wasi_host_dir_open(&wr_default_allocator, path, openat2, &root) != 0) {
        counts.failed++;
        return;
    }
    const wasi_file_ops *ops = root->ops;
    wasi_open_req req = {.follow = true, .read = true};
    wasi_file *f = NULL;
    CHECK_EQ(&counts, ops->open_at(root, "link_out/secret", &req, &f), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->open_at(root, "link_out", &req, &f), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->open_at(root, "abs_link", &req, &f), WASI_ENOTCAPABLE);
    req.follow = false;
    CHECK_EQ(&counts, ops->open_at(root, "abs_link", &req, &f), WASI_ELOOP);
    CHECK_EQ(&counts, ops->open_at(root, "file", &req, &f), 0);
    if (f)
        f->ops->close(f);
    wasi_filestat st;
    CHECK_EQ(&counts, ops->stat_at(root, "../outside/secret", true, &st), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->stat_at(root, "link_out", false, &st), 0);
    CHECK_EQ(&counts, st.filetype, WASI_FILETYPE_SYMBOLIC_LINK);
    CHECK_EQ(&counts, ops->mkdir_at(root, "../made"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->mkdir_at(root, "link_out/made"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->unlink_at(root, "link_out/secret"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->rename_at(root, "file", root, "../outside/stolen"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->rename_at(root, "link_out/secret", root, "stolen"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->link_at(root, "link_out/secret", false, root, "stolen"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->link_at(root, "link_out", true, root, "stolen"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->set_times_at(root, "abs_link", true, 0, 0, WASI_FST_MTIM_NOW),
             WASI_ENOTCAPABLE);
    /* A directory swapped for a symlink out between two lookups: the next lookup refuses. */
    CHECK_EQ(&counts, ops->mkdir_at(root, "swap"), 0);
    CHECK_EQ(&counts, ops->stat_at(root, "swap/.", true, &st), 0);
    CHECK_EQ(&counts, ops->rmdir_at(root, "swap"), 0);
    CHECK_EQ(&counts, ops->symlink_at("../outside", root, "swap"), 0);
    CHECK_EQ(&counts, ops->stat_at(root, "swap/secret", true, &st), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->unlink_at(root, "swap"), 0);
    struct stat host_st;
    char outside[160];
    snprintf(outside, sizeof outside, "%s/made", base);
    CHECK_EQ(&counts, stat(outside, &host_st), -1);
    snprintf(outside, sizeof outside, "%s/outside/secret", base);
    CHECK_EQ(&counts, stat(outside, &host_st), 0);
    root->ops->close(root);
}

static void memfs_cases(void)
{
    printf("memfs\n");
    wr_memfs *fs = wr_memfs_new();
    wr_error *e = wr_memfs_write_file(fs, "/outside/secret", "s", 1, 0);
    if (!e)
        e = wr_memfs_write_file(fs, "/root/file", "f", 1, 0);
    if (!e)
        e = wr_memfs_symlink(fs, "/root/link_out", "../outside");
    if (!e)
        e = wr_memfs_symlink(fs, "/root/abs_link", "/outside");
    if (!e)
        e = wr_memfs_symlink(fs, "/root/loop1", "loop2");
    if (!e)
        e = wr_memfs_symlink(fs, "/root/loop2", "loop1");
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    wasi_file *root;
    CHECK_EQ(&counts, wr_wasi_memfs_open_dir(&wr_default_allocator, fs, "/root", 1, &root), 0);
    wr_memfs_free(fs); /* the open directory keeps it */
    const wasi_file_ops *ops = root->ops;
    wasi_open_req req = {.follow = true, .read = true};
    wasi_file *f;
    wasi_filestat st;
    CHECK_EQ(&counts, ops->open_at(root, "../outside/secret", &req, &f), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->open_at(root, "link_out/secret", &req, &f), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->open_at(root, "abs_link", &req, &f), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->open_at(root, "/outside/secret", &req, &f), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->open_at(root, "loop1", &req, &f), WASI_ELOOP);
    CHECK_EQ(&counts, ops->stat_at(root, "..", true, &st), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->rename_at(root, "file", root, "../outside/stolen"), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, ops->mkdir_at(root, "d"), 0);
    CHECK_EQ(&counts, ops->rename_at(root, "d", root, "d/e"), WASI_EINVAL);
    CHECK_EQ(&counts, ops->open_at(root, "file", &req, &f), 0);
    CHECK_EQ(&counts, ops->unlink_at(root, "file"), 0);
    char buf[4] = {0};
    struct iovec iov = {buf, sizeof buf};
    size_t n = 0;
    CHECK_EQ(&counts, f->ops->read(f, &iov, 1, -1, &n), 0); /* unlinked but open: still readable */
    CHECK_EQ(&counts, n, 1);
    CHECK_EQ(&counts, buf[0], 'f');
    f->ops->close(f);
    root->ops->close(root);
}

int main(void)
{
    make_tree();
    if (wr_wasi_host_has_openat2()) {
        resolver_cases(true);
        file_cases(true);
    } else {
        printf("this kernel has no openat2: only the component walk is tested\n");
    }
    resolver_cases(false);
    file_cases(false);
    memfs_cases();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", base);
    return check_report(&counts);
}
