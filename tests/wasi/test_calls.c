/*
 * The WASI functions called directly, on a guest memory the test makes up: results in
 * memory, errno values, EFAULT for every kind of bad pointer, the config's hooks (stdio
 * callbacks, clock, random, trace), the wake-up fd, rights, and the memfs round trip.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "test_util.h"
#include "wasi/abi.h"
#include "wasi/state.h"

static check_counts counts;

enum { MEM_SIZE = 65536 };

typedef struct captured {
    char data[256];
    size_t len;
} captured;

static bool capture(void *user, const uint8_t *buf, size_t len)
{
    captured *c = user;
    if (c->len + len > sizeof c->data)
        return false;
    memcpy(c->data + c->len, buf, len);
    c->len += len;
    return true;
}

static long give_hi_once(void *user, uint8_t *buf, size_t len)
{
    int *calls = user;
    if ((*calls)++ || len < 2)
        return 0;
    memcpy(buf, "hi", 2);
    return 2;
}

static bool fixed_clock(void *user, wr_wasi_clock id, uint64_t *t, uint64_t *res)
{
    (void)user;
    *t = 42 + id;
    *res = 7;
    return true;
}

static void fill_ab(void *user, uint8_t *buf, size_t len)
{
    (void)user;
    memset(buf, 0xAB, len);
}

typedef struct traced {
    int calls;
    char last[32];
    char line[128];
    uint16_t last_errno;
} traced;

static void on_call(void *user, const wr_wasi_call *call)
{
    traced *t = user;
    t->calls++;
    snprintf(t->last, sizeof t->last, "%s", call->name);
    t->last_errno = call->errno_value;
    wr_wasi_call_format(call, t->line, sizeof t->line);
}

static int line_is(const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        return 1;
    printf("got:  %s\nwant: %s\n", got, want);
    return 0;
}

static void basics(void)
{
    static uint8_t mem[MEM_SIZE];
    guest_mem m = {mem, sizeof mem};
    captured out = {0};
    int stdin_calls = 0;
    traced tr = {0};
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi_config_arg(cfg, "prog");
    wr_wasi_config_arg(cfg, "a b");
    wr_wasi_config_env(cfg, "X", "1");
    wr_wasi_config_stdin_callback(cfg, give_hi_once, &stdin_calls);
    wr_wasi_config_output_callback(cfg, 1, capture, &out);
    wr_wasi_config_clock(cfg, fixed_clock, NULL);
    wr_wasi_config_random(cfg, fill_ab, NULL);
    wr_wasi_config_trace(cfg, on_call, &tr);
    wr_wasi *w = wasi_of(&counts, cfg);
    if (!w)
        return;

    CHECK_EQ(&counts, CALL(w, &m, "args_sizes_get", 0, 4), 0);
    CHECK_EQ(&counts, get_u32(mem), 2);
    CHECK_EQ(&counts, get_u32(mem + 4), 9);
    CHECK_EQ(&counts, CALL(w, &m, "args_get", 16, 64), 0);
    CHECK_EQ(&counts, get_u32(mem + 20), 69);
    CHECK_EQ(&counts, strcmp((char *)mem + 69, "a b"), 0);
    CHECK_EQ(&counts, CALL(w, &m, "args_get", MEM_SIZE - 4, 64), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "args_get", 16, MEM_SIZE - 3), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "args_sizes_get", MEM_SIZE, 4), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "environ_get", 16, 64), 0);
    CHECK_EQ(&counts, strcmp((char *)mem + 64, "X=1"), 0);

    /* fd_write: good, then each pointer bad in turn. */
    memcpy(mem + 200, "hello", 5);
    put_iovec(m.base, 100, 200, 5);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 1, 100, 1, 108), 0);
    CHECK_EQ(&counts, get_u32(mem + 108), 5);
    CHECK_EQ(&counts, out.len == 5 && memcmp(out.data, "hello", 5) == 0, 1);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 1, MEM_SIZE - 4, 1, 108), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 1, 100, 0x20000000, 108), WASI_EINVAL);
    put_iovec(m.base, 100, MEM_SIZE - 2, 5);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 1, 100, 1, 108), WASI_EFAULT);
    put_iovec(m.base, 100, 0xFFFFFFFF, 0xFFFFFFFF);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 1, 100, 1, 108), WASI_EFAULT);
    put_iovec(m.base, 100, 200, 5);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 1, 100, 1, MEM_SIZE - 1), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 99, 100, 1, 108), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", 0, 100, 1, 108), WASI_EBADF);
    CHECK_EQ(&counts, out.len, 5);

    /* stdin from the callback: two bytes, then end of file. */
    put_iovec(m.base, 100, 300, 16);
    CHECK_EQ(&counts, CALL(w, &m, "fd_read", 0, 100, 1, 108), 0);
    CHECK_EQ(&counts, get_u32(mem + 108), 2);
    CHECK_EQ(&counts, memcmp(mem + 300, "hi", 2), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_read", 0, 100, 1, 108), 0);
    CHECK_EQ(&counts, get_u32(mem + 108), 0);

    CHECK_EQ(&counts, CALL(w, &m, "clock_time_get", WR_WASI_CLOCK_MONOTONIC, 0, 400), 0);
    CHECK_EQ(&counts, get_u64(mem + 400), 43);
    CHECK_EQ(&counts, CALL(w, &m, "clock_res_get", 0, 400), 0);
    CHECK_EQ(&counts, get_u64(mem + 400), 7);
    CHECK_EQ(&counts, CALL(w, &m, "clock_time_get", 9, 0, 400), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, &m, "clock_time_get", 0, 0, MEM_SIZE - 7), WASI_EFAULT);

    CHECK_EQ(&counts, CALL(w, &m, "random_get", 500, 16), 0);
    CHECK_EQ(&counts, mem[500] == 0xAB && mem[515] == 0xAB, 1);
    CHECK_EQ(&counts, CALL(w, &m, "random_get", MEM_SIZE - 8, 16), WASI_EFAULT);

    CHECK_EQ(&counts, CALL(w, &m, "sock_shutdown", 1, WASI_SDFLAG_RD), WASI_ENOTSOCK);
    CHECK_EQ(&counts, CALL(w, &m, "sock_accept", 77, 0, 600), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, &m, "fd_prestat_get", 1, 600), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, &m, "fd_fdstat_get", 1, 600), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_fdstat_get", 1, MEM_SIZE - 23), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "fd_seek", 1, 0, WASI_WHENCE_CUR, 600), WASI_ESPIPE);
    CHECK_EQ(&counts, CALL(w, &m, "proc_raise", 9), WASI_ENOSYS);

    /* The trace hook sits in the linker glue, which direct calls bypass. */
    CHECK_EQ(&counts, tr.calls, 0);

    CHECK_EQ(&counts, wr_wasi_exit_code(w), -1);
    CHECK_EQ(&counts, CALL(w, &m, "proc_exit", 3), WASI_EXITED);
    CHECK_EQ(&counts, wr_wasi_exit_code(w), 3);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
}

