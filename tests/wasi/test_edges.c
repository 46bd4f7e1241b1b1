/*
 * Corners the wasi-testsuite leaves out, on a host directory and on a memfs alike:
 * fd_readdir cookies while the directory changes under the listing, path_open flag
 * combinations on directories, poll_oneoff with several subscriptions and clocks that
 * have already expired, the errno of each failing path operation (the same from both file
 * systems), and fd_renumber over preopens.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "util/error.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"
#include "wasi/state.h"

static check_counts counts;

enum { MEM_SIZE = 65536, NFILES = 40 };
static uint8_t mem[MEM_SIZE];
static guest_mem gm = {mem, sizeof mem};

static uint16_t call(wr_wasi *w, const char *name, const uint64_t *args)
{
    for (size_t i = 0; i < wr_wasi_import_count; i++)
        if (strcmp(wr_wasi_imports[i].name, name) == 0)
            return wr_wasi_imports[i].fn(w, &gm, args);
    printf("no WASI function %s\n", name);
    return 0xFFFE;
}
#define CALL(w, name, ...) call(w, name, (const uint64_t[]){__VA_ARGS__})

enum { PATH_AT = 100, RESULT_AT = 200, BUF_AT = 1024 };

/* Put a path in guest memory; returns its length. */
static uint64_t path(const char *s)
{
    memcpy(mem + PATH_AT, s, strlen(s));
    return strlen(s);
}

static const uint64_t ALL_RIGHTS = (uint64_t)-1 >> (64 - WASI_RIGHT_COUNT);

/* Page through "many" with a small buffer, unlinking every file as soon as it is seen:
 * each entry must come exactly once, whatever the removals do to the directory. */
static void readdir_while_unlinking(wr_wasi *w, uint32_t dirfd, const char *label)
{
    printf("%s: fd_readdir while unlinking\n", label);
    uint64_t len = path("many");
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, len, WASI_OFLAG_DIRECTORY,
                           WASI_R(FD_READDIR), 0, 0, RESULT_AT), 0);
    uint32_t fd = get_u32(mem + RESULT_AT);
    int seen[NFILES] = {0}, dots = 0, pages = 0, bad = 0;
    uint64_t cookie = 0;
    for (bool more = true; more && pages < 1000; pages++) {
        enum { PAGE = 100 };
        uint16_t err = CALL(w, "fd_readdir", fd, BUF_AT, PAGE, cookie, RESULT_AT);
        if (err) {
            bad++;
            break;
        }
        uint32_t used = get_u32(mem + RESULT_AT), off = 0;
        more = used == PAGE;
        while (off + DIRENT_SIZE <= used) {
            const uint8_t *d = mem + BUF_AT + off;
            uint32_t namlen = get_u32(d + DIRENT_NAMLEN);
            if (off + DIRENT_SIZE + namlen > used)
                break; /* cut short: read again from the last whole entry */
            char name[64] = {0};
            memcpy(name, d + DIRENT_SIZE, namlen < sizeof name - 1 ? namlen : sizeof name - 1);
            cookie = get_u64(d + DIRENT_NEXT);
            off += DIRENT_SIZE + namlen;
            int n;
            if (!strcmp(name, ".") || !strcmp(name, "..")) {
                dots++;
            } else if (sscanf(name, "f%d", &n) == 1 && n >= 0 && n < NFILES) {
                seen[n]++;
                char victim[32];
                snprintf(victim, sizeof victim, "many/%s", name);
                bad += CALL(w, "path_unlink_file", dirfd, PATH_AT, path(victim)) != 0;
            } else {
                bad++;
            }
        }
    }
    int once = 0;
    for (int i = 0; i < NFILES; i++)
        once += seen[i] == 1;
    CHECK_EQ(&counts, once, NFILES);
    CHECK_EQ(&counts, dots, 2);
    CHECK_EQ(&counts, bad, 0);
    CHECK_EQ(&counts, pages > 2, 1);
    CHECK_EQ(&counts, CALL(w, "fd_close", fd), 0);
    CHECK_EQ(&counts, CALL(w, "path_remove_directory", dirfd, PATH_AT, path("many")), 0);
}

