/*
 * The inside of the WASI host: the config, the per-instance state with its fd table, the
 * view of guest memory the WASI functions work on, and the table of those functions.
 */
#ifndef WR_WASI_STATE_H
#define WR_WASI_STATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/alloc.h"
#include "wr_wasi.h"
#include "wasi/fs.h"

typedef enum stdio_kind { STDIO_INHERIT, STDIO_FILE, STDIO_CALLBACK, STDIO_PUSH } stdio_kind;

typedef struct cfg_stdio {
    stdio_kind kind;
    int host_fd;          /* STDIO_INHERIT */
    char *path;           /* STDIO_FILE */
    wr_wasi_read_fn read_fn;   /* STDIO_CALLBACK, stdin */
    wr_wasi_wake_fn wake_fn;   /* STDIO_CALLBACK, stdin: NULL when it cannot be woken */
    wr_wasi_write_fn write_fn; /* STDIO_CALLBACK, stdout/stderr */
    void *user;
    int isatty;           /* -1 ask the host, 0 or 1 forced */
} cfg_stdio;

typedef struct cfg_preopen {
    char *guest;
    char *host;           /* a host directory, or NULL for a memfs */
    wr_memfs *memfs;      /* a reference held by the config */
    char *memfs_dir;
    bool read_only;
} cfg_preopen;

typedef struct cfg_socket {
    int host_fd;
    bool owned;           /* made by wr_wasi_config_tcplisten: the config closes it */
} cfg_socket;

/* The embedder's callbacks; a NULL fn means the default (host clock, host random, no trace). */
typedef struct wasi_hooks {
    wr_wasi_clock_fn clock_fn;
    void *clock_user;
    wr_wasi_random_fn random_fn;
    void *random_user;
    wr_wasi_trace_fn trace_fn;
    void *trace_user;
} wasi_hooks;

struct wr_wasi_config {
    char **args;
    size_t nargs;
    char **env;           /* "NAME=VALUE" */
    size_t nenv;
    cfg_preopen *preopens;
    size_t npreopens;
    cfg_socket *sockets;  /* preopened after the directories, in this order */
    size_t nsockets;
    cfg_stdio stdio[3];
    wasi_hooks hooks;
    uint32_t max_fds;     /* wr_wasi_config_max_fds */
    uint32_t max_poll_subscriptions; /* wr_wasi_config_max_poll_subscriptions */
};

typedef struct wasi_fd {
    wasi_file *file;      /* NULL: the slot is free */
    uint64_t rights_base, rights_inheriting;
    char *preopen_name;   /* the guest path of a preopen, else NULL */
} wasi_fd;

/* The range of guest memory a call may touch. */
typedef struct guest_mem {
    uint8_t *base;
    size_t size;
} guest_mem;

struct wr_wasi {
    wr_store *store;
    wr_engine *engine;    /* the store's: its fds count against its max_host_fds */
    const wr_allocator *alloc; /* the engine's: what the instance and its files are made with */
    char **args;          /* NUL-terminated strings, what args_get copies out */
    size_t nargs;
    char **env;
    size_t nenv;
    wasi_fd *fds;
    uint32_t nfds;        /* slots allocated, at most max_fds: fds go to the lowest free slot,
                             so a full table is max_fds open fds */
    uint32_t max_fds, max_poll_subscriptions; /* from the config */
    int wake_fd;          /* eventfd that wr_wasi_wake writes and blocking calls poll */
    wasi_stdin_queue *stdin_queue; /* STDIO_PUSH: what wr_wasi_stdin_push feeds, else NULL */
    wr_wasi_wake_fn stdin_wake_fn; /* a wakeable stdin callback's, for wr_wasi_wake */
    void *stdin_wake_user;
    bool use_openat2;
    wasi_hooks hooks;
    int exit_code;        /* -1 until proc_exit */
    wr_instance *instance; /* the one instance served: the first caller (store's thread) */
    struct wasi_binding *bindings;
};

/* What a handler returns after proc_exit stored the exit code (not a WASI errno). */
enum { WASI_EXITED = 0xFFFF };

/* One wasi_snapshot_preview1 function (handlers.h). */
typedef struct wasi_import wasi_import;

typedef struct wasi_binding {
    wr_wasi *wasi;
    const wasi_import *import;
} wasi_binding;