static void put_clock_sub(uint8_t *p, uint64_t userdata, uint64_t timeout_ns)
{
    memset(p, 0, SUBSCRIPTION_SIZE);
    put_u64(p + SUB_USERDATA, userdata);
    p[SUB_TAG] = WASI_EVENTTYPE_CLOCK;
    put_u32(p + SUB_CLOCK_ID, WR_WASI_CLOCK_MONOTONIC);
    put_u64(p + SUB_CLOCK_TIMEOUT, timeout_ns);
}

static void *wake_later(void *arg)
{
    usleep(50 * 1000);
    wr_wasi_wake(arg);
    return NULL;
}

static void polling(void)
{
    static uint8_t mem[MEM_SIZE];
    guest_mem m = {mem, sizeof mem};
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi *w = wasi_of(&counts, cfg);
    if (!w)
        return;
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 0, 2000), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 0x10000000, 2000), WASI_EINVAL);
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 4096, 2000), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 1, MEM_SIZE), WASI_EFAULT);

    put_clock_sub(mem, 0x77, 10 * 1000 * 1000);
    uint64_t start = now_ms();
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 1, 2000), 0);
    uint64_t took = now_ms() - start;
    CHECK_EQ(&counts, took >= 9 && took < 2000, 1);
    CHECK_EQ(&counts, get_u32(mem + 2000), 1);
    CHECK_EQ(&counts, get_u64(mem + 1000 + EVENT_USERDATA), 0x77);
    CHECK_EQ(&counts, mem[1000 + EVENT_TYPE], WASI_EVENTTYPE_CLOCK);

    /* A 10 s sleep that another thread cuts short. */
    put_clock_sub(mem, 0x78, 10ull * 1000 * 1000 * 1000);
    pthread_t t;
    start = now_ms();
    CHECK_EQ(&counts, pthread_create(&t, NULL, wake_later, w), 0);
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 1, 2000), 0);
    pthread_join(t, NULL);
    CHECK_EQ(&counts, now_ms() - start < 5000, 1);
    CHECK_EQ(&counts, get_u32(mem + 2000), 0);

    /* A cleared wake interrupts nothing. */
    wr_wasi_wake(w);
    wr_wasi_clear_wake(w);
    put_clock_sub(mem, 0x79, 10 * 1000 * 1000);
    start = now_ms();
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 1, 2000), 0);
    CHECK_EQ(&counts, now_ms() - start >= 9, 1);
    CHECK_EQ(&counts, get_u32(mem + 2000), 1);

    /* A bad fd is an event with an error, returned at once. */
    memset(mem, 0, SUBSCRIPTION_SIZE);
    mem[SUB_TAG] = WASI_EVENTTYPE_FD_READ;
    put_u32(mem + SUB_FD, 55);
    CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 1000, 1, 2000), 0);
    CHECK_EQ(&counts, get_u32(mem + 2000), 1);
    CHECK_EQ(&counts, get_u16(mem + 1000 + EVENT_ERROR), WASI_EBADF);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
}