static void open_flags(wr_wasi *w, uint32_t dirfd, const char *label)
{
    printf("%s: path_open flag combinations\n", label);
    const uint64_t dir = WASI_OFLAG_DIRECTORY, creat = WASI_OFLAG_CREAT, trunc = WASI_OFLAG_TRUNC;
    const uint64_t read = WASI_R(FD_READ) | WASI_R(FD_READDIR);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"), dir | creat, read, 0, 0,
                           RESULT_AT), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("absent"), dir | creat, read, 0,
                           0, RESULT_AT), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, "path_filestat_get", dirfd, 0, PATH_AT, path("absent"), RESULT_AT),
             WASI_ENOENT);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"), dir | trunc, read, 0, 0,
                           RESULT_AT), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"), dir | WASI_OFLAG_EXCL,
                           read, 0, 0, RESULT_AT), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"), trunc, read, 0, 0,
                           RESULT_AT), WASI_EISDIR);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("file"), dir, read, 0, 0,
                           RESULT_AT), WASI_ENOTDIR);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"),
                           creat | WASI_OFLAG_EXCL, read, 0, 0, RESULT_AT), WASI_EEXIST);
    /* Write rights on a directory are refused, as a directory or not (wasi-testsuite's
     * path_open_preopen); read rights are fine. */
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"), 0, ALL_RIGHTS, 0, 0,
                           RESULT_AT), WASI_EISDIR);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"), dir, ALL_RIGHTS, 0, 0,
                           RESULT_AT), WASI_EISDIR);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("sub"), dir, read, 0, 0,
                           RESULT_AT), 0);
    uint32_t fd = get_u32(mem + RESULT_AT);
    CHECK_EQ(&counts, CALL(w, "fd_fdstat_get", fd, RESULT_AT), 0);
    CHECK_EQ(&counts, mem[RESULT_AT + FDSTAT_FILETYPE], WASI_FILETYPE_DIRECTORY);
    CHECK_EQ(&counts, get_u64(mem + RESULT_AT + FDSTAT_RIGHTS_BASE), WASI_R(FD_READDIR));
    CHECK_EQ(&counts, CALL(w, "fd_close", fd), 0);
}

static void put_clock(uint8_t *p, uint64_t userdata, uint32_t clock, uint64_t timeout, uint16_t flags)
{
    memset(p, 0, SUBSCRIPTION_SIZE);
    put_u64(p + SUB_USERDATA, userdata);
    p[SUB_TAG] = WASI_EVENTTYPE_CLOCK;
    put_u32(p + SUB_CLOCK_ID, clock);
    put_u64(p + SUB_CLOCK_TIMEOUT, timeout);
    put_u16(p + SUB_CLOCK_FLAGS, flags);
}

static void put_fd(uint8_t *p, uint64_t userdata, uint8_t type, uint32_t fd)
{
    memset(p, 0, SUBSCRIPTION_SIZE);
    put_u64(p + SUB_USERDATA, userdata);
    p[SUB_TAG] = type;
    put_u32(p + SUB_FD, fd);
}

/* Expired clocks, a far one, a ready file and a bad fd: everything but the far clock comes
 * back at once, in subscription order. */