/* ---------------------------------------------------------------- guest memory */

static inline bool guest_ok(const guest_mem *m, uint64_t ptr, uint64_t len)
{
    return ptr <= m->size && len <= m->size - ptr;
}
static inline uint8_t *guest_at(const guest_mem *m, uint64_t ptr) { return m->base + ptr; }
static inline void put_u16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void put_u32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void put_u64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static inline uint16_t get_u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t get_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t get_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
/* Store a u32 / u64 result at a guest pointer; false when it is out of bounds. */
static inline bool store_u32(const guest_mem *m, uint64_t ptr, uint32_t v)
{
    if (!guest_ok(m, ptr, 4))
        return false;
    put_u32(guest_at(m, ptr), v);
    return true;
}
static inline bool store_u64(const guest_mem *m, uint64_t ptr, uint64_t v)
{
    if (!guest_ok(m, ptr, 8))
        return false;
    put_u64(guest_at(m, ptr), v);
    return true;
}

/* A string vector's copy (NULL when out of memory) and its release (config.c). */
char **wr_wasi_strings_copy(const wr_allocator *a, char *const *v, size_t n);
void wr_wasi_strings_free(char **v, size_t n);

/* ---------------------------------------------------------------- fd table (fdtable.c) */

/* The defaults of wr_wasi_config_max_fds and wr_wasi_config_max_poll_subscriptions. */
enum { WASI_DEFAULT_MAX_FDS = 1024, WASI_DEFAULT_MAX_POLL_SUBSCRIPTIONS = 4096 };

/* The open fd with all of `rights`: EBADF when not open, ENOTCAPABLE when a right is missing. */
uint16_t wr_wasi_fdtable_get(wr_wasi *w, uint64_t fd, uint64_t rights, wasi_fd **out);
/* EMFILE when wr_wasi_fdtable_insert would fail for want of a free fd, else 0: checked before an
 * open or accept that could not be undone. */
uint16_t wr_wasi_fdtable_room(const wr_wasi *w);
/* Put a file at the lowest free fd. Takes the file: on failure it is closed. EMFILE when
 * max_fds are open, or the engine's max_host_fds. */
uint16_t wr_wasi_fdtable_insert(wr_wasi *w, wasi_file *f, uint64_t base, uint64_t inheriting, uint32_t *fd);
/* Put a file at exactly `fd` (stdio and preopens at setup). Takes the file. */
uint16_t wr_wasi_fdtable_place(wr_wasi *w, uint32_t fd, wasi_file *f, uint64_t base, uint64_t inheriting);
void wr_wasi_fdtable_close(wr_wasi *w, uint32_t fd);
/* The wr_wasi_new error for a failed wr_wasi_fdtable_place or wr_wasi_fdtable_insert of what (stdio, a
 * preopen, a socket): WR_ERR_LIMIT naming the limit for EMFILE, else out of memory. */
wr_error *wr_wasi_fdtable_setup_error(const wr_wasi *w, uint16_t err, const char *what);
void wr_wasi_fdtable_free(wr_wasi *w);
/* The rights a new file of this type gets at most. */
uint64_t wr_wasi_rights_for(uint8_t filetype);

/* ---------------------------------------------------------------- sockets (config_socket.c) */

/* Give the instance its preopened sockets, each a duplicate of the config's host fd. */
wr_error *wr_wasi_open_sockets(wr_wasi *w, const wr_wasi_config *cfg);
/* Close the sockets the config owns and drop the list. */
void wr_wasi_config_sockets_free(wr_wasi_config *cfg);

/* ---------------------------------------------------------------- clocks (wasi_clock.c) */

uint16_t wr_wasi_clock_now(wr_wasi *w, uint32_t id, uint64_t *ns);

/* ---------------------------------------------------------------- memfs (fs_mem.c) */

/* Take one more reference to a memfs. */
void wr_wasi_memfs_ref(wr_memfs *fs);
/* A guest file for a directory of a memfs, whose files all report device number dev. A
 * read-only preopen is read-only through the rights it hands out. */
uint16_t wr_wasi_memfs_open_dir(const wr_allocator *a, wr_memfs *fs, const char *dir, uint64_t dev,
                                wasi_file **out);

#endif