static void set_path(uint8_t *mem, uint32_t at, const char *s) { memcpy(mem + at, s, strlen(s)); }

static void memfs_round_trip(void)
{
    static uint8_t mem[MEM_SIZE];
    guest_mem m = {mem, sizeof mem};
    wr_memfs *fs = wr_memfs_new();
    wr_error *e = wr_memfs_write_file(fs, "/ro/keep.txt", "old", 3, 0);
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    wr_wasi_config *cfg = wr_wasi_config_new();
    CHECK_EQ(&counts, wr_wasi_config_preopen_memfs(cfg, fs, "/", "/data", false), 1);
    CHECK_EQ(&counts, wr_wasi_config_preopen_memfs(cfg, fs, "/ro", "/ro", true), 1);
    wr_wasi *w = wasi_of(&counts, cfg);
    if (!w)
        return;
    CHECK_EQ(&counts, CALL(w, &m, "fd_prestat_get", 3, 0), 0);
    CHECK_EQ(&counts, get_u32(mem + PRESTAT_NAME_LEN), 5);
    CHECK_EQ(&counts, CALL(w, &m, "fd_prestat_dir_name", 3, 16, 5), 0);
    CHECK_EQ(&counts, memcmp(mem + 16, "/data", 5), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_prestat_dir_name", 3, 16, 4), WASI_ENAMETOOLONG);

    uint64_t rw = WASI_R(FD_READ) | WASI_R(FD_WRITE) | WASI_R(FD_SEEK) | WASI_R(FD_TELL);
    set_path(mem, 100, "new.txt");
    CHECK_EQ(&counts, CALL(w, &m, "path_open", 3, 0, 100, 7, WASI_OFLAG_CREAT, rw, 0, 0, 200), 0);
    uint32_t fd = get_u32(mem + 200);
    memcpy(mem + 300, "hello", 5);
    put_iovec(m.base, 400, 300, 5);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", fd, 400, 1, 408), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_tell", fd, 500), 0);
    CHECK_EQ(&counts, get_u64(mem + 500), 5);
    CHECK_EQ(&counts, CALL(w, &m, "fd_close", fd), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_close", fd), WASI_EBADF);
    uint8_t *data = NULL;
    size_t len = 0;
    e = wr_memfs_read_file(fs, "/new.txt", &data, &len);
    CHECK_EQ(&counts, e == NULL && len == 5 && memcmp(data, "hello", 5) == 0, 1);
    wr_error_free(e);
    free(data);

    /* A full file system says ENOSPC and keeps what it has. */
    wr_memfs_set_limit(fs, 8192);
    set_path(mem, 100, "big.txt");
    CHECK_EQ(&counts, CALL(w, &m, "path_open", 3, 0, 100, 7, WASI_OFLAG_CREAT, rw, 0, 0, 200), 0);
    fd = get_u32(mem + 200);
    put_iovec(m.base, 400, 1000, 16384);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", fd, 400, 1, 408), WASI_ENOSPC);
    put_iovec(m.base, 400, 1000, 1000);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", fd, 400, 1, 408), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_close", fd), 0);
    set_path(mem, 120, "new.txt");
    CHECK_EQ(&counts, CALL(w, &m, "path_rename", 3, 100, 7, 3, 120, 7), 0);
    e = wr_memfs_read_file(fs, "/new.txt", &data, &len);
    CHECK_EQ(&counts, e == NULL && len == 1000, 1);
    wr_error_free(e);
    free(data);
    wr_memfs_set_limit(fs, 0);

    /* Path lengths and pointers out of bounds. */
    CHECK_EQ(&counts, CALL(w, &m, "path_open", 3, 0, MEM_SIZE - 2, 7, 0, rw, 0, 0, 200), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "path_open", 3, 0, 100, 7, 0, rw, 0, 0, MEM_SIZE - 1), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "path_create_directory", 3, 100, 0xFFFFFFFF), WASI_EFAULT);
    CHECK_EQ(&counts, CALL(w, &m, "path_filestat_get", 3, 0, 100, 7, MEM_SIZE - 8), WASI_EFAULT);

    /* fd_readdir: ".", "..", "new.txt", "ro". */
    CHECK_EQ(&counts, CALL(w, &m, "fd_readdir", 3, 1000, 4096, 0, 900), 0);
    uint32_t used = get_u32(mem + 900), off = 0, entries = 0;
    while (off + DIRENT_SIZE <= used) {
        off += DIRENT_SIZE + get_u32(mem + 1000 + off + DIRENT_NAMLEN);
        entries++;
    }
    CHECK_EQ(&counts, entries, 4);
    CHECK_EQ(&counts, CALL(w, &m, "fd_readdir", 3, 1000, 30, 0, 900), 0);
    CHECK_EQ(&counts, get_u32(mem + 900), 30);

    /* The read-only preopen: nothing may be created or written. */
    set_path(mem, 100, "x.txt");
    CHECK_EQ(&counts, CALL(w, &m, "path_open", 4, 0, 100, 5, WASI_OFLAG_CREAT, rw, 0, 0, 200),
             WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, CALL(w, &m, "path_create_directory", 4, 100, 5), WASI_ENOTCAPABLE);
    set_path(mem, 100, "keep.txt");
    CHECK_EQ(&counts, CALL(w, &m, "path_unlink_file", 4, 100, 8), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, CALL(w, &m, "path_open", 4, 0, 100, 8, 0, rw, 0, 0, 200), 0);
    fd = get_u32(mem + 200);
    CHECK_EQ(&counts, CALL(w, &m, "fd_write", fd, 400, 1, 408), WASI_ENOTCAPABLE);
    CHECK_EQ(&counts, CALL(w, &m, "fd_close", fd), 0);
    /* Renaming out of the read-only tree into the writable one is refused as well. */
    set_path(mem, 120, "stolen");
    CHECK_EQ(&counts, CALL(w, &m, "path_rename", 4, 100, 8, 3, 120, 6), WASI_ENOTCAPABLE);

    /* Absolute symlink targets are refused. */
    set_path(mem, 100, "/etc");
    set_path(mem, 120, "lnk");
    CHECK_EQ(&counts, CALL(w, &m, "path_symlink", 100, 4, 3, 120, 3), WASI_EPERM);

    /* fd_renumber moves the preopen with it. */
    CHECK_EQ(&counts, CALL(w, &m, "fd_renumber", 4, 9), WASI_EBADF);
    CHECK_EQ(&counts, CALL(w, &m, "fd_renumber", 4, 1), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_prestat_get", 1, 0), 0);
    CHECK_EQ(&counts, CALL(w, &m, "fd_prestat_get", 4, 0), WASI_EBADF);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
}