static void poll_many(wr_wasi *w, uint32_t dirfd, const char *label)
{
    printf("%s: poll_oneoff with several subscriptions\n", label);
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path("file"), 0, WASI_R(FD_READ) |
                           WASI_R(POLL_FD_READWRITE), 0, 0, RESULT_AT), 0);
    uint32_t fd = get_u32(mem + RESULT_AT);
    enum { SUBS_AT = 2048, EVENTS_AT = 4096, NSUBS = 6 };
    uint8_t *s = mem + SUBS_AT;
    put_clock(s, 1, WR_WASI_CLOCK_MONOTONIC, 0, 0);
    put_clock(s + 1 * SUBSCRIPTION_SIZE, 2, WR_WASI_CLOCK_MONOTONIC, 10ull * 1000000000, 0);
    put_fd(s + 2 * SUBSCRIPTION_SIZE, 3, WASI_EVENTTYPE_FD_READ, fd);
    put_clock(s + 3 * SUBSCRIPTION_SIZE, 4, WR_WASI_CLOCK_REALTIME, 1, WASI_SUBCLOCK_ABSTIME);
    put_fd(s + 4 * SUBSCRIPTION_SIZE, 5, WASI_EVENTTYPE_FD_WRITE, 99);
    put_clock(s + 5 * SUBSCRIPTION_SIZE, 6, 77, 0, 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK_EQ(&counts, CALL(w, "poll_oneoff", SUBS_AT, EVENTS_AT, NSUBS, RESULT_AT), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CHECK_EQ(&counts, t1.tv_sec - t0.tv_sec < 5, 1);
    CHECK_EQ(&counts, get_u32(mem + RESULT_AT), 5);
    static const uint64_t want_userdata[] = {1, 3, 4, 5, 6};
    static const uint16_t want_error[] = {0, 0, 0, WASI_EBADF, WASI_EINVAL};
    for (int i = 0; i < 5; i++) {
        const uint8_t *e = mem + EVENTS_AT + i * EVENT_SIZE;
        CHECK_EQ(&counts, get_u64(e + EVENT_USERDATA), want_userdata[i]);
        CHECK_EQ(&counts, get_u16(e + EVENT_ERROR), want_error[i]);
    }
    CHECK_EQ(&counts, get_u64(mem + EVENTS_AT + EVENT_SIZE + EVENT_NBYTES), 3);
    CHECK_EQ(&counts, CALL(w, "fd_close", fd), 0);
}

static uint64_t path2(const char *s)
{
    memcpy(mem + PATH_AT + 100, s, strlen(s));
    return strlen(s);
}

/* The same errno from both file systems, and the expected one. */
#define BOTH(want, name, ...)                                                                \
    do {                                                                                     \
        for (uint32_t dirfd = 3; dirfd <= 4; dirfd++)                                        \
            CHECK_EQ(&counts, CALL(w, name, __VA_ARGS__), want);                             \
    } while (0)

static void same_errors(wr_wasi *w)
{
    printf("the same errno on both file systems\n");
    enum { P2 = PATH_AT + 100, OUT = 600 };
    BOTH(WASI_EEXIST, "path_create_directory", dirfd, PATH_AT, path("sub"));
    BOTH(WASI_EEXIST, "path_create_directory", dirfd, PATH_AT, path("file"));
    BOTH(WASI_EEXIST, "path_create_directory", dirfd, PATH_AT, path("dangling"));
    BOTH(WASI_ENOTEMPTY, "path_remove_directory", dirfd, PATH_AT, path("full"));
    BOTH(WASI_ENOTDIR, "path_remove_directory", dirfd, PATH_AT, path("file"));
    BOTH(WASI_ENOTDIR, "path_remove_directory", dirfd, PATH_AT, path("link"));
    BOTH(WASI_EINVAL, "path_remove_directory", dirfd, PATH_AT, path("."));
    BOTH(WASI_EISDIR, "path_unlink_file", dirfd, PATH_AT, path("sub"));
    BOTH(WASI_EISDIR, "path_unlink_file", dirfd, PATH_AT, path("sub/"));
    BOTH(WASI_ENOTDIR, "path_unlink_file", dirfd, PATH_AT, path("file/"));
    BOTH(WASI_EINVAL, "path_readlink", dirfd, PATH_AT, path("file"), OUT, 64, OUT + 100);
    BOTH(0, "path_readlink", dirfd, PATH_AT, path("link"), OUT, 0, OUT + 100);
    CHECK_EQ(&counts, get_u32(mem + OUT + 100), 0);
    BOTH(0, "path_readlink", dirfd, PATH_AT, path("dangling"), OUT, 3, OUT + 100);
    CHECK_EQ(&counts, get_u32(mem + OUT + 100), 3);
    BOTH(WASI_EEXIST, "path_symlink", P2, path2("x"), dirfd, PATH_AT, path("dangling"));
    BOTH(WASI_EPERM, "path_link", dirfd, 0, PATH_AT, path("sub"), dirfd, P2, path2("sub2"));
    BOTH(WASI_EEXIST, "path_link", dirfd, 0, PATH_AT, path("file"), dirfd, P2, path2("sub"));
    BOTH(WASI_ENOTDIR, "path_rename", dirfd, PATH_AT, path("sub"), dirfd, P2, path2("file"));
    BOTH(WASI_EISDIR, "path_rename", dirfd, PATH_AT, path("file"), dirfd, P2, path2("sub"));
    BOTH(WASI_EINVAL, "path_rename", dirfd, PATH_AT, path("sub"), dirfd, P2, path2("sub/in"));
    BOTH(WASI_ENOTEMPTY, "path_rename", dirfd, PATH_AT, path("sub"), dirfd, P2, path2("full"));
    BOTH(0, "path_rename", dirfd, PATH_AT, path("file"), dirfd, P2, path2("file"));
    BOTH(WASI_ENOTDIR, "path_filestat_get", dirfd, 0, PATH_AT, path("file/"), OUT);
    BOTH(WASI_ENOENT, "path_filestat_get", dirfd, WASI_LOOKUP_SYMLINK_FOLLOW, PATH_AT,
         path("dangling"), OUT);
    BOTH(0, "path_filestat_get", dirfd, 0, PATH_AT, path("dangling"), OUT);
    BOTH(WASI_ELOOP, "path_open", dirfd, 0, PATH_AT, path("link"), 0, WASI_R(FD_READ), 0, 0, OUT);
    BOTH(WASI_ENOTDIR, "path_open", dirfd, WASI_LOOKUP_SYMLINK_FOLLOW, PATH_AT, path("link/"), 0,
         WASI_R(FD_READ), 0, 0, OUT);
    BOTH(WASI_ENOENT, "path_open", dirfd, 0, PATH_AT, 0, 0, WASI_R(FD_READ), 0, 0, OUT);
    BOTH(WASI_EINVAL, "path_filestat_set_times", dirfd, 0, PATH_AT, path("file"), 0, 0,
         WASI_FST_ATIM | WASI_FST_ATIM_NOW);
    /* POSIX open(): O_CREAT names a directory ("newf/", "sub") is EISDIR, a non-directory
     * with a trailing slash ENOTDIR. */
    BOTH(WASI_EISDIR, "path_open", dirfd, 0, PATH_AT, path("newf/"), WASI_OFLAG_CREAT,
         WASI_R(FD_READ), 0, 0, OUT);
    BOTH(WASI_EISDIR, "path_open", dirfd, 0, PATH_AT, path("sub"), WASI_OFLAG_CREAT,
         WASI_R(FD_READ), 0, 0, OUT);
    BOTH(WASI_ENOTDIR, "path_open", dirfd, 0, PATH_AT, path("file/"), WASI_OFLAG_CREAT,
         WASI_R(FD_READ), 0, 0, OUT);
    BOTH(WASI_ENOENT, "path_filestat_get", dirfd, 0, PATH_AT, path("newf"), OUT);
    /* POSIX symlink(): an empty target is ENOENT. */
    BOTH(WASI_ENOENT, "path_symlink", P2, 0, dirfd, PATH_AT, path("empty"));
    BOTH(WASI_ENOENT, "path_filestat_get", dirfd, 0, PATH_AT, path("empty"), OUT);
}

/* An open fd on one file system: dirfd's `name` with `rights`. */
static uint32_t open_at(wr_wasi *w, uint32_t dirfd, const char *name, uint64_t oflags,
                        uint64_t rights)
{
    CHECK_EQ(&counts, CALL(w, "path_open", dirfd, 0, PATH_AT, path(name), oflags, rights, 0, 0,
                           RESULT_AT), 0);
    return get_u32(mem + RESULT_AT);
}

/* Corners that need an open fd, the same on both file systems. */
static void same_errors_on_fds(wr_wasi *w, uint32_t dirfd, const char *label)
{
    printf("%s: offsets and a removed directory\n", label);
    enum { IOV = 600, BYTE = 700 };
    uint32_t fd = open_at(w, dirfd, "big", WASI_OFLAG_CREAT,
                          WASI_R(FD_SEEK) | WASI_R(FD_WRITE) | WASI_R(FD_READ));
    /* Beyond the largest file the file system holds: EINVAL, as Linux's lseek says. */
    CHECK_EQ(&counts, CALL(w, "fd_seek", fd, (uint64_t)1 << 62, WASI_WHENCE_SET, RESULT_AT),
             WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, "fd_seek", fd, 5, WASI_WHENCE_SET, RESULT_AT), 0);
    CHECK_EQ(&counts, get_u64(mem + RESULT_AT), 5);
    /* POSIX pwrite(): past the largest offset a file can have is EFBIG. */
    mem[BYTE] = 'x';
    put_u32(mem + IOV, BYTE);
    put_u32(mem + IOV + 4, 1);
    CHECK_EQ(&counts, CALL(w, "fd_pwrite", fd, IOV, 1, INT64_MAX, RESULT_AT), WASI_EFBIG);
    CHECK_EQ(&counts, CALL(w, "fd_pwrite", fd, IOV, 1, 0, RESULT_AT), 0);
    CHECK_EQ(&counts, get_u32(mem + RESULT_AT), 1);
    CHECK_EQ(&counts, CALL(w, "fd_close", fd), 0);
    CHECK_EQ(&counts, CALL(w, "path_unlink_file", dirfd, PATH_AT, path("big")), 0);

    /* POSIX rmdir(): "." and ".." of an open directory go with it, so it lists nothing. */
    CHECK_EQ(&counts, CALL(w, "path_create_directory", dirfd, PATH_AT, path("gone")), 0);
    fd = open_at(w, dirfd, "gone", WASI_OFLAG_DIRECTORY, WASI_R(FD_READDIR));
    CHECK_EQ(&counts, CALL(w, "path_remove_directory", dirfd, PATH_AT, path("gone")), 0);
    put_u32(mem + RESULT_AT, 99);
    CHECK_EQ(&counts, CALL(w, "fd_readdir", fd, BUF_AT, 256, 0, RESULT_AT), 0);
    CHECK_EQ(&counts, get_u32(mem + RESULT_AT), 0);
    CHECK_EQ(&counts, CALL(w, "fd_close", fd), 0);
}

