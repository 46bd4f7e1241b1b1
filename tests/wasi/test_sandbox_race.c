/*
 * A directory inside the preopen is swapped for a symlink out of it (relative and
 * absolute) and back, in a tight loop on one thread, while another thread opens, creates
 * and stats paths through it with each resolver. Nothing outside may ever be read or
 * created: every file opened is read back and the outside directory is listed at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "wasi/abi.h"
#include "wasi/fs.h"

static check_counts counts;

enum { RUN_MS_PER_RESOLVER = 900 };

typedef struct race {
    char base[64];
    atomic_bool stop;
    long swaps;
} race;

static void must(bool ok, const char *what)
{
    if (!ok) {
        perror(what);
        exit(2);
    }
}

static void path_in(const race *r, const char *rel, char *out, size_t cap)
{
    snprintf(out, cap, "%s/%s", r->base, rel);
}

static void make_tree(race *r)
{
    strcpy(r->base, "/tmp/wr-race-XXXXXX");
    must(mkdtemp(r->base) != NULL, "mkdtemp");
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "cd %s && mkdir -p root/d/sub outside/sub && echo inside > root/d/file && "
             "echo inside > root/d/sub/file && echo SECRET-OUTSIDE > outside/file && "
             "echo SECRET-OUTSIDE > outside/sub/file && ln -s ../outside root/rel_out && "
             "ln -s %s/outside root/abs_out",
             r->base, r->base);
    must(system(cmd) == 0, "building the race tree");
}

/* Swap root/d with each symlink in turn: d -> kept, link -> d, d -> link, kept -> d. */
static void *swapper(void *arg)
{
    race *r = arg;
    char d[128], kept[128], links[2][128];
    path_in(r, "root/d", d, sizeof d);
    path_in(r, "root/kept", kept, sizeof kept);
    path_in(r, "root/rel_out", links[0], sizeof links[0]);
    path_in(r, "root/abs_out", links[1], sizeof links[1]);
    for (long i = 0; !atomic_load(&r->stop); i++) {
        const char *link = links[i & 1];
        if (rename(d, kept) || rename(link, d) || rename(d, link) || rename(kept, d)) {
            perror("swap");
            atomic_store(&r->stop, true);
        }
        r->swaps++;
    }
    return NULL;
}

/* What an opened file holds: 1 inside, -1 the secret, 0 anything else. */
static int content_of(wasi_file *f)
{
    char buf[16] = {0};
    struct iovec iov = {buf, sizeof buf - 1};
    size_t n = 0;
    if (f->ops->read(f, &iov, 1, 0, &n))
        return 0;
    return strncmp(buf, "inside", 6) == 0 ? 1 : strncmp(buf, "SECRET", 6) == 0 ? -1 : 0;
}

typedef struct tally {
    long opened, refused, escapes;
} tally;

static void try_read(wasi_file *root, const char *path, bool follow, tally *t)
{
    wasi_open_req req = {.follow = follow, .read = true};
    wasi_file *f;
    if (root->ops->open_at(root, path, &req, &f)) {
        t->refused++;
        return;
    }
    int c = content_of(f);
    t->opened++;
    t->escapes += c < 0;
    f->ops->close(f);
}

static void try_create(wasi_file *root, tally *t)
{
    wasi_open_req req = {.follow = true, .oflags = WASI_OFLAG_CREAT, .read = true, .write = true};
    wasi_file *f;
    if (root->ops->open_at(root, "d/new", &req, &f)) {
        t->refused++;
        return;
    }
    t->opened++;
    f->ops->close(f);
    root->ops->unlink_at(root, "d/new");
}

static void run(race *r, bool openat2)
{
    printf("resolver %s:", openat2 ? "openat2" : "component walk");
    char root_path[128];
    path_in(r, "root", root_path, sizeof root_path);
    wasi_file *root;
    if (wr_wasi_host_dir_open(&wr_default_allocator, root_path, openat2, &root) != 0) {
        counts.failed++;
        return;
    }
    atomic_store(&r->stop, false);
    r->swaps = 0;
    pthread_t t;
    must(pthread_create(&t, NULL, swapper, r) == 0, "pthread_create");
    tally tl = {0};
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    wasi_filestat st;
    do {
        try_read(root, "d/file", true, &tl);
        try_read(root, "d/sub/file", false, &tl);
        try_read(root, "d/sub/../file", true, &tl);
        try_read(root, "d/./sub/./file", true, &tl);
        try_create(root, &tl);
        if (root->ops->stat_at(root, "d/sub/file", true, &st) == 0 && st.size != strlen("inside\n"))
            tl.escapes++;
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 <
             RUN_MS_PER_RESOLVER);
    atomic_store(&r->stop, true);
    pthread_join(t, NULL);
    root->ops->close(root);
    printf(" %ld swaps, %ld opened, %ld refused, %ld escapes\n", r->swaps, tl.opened, tl.refused,
           tl.escapes);
    CHECK_EQ(&counts, tl.escapes, 0);
    CHECK_EQ(&counts, tl.opened > 0, 1);
    CHECK_EQ(&counts, r->swaps > 0, 1);
}

/* Exactly "file" and "sub" outside: nothing was created there. */
static void check_outside(const race *r)
{
    char path[128];
    path_in(r, "outside", path, sizeof path);
    DIR *d = opendir(path);
    int entries = 0, unexpected = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        entries++;
        unexpected += strcmp(de->d_name, "file") && strcmp(de->d_name, "sub");
    }
    if (d)
        closedir(d);
    CHECK_EQ(&counts, entries, 2);
    CHECK_EQ(&counts, unexpected, 0);
}

int main(void)
{
    static race r;
    make_tree(&r);
    if (wr_wasi_host_has_openat2())
        run(&r, true);
    else
        printf("this kernel has no openat2: only the component walk is tested\n");
    run(&r, false);
    check_outside(&r);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", r.base);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", r.base);
    return check_report(&counts);
}