/* (module
 *   (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
 *   (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
 *   (memory (export "memory") 1)
 *   (func (export "_start") (drop (call $yield)) (call $exit (i32.const 7)))) */
static const uint8_t yield_then_exit7[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x03, 0x60, 0x00, 0x01, 0x7f,
    0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, 0x02, 0x49, 0x02, 0x16, 0x77, 0x61, 0x73, 0x69,
    0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69,
    0x65, 0x77, 0x31, 0x0b, 0x73, 0x63, 0x68, 0x65, 0x64, 0x5f, 0x79, 0x69, 0x65, 0x6c, 0x64,
    0x00, 0x00, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f,
    0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09, 0x70, 0x72, 0x6f, 0x63,
    0x5f, 0x65, 0x78, 0x69, 0x74, 0x00, 0x01, 0x03, 0x02, 0x01, 0x02, 0x05, 0x03, 0x01, 0x00,
    0x01, 0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f,
    0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x02, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x10, 0x00, 0x1a,
    0x41, 0x07, 0x10, 0x01, 0x0b,
};

/* Through the linker and the interpreter: define, instantiate, run, trace, exit code. */
static void linked_run(void)
{
    wr_engine *engine = wr_engine_new(NULL);
    wr_store *store = wr_store_new(engine);
    wr_linker *linker = wr_linker_new(engine);
    wr_wasi_config *cfg = wr_wasi_config_new();
    traced tr = {0};
    wr_wasi_config_trace(cfg, on_call, &tr);
    wr_module *module = NULL;
    wr_wasi *w = NULL;
    int code = -1;
    wr_error *e = wr_module_new(engine, yield_then_exit7, sizeof yield_then_exit7, &module);
    if (!e)
        e = run_linked(linker, store, module, cfg, &w, &code);
    if (e)
        printf("linked run: %s\n", wr_error_message(e));
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    CHECK_EQ(&counts, code, 7);
    CHECK_EQ(&counts, w ? wr_wasi_exit_code(w) : -1, 7);
    CHECK_EQ(&counts, tr.calls, 2);
    CHECK_EQ(&counts, strcmp(tr.last, "proc_exit"), 0);
    CHECK_EQ(&counts, line_is(tr.line, "proc_exit(rval=7) -> success"), 1);
    wr_linker_free(linker);
    wr_store_free(store);
    wr_wasi_free(w);
    wr_module_free(module);
    wr_wasi_config_free(cfg);
    wr_engine_free(engine);
}