/* The device number of memfs files: one per file system, the same in every instance, and
 * nothing taken from the host (the memfs object's address once was). */
static uint64_t memfs_dev(const wr_wasi_config *cfg)
{
    wr_wasi *w = NULL;
    wr_error *e = wr_wasi_new(NULL, cfg, &w);
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    uint64_t dev[2] = {0, 1};
    for (int i = 0; w && i < 2; i++) {
        CHECK_EQ(&counts, CALL(w, "path_filestat_get", 3, 0, PATH_AT, path(i ? "sub" : "file"),
                               RESULT_AT), 0);
        dev[i] = get_u64(mem + RESULT_AT + FILESTAT_DEV);
    }
    CHECK_EQ(&counts, dev[0], dev[1]);
    wr_wasi_free(w);
    return dev[0];
}

static void memfs_device(const wr_wasi_config *cfg, const wr_memfs *fs)
{
    printf("memfs device numbers\n");
    uint64_t dev = memfs_dev(cfg);
    CHECK_EQ(&counts, dev == (uint64_t)(uintptr_t)fs, 0);
    CHECK_EQ(&counts, memfs_dev(cfg), dev);
}

/* Preopen 3 renumbered over stdin and back out; the freed number is reused. */
static void renumber(wr_wasi *w)
{
    printf("fd_renumber over preopens\n");
    CHECK_EQ(&counts, CALL(w, "fd_renumber", 3, 0), 0);
    CHECK_EQ(&counts, CALL(w, "fd_prestat_get", 0, RESULT_AT), 0);
    CHECK_EQ(&counts, get_u32(mem + RESULT_AT + PRESTAT_NAME_LEN), 2);
    CHECK_EQ(&counts, CALL(w, "fd_prestat_get", 3, RESULT_AT), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, "fd_renumber", 0, 0), 0);
    CHECK_EQ(&counts, CALL(w, "fd_prestat_get", 0, RESULT_AT), 0);
    CHECK_EQ(&counts, CALL(w, "fd_renumber", 0, 50), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, "fd_renumber", 50, 0), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, "path_open", 0, 0, PATH_AT, path("file"), 0, WASI_R(FD_READ), 0, 0,
                           RESULT_AT), 0);
    CHECK_EQ(&counts, get_u32(mem + RESULT_AT), 3);
    CHECK_EQ(&counts, CALL(w, "fd_renumber", 3, 4), 0); /* a file over the other preopen */
    CHECK_EQ(&counts, CALL(w, "fd_prestat_get", 4, RESULT_AT), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, "fd_fdstat_get", 4, RESULT_AT), 0);
    CHECK_EQ(&counts, mem[RESULT_AT + FDSTAT_FILETYPE], WASI_FILETYPE_REGULAR_FILE);
    CHECK_EQ(&counts, CALL(w, "fd_close", 4), 0);
    CHECK_EQ(&counts, CALL(w, "fd_close", 0), 0); /* preopens may be closed */
    CHECK_EQ(&counts, CALL(w, "fd_prestat_get", 0, RESULT_AT), WASI_EBADF);
}

