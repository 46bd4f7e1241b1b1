#define _GNU_SOURCE
#include "tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"

static bool skipped(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
           (n >= 8 && strcmp(name + n - 8, ".cleanup") == 0);
}

static char *join(const char *a, const char *b)
{
    char *s;
    return asprintf(&s, "%s/%s", a, b) < 0 ? NULL : s;
}

typedef bool (*visit_fn)(void *ctx, const char *src_path, const char *rel, const struct stat *st);

/* Call fn for every entry beneath src (parents before children). */
static bool walk(const char *src, const char *rel, visit_fn fn, void *ctx)
{
    DIR *d = opendir(src);
    if (!d)
        return false;
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(d))) {
        if (skipped(de->d_name))
            continue;
        char *path = join(src, de->d_name);
        char *sub = *rel ? join(rel, de->d_name) : strdup(de->d_name);
        struct stat st;
        ok = path && sub && lstat(path, &st) == 0 && fn(ctx, path, sub, &st);
        if (ok && S_ISDIR(st.st_mode))
            ok = walk(path, sub, fn, ctx);
        free(path);
        free(sub);
    }
    closedir(d);
    return ok;
}

static bool copy_one(void *ctx, const char *src, const char *rel, const struct stat *st)
{
    char *dst = join(ctx, rel);
    bool ok = dst != NULL;
    if (ok && S_ISDIR(st->st_mode)) {
        ok = mkdir(dst, 0755) == 0;
    } else if (ok && S_ISLNK(st->st_mode)) {
        char target[4096];
        ssize_t n = readlink(src, target, sizeof target - 1);
        ok = n >= 0;
        if (ok) {
            target[n] = 0;
            ok = symlink(target, dst) == 0;
        }
    } else if (ok) {
        uint8_t *data;
        size_t len;
        bool loaded = wr_read_file(&wr_default_allocator, src, SIZE_MAX, &data, &len) == 0;
        int fd = loaded ? open(dst, O_WRONLY | O_CREAT | O_EXCL, 0644) : -1;
        ok = fd >= 0 && write(fd, data, len) == (ssize_t)len;
        if (fd >= 0)
            close(fd);
        wr_mem_free(data);
    }
    free(dst);
    return ok;
}

bool tree_copy(const char *src, const char *dst)
{
    return walk(src, "", copy_one, (void *)dst);
}

void tree_remove(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        chmod(path, 0700);
        DIR *d = opendir(path);
        struct dirent *de;
        while (d && (de = readdir(d))) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char *sub = join(path, de->d_name);
            if (sub)
                tree_remove(sub);
            free(sub);
        }
        if (d)
            closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

static uint64_t mtime_of(const struct stat *st)
{
    return (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
}

static bool load_one(void *ctx, const char *src, const char *rel, const struct stat *st)
{
    wr_memfs *fs = ctx;
    wr_error *e = NULL;
    if (S_ISDIR(st->st_mode)) {
        e = wr_memfs_mkdir(fs, rel, mtime_of(st));
    } else if (S_ISLNK(st->st_mode)) {
        char target[4096];
        ssize_t n = readlink(src, target, sizeof target - 1);
        if (n < 0)
            return false;
        target[n] = 0;
        e = wr_memfs_symlink(fs, rel, target);
    } else {
        uint8_t *data;
        size_t len;
        if (wr_read_file(&wr_default_allocator, src, SIZE_MAX, &data, &len) != 0)
            return false;
        e = wr_memfs_write_file(fs, rel, data, len, mtime_of(st));
        wr_mem_free(data);
    }
    if (e) {
        wr_error_free(e);
        return false;
    }
    return true;
}

bool tree_load_memfs(const char *src, wr_memfs *fs)
{
    return walk(src, "", load_one, fs);
}