/* wr_wasi_call_format: kinds, paths with escapes, truncation like snprintf. */
static void formatting(void)
{
    static const char *const write_names[] = {"fd", "iovs", "iovs_len", "nwritten"};
    wr_wasi_call call = {
        .name = "fd_write", .nargs = 4, .arg_names = write_names,
        .args = (const uint64_t[]){1, 0x1000, 1, 0x2000}, .errno_value = 0,
        .errno_name = "success", .arg_kinds = "upup",
    };
    char line[256];
    const char *want = "fd_write(fd=1, iovs=0x1000, iovs_len=1, nwritten=0x2000) -> success";
    CHECK_EQ(&counts, wr_wasi_call_format(&call, line, sizeof line), strlen(want));
    CHECK_EQ(&counts, line_is(line, want), 1);
    CHECK_EQ(&counts, wr_wasi_call_format(&call, line, 9), strlen(want));
    CHECK_EQ(&counts, line_is(line, "fd_write"), 1);
    CHECK_EQ(&counts, wr_wasi_call_format(&call, NULL, 0), strlen(want));

    static const char *const seek_names[] = {"fd", "offset", "whence", "newoffset"};
    call = (wr_wasi_call){
        .name = "fd_seek", .nargs = 4, .arg_names = seek_names,
        .args = (const uint64_t[]){4, (uint64_t)-5, 1, 0x40}, .errno_value = WASI_ESPIPE,
        .errno_name = "spipe", .arg_kinds = "usup",
    };
    wr_wasi_call_format(&call, line, sizeof line);
    CHECK_EQ(&counts, line_is(line, "fd_seek(fd=4, offset=-5, whence=1, newoffset=0x40) -> spipe"), 1);

    static const char *const rename_names[] = {"fd", "old_path", "old_path_len", "new_fd",
                                               "new_path", "new_path_len"};
    call = (wr_wasi_call){
        .name = "path_rename", .nargs = 6, .arg_names = rename_names,
        .args = (const uint64_t[]){3, 0x10, 3, 3, 0x20, 300}, .errno_value = WASI_ENOENT,
        .errno_name = "noent", .arg_kinds = "uPuuPu", .paths = {"a\"\x01", "b/c"},
    };
    wr_wasi_call_format(&call, line, sizeof line);
    CHECK_EQ(&counts, line_is(line, "path_rename(fd=3, old_path=0x10 \"a\\\"\\x01\", old_path_len=3, "
                                    "new_fd=3, new_path=0x20 \"b/c\"..., new_path_len=300) -> noent"),
             1);

    /* The ready-made hook, with a line longer than its stack buffer. */
    char long_path[257];
    memset(long_path, 0x7f, 256);
    long_path[256] = 0;
    call.paths[1] = long_path;
    size_t need = wr_wasi_call_format(&call, NULL, 0);
    CHECK_EQ(&counts, need > 1024, 1);
    FILE *f = tmpfile();
    char *printed = malloc(need + 2), *want_line = malloc(need + 1);
    if (f && printed && want_line) {
        wr_wasi_trace_print(f, &call);
        rewind(f);
        CHECK_EQ(&counts, fgets(printed, (int)need + 2, f) != NULL, 1);
        wr_wasi_call_format(&call, want_line, need + 1);
        CHECK_EQ(&counts, strlen(printed), need + 1);
        CHECK_EQ(&counts, strncmp(printed, want_line, need) == 0 && printed[need] == '\n', 1);
    } else {
        counts.failed++;
    }
    if (f)
        fclose(f);
    free(printed);
    free(want_line);
}