int main(void)
{
    char host[64] = "/tmp/wr-edges-XXXXXX";
    if (!mkdtemp(host))
        return 2;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cd %s && mkdir sub many full full/x && echo hi > file && "
             "ln -s file link && ln -s nowhere dangling && "
             "for i in $(seq 0 %d); do : > many/f$i; done", host, NFILES - 1);
    if (system(cmd) != 0)
        return 2;
    wr_memfs *fs = wr_memfs_new();
    wr_error *e = wr_memfs_mkdir(fs, "/sub", 0);
    if (!e)
        e = wr_memfs_mkdir(fs, "/full/x", 0);
    if (!e)
        e = wr_memfs_write_file(fs, "/file", "hi\n", 3, 0);
    if (!e)
        e = wr_memfs_symlink(fs, "/link", "file");
    if (!e)
        e = wr_memfs_symlink(fs, "/dangling", "nowhere");
    for (int i = 0; !e && i < NFILES; i++) {
        char name[32];
        snprintf(name, sizeof name, "/many/f%d", i);
        e = wr_memfs_write_file(fs, name, "", 0, 0);
    }
    char spec[96];
    snprintf(spec, sizeof spec, "%s::/h", host);
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi *w = NULL;
    if (!e && (!wr_wasi_config_preopen_memfs(cfg, fs, "/", "/m", false) ||
               !wr_wasi_config_preopen(cfg, spec, false)))
        e = wr_error_new(WR_ERR_IO, "config");
    if (!e)
        e = wr_wasi_new(NULL, cfg, &w);
    CHECK_EQ(&counts, e == NULL, 1);
    if (!e) {
        readdir_while_unlinking(w, 3, "memfs");
        readdir_while_unlinking(w, 4, "host");
        open_flags(w, 3, "memfs");
        open_flags(w, 4, "host");
        poll_many(w, 3, "memfs");
        poll_many(w, 4, "host");
        same_errors(w);
        same_errors_on_fds(w, 3, "memfs");
        same_errors_on_fds(w, 4, "host");
        renumber(w);
        memfs_device(cfg, fs);
    }
    wr_error_free(e);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
    snprintf(cmd, sizeof cmd, "rm -rf %s", host);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", host);
    return check_report(&counts);
}