/* Open "f" from preopen 3 until EMFILE; how many opened. */
static int open_until_full(wr_wasi *w, const guest_mem *m)
{
    set_path(m->base, 100, "f");
    int opened = 0;
    uint16_t err = 0;
    while (opened < 100000 && !(err = CALL(w, m, "path_open", 3, 0, 100, 1, 0,
                                           WASI_R(FD_READ), 0, 0, 200)))
        opened++;
    CHECK_EQ(&counts, err, WASI_EMFILE);
    return opened;
}

/* The fds a guest holds and the subscriptions one poll takes are bounded by the config,
 * not by what the guest asks for: 1024 fds and 4096 subscriptions by default. */
static void limits(void)
{
    printf("fd and poll subscription limits\n");
    static uint8_t mem[4097 * SUBSCRIPTION_SIZE];
    guest_mem m = {mem, sizeof mem};
    wr_memfs *fs = wr_memfs_new();
    wr_error *e = wr_memfs_write_file(fs, "f", "x", 1, 0);
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi_config_preopen_memfs(cfg, fs, "/", "/", false);
    wr_wasi *w = wasi_of(&counts, cfg);
    if (w) {
        CHECK_EQ(&counts, open_until_full(w, &m), 1024 - 4);
        CHECK_EQ(&counts, CALL(w, &m, "fd_close", 500), 0);
        CHECK_EQ(&counts, CALL(w, &m, "path_open", 3, 0, 100, 1, 0, WASI_R(FD_READ), 0, 0, 200), 0);
        CHECK_EQ(&counts, get_u32(mem + 200), 500);
        for (uint32_t i = 0; i <= 4096; i++)
            put_clock_sub(mem + i * SUBSCRIPTION_SIZE, i, 0);
        CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 0, 4097, 0), WASI_EINVAL);
        CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 0, 4096, 0), 0);
        CHECK_EQ(&counts, get_u32(mem), 4096);
        wr_wasi_free(w);
    }
    CHECK_EQ(&counts, wr_wasi_config_max_fds(cfg, 2), 0);
    CHECK_EQ(&counts, wr_wasi_config_max_poll_subscriptions(cfg, 0), 0);
    CHECK_EQ(&counts, wr_wasi_config_max_fds(cfg, 6), 1);
    CHECK_EQ(&counts, wr_wasi_config_max_poll_subscriptions(cfg, 2), 1);
    w = wasi_of(&counts, cfg);
    if (w) {
        CHECK_EQ(&counts, open_until_full(w, &m), 2);
        CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 0, 3, 0), WASI_EINVAL);
        CHECK_EQ(&counts, CALL(w, &m, "poll_oneoff", 0, 0, 2, 0), 0);
        wr_wasi_free(w);
    }
    /* Preopens that do not fit are the embedder's mistake, said at once. */
    wr_wasi_config_preopen_memfs(cfg, fs, "/", "/a", false);
    wr_wasi_config_preopen_memfs(cfg, fs, "/", "/b", false);
    wr_wasi_config_preopen_memfs(cfg, fs, "/", "/c", false);
    w = NULL;
    e = wr_wasi_new(NULL, cfg, &w);
    CHECK_EQ(&counts, e && wr_error_kind_of(e) == WR_ERR_LIMIT, 1);
    CHECK_EQ(&counts, w == NULL, 1);
    if (e)
        printf("  %s\n", wr_error_message(e));
    wr_error_free(e);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
}

/* The engine's max_host_fds bounds the fds of all the WASI instances of its stores
 * together, whatever each instance's max_fds allows. */
static void host_fd_ceiling(void)
{
    printf("the engine's fd ceiling\n");
    wr_engine *fresh = wr_engine_new(NULL);
    CHECK_EQ(&counts, fresh && wr_engine_config(fresh)->max_host_fds >= 64, 1);
    wr_engine_free(fresh);
    static uint8_t mem[256];
    guest_mem m = {mem, sizeof mem};
    wr_config ec;
    wr_config_default(&ec);
    ec.max_host_fds = 10;
    wr_engine *engine = wr_engine_new(&ec);
    wr_store *store = engine ? wr_store_new(engine) : NULL;
    wr_memfs *fs = wr_memfs_new();
    wr_error *e = wr_memfs_write_file(fs, "f", "x", 1, 0);
    CHECK_EQ(&counts, e == NULL && store != NULL, 1);
    wr_error_free(e);
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi_config_preopen_memfs(cfg, fs, "/", "/", false);
    wr_wasi *a = NULL, *b = NULL, *c = NULL;
    if (store && !wr_wasi_new(store, cfg, &a) && !wr_wasi_new(store, cfg, &b)) {
        /* stdio and the preopen: 8 of 10 taken, so b opens 2 files where max_fds allows 1020. */
        CHECK_EQ(&counts, open_until_full(b, &m), 2);
        e = wr_wasi_new(store, cfg, &c);
        CHECK_EQ(&counts, e && wr_error_kind_of(e) == WR_ERR_LIMIT &&
                              strstr(wr_error_message(e), "max_host_fds of 10"), 1);
        if (e)
            printf("  %s\n", wr_error_message(e));
        wr_error_free(e);
        wr_wasi_free(b);
        b = NULL;
        e = wr_wasi_new(store, cfg, &c);
        CHECK_EQ(&counts, e == NULL, 1);
        wr_error_free(e);
        CHECK_EQ(&counts, c ? open_until_full(c, &m) : -1, 2);
    } else {
        CHECK_EQ(&counts, 0, 1);
    }
    wr_store_free(store);
    wr_wasi_free(a);
    wr_wasi_free(b);
    wr_wasi_free(c);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
    wr_engine_free(engine);
}

int main(void)
{
    formatting();
    basics();
    linked_run();
    polling();
    memfs_round_trip();
    limits();
    host_fd_ceiling();
    return check_report(&counts);
}
