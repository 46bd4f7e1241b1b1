/*
 * Pushed stdin (wr_wasi_config_stdin_push) under a real guest (guests/stdin_echo.wat): a
 * guest blocked in fd_read or poll_oneoff wakes on a push, on end of file and on
 * wr_wasi_wake; with wr_store_interrupt pending the blocked call traps instead; and a
 * producer thread streaming into a copying guest loses and reorders nothing. The same
 * wake-ups for a wakeable stdin callback.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "guest_util.h"
#include "test_util.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"
#include "wasi/state.h"

static check_counts counts;

typedef struct captured {
    uint8_t *data;
    size_t len, cap;
} captured;

static bool capture(void *user, const uint8_t *buf, size_t len)
{
    captured *c = user;
    if (c->len + len > c->cap)
        return false;
    memcpy(c->data + c->len, buf, len);
    c->len += len;
    return true;
}

typedef struct line_source line_source;
static void wakeable_stdin(wr_wasi_config *cfg, line_source *src);

/* One instance of the guest with stdout captured in out. With src, stdin is the wakeable
 * callback reading it; without, pushed stdin. */
static bool guest_start(guest *g, const uint8_t *wasm, size_t len, captured *out, line_source *src)
{
    guest_begin(g);
    if (src)
        wakeable_stdin(g->cfg, src);
    else
        wr_wasi_config_stdin_push(g->cfg);
    if (out)
        wr_wasi_config_output_callback(g->cfg, 1, capture, out);
    return guest_finish(g, wasm, len, &counts);
}

/* Call an export returning one i32; a trap is reported as INT32_MIN + its kind. */
static int32_t guest_call(guest *g, const char *name)
{
    wr_val result;
    wr_error *e = wr_func_call(g->store, wr_instance_func(g->instance, name), NULL, 0, &result, 1);
    if (e) {
        int32_t kind = INT32_MIN + (int32_t)wr_error_trap_kind(e);
        wr_error_free(e);
        return kind;
    }
    return result.of.i32;
}

static uint8_t *guest_bytes(guest *g, uint32_t at)
{
    return wr_memory_data(wr_instance_memory(g->instance)) + at;
}

/* A host-side stdin of the kind a wakeable callback serves: text given by another thread,
 * a flag that wake_fn raises. */
struct line_source {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    char text[16];
    bool woken;
};

static long source_read(void *user, uint8_t *buf, size_t len)
{
    line_source *src = user;
    pthread_mutex_lock(&src->lock);
    while (!src->text[0] && !src->woken)
        pthread_cond_wait(&src->changed, &src->lock);
    long r = WR_WASI_READ_WOKEN;
    if (src->woken) {
        src->woken = false;
    } else {
        size_t n = strlen(src->text) < len ? strlen(src->text) : len;
        memcpy(buf, src->text, n);
        memmove(src->text, src->text + n, sizeof src->text - n);
        r = (long)n;
    }
    pthread_mutex_unlock(&src->lock);
    return r;
}

static void source_wake(void *user)
{
    line_source *src = user;
    pthread_mutex_lock(&src->lock);
    src->woken = true;
    pthread_cond_broadcast(&src->changed);
    pthread_mutex_unlock(&src->lock);
}

static void source_give(line_source *src, const char *text)
{
    pthread_mutex_lock(&src->lock);
    snprintf(src->text, sizeof src->text, "%s", text);
    pthread_cond_broadcast(&src->changed);
    pthread_mutex_unlock(&src->lock);
}

static void wakeable_stdin(wr_wasi_config *cfg, line_source *src)
{
    CHECK_EQ(&counts, wr_wasi_config_stdin_callback_wakeable(cfg, source_read, source_wake, src), 1);
}

typedef enum action { PUSH_HELLO, CLOSE, WAKE, INTERRUPT } action;

typedef struct later {
    guest *g;
    line_source *src; /* PUSH_HELLO gives the text here instead, when set */
    action what;
    pthread_t thread;
} later;

/* After 50 ms, so that the guest is blocked by then. */
static void *act(void *arg)
{
    later *l = arg;
    usleep(50 * 1000);
    switch (l->what) {
    case PUSH_HELLO:
        if (l->src)
            source_give(l->src, "hello");
        else
            wr_wasi_stdin_push(l->g->wasi, "hello", 5);
        break;
    case CLOSE: wr_wasi_stdin_close(l->g->wasi); break;
    case INTERRUPT: wr_store_interrupt(l->g->store); /* fall through */
    case WAKE: wr_wasi_wake(l->g->wasi); break;
    }
    return NULL;
}

/* Call `name` while another thread does `what` (to src when set); returns its result. */
static int32_t call_while_src(guest *g, line_source *src, const char *name, action what)
{
    later l = {g, src, what, 0};
    if (pthread_create(&l.thread, NULL, act, &l) != 0) {
        counts.failed++;
        return 0;
    }
    uint64_t start = now_ms();
    int32_t r = guest_call(g, name);
    pthread_join(l.thread, NULL);
    CHECK_EQ(&counts, now_ms() - start < 5000, 1);
    return r;
}

static int32_t call_while(guest *g, const char *name, action what)
{
    return call_while_src(g, NULL, name, what);
}

/* The wakeable callback: woken in a read, a wake spent on poll_oneoff first, an interrupt. */
static void wakeable_callback(const uint8_t *wasm, size_t len)
{
    printf("blocked wakeable stdin callback woken by a wake, an interrupt; a spent wake\n");
    line_source src = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};
    guest g;
    if (!guest_start(&g, wasm, len, NULL, &src))
        return;
    CHECK_EQ(&counts, call_while_src(&g, &src, "read_once", PUSH_HELLO), 5);
    CHECK_EQ(&counts, memcmp(guest_bytes(&g, 1024), "hello", 5), 0);
    CHECK_EQ(&counts, call_while_src(&g, &src, "read_once", WAKE), -WASI_EINTR);
    /* poll_oneoff takes this wake (a callback stdin is always ready); the read after it
     * must wait for the text, not report a second EINTR. */
    wr_wasi_wake(g.wasi);
    CHECK_EQ(&counts, guest_call(&g, "poll_once"), 1);
    CHECK_EQ(&counts, call_while_src(&g, &src, "read_once", PUSH_HELLO), 5);
    CHECK_EQ(&counts, call_while_src(&g, &src, "read_once", INTERRUPT), INT32_MIN + WR_TRAP_INTERRUPTED);
    wr_store_clear_interrupt(g.store);
    guest_end(&g);
}

static void wakeups(const uint8_t *wasm, size_t len)
{
    guest g;
    if (!guest_start(&g, wasm, len, NULL, NULL))
        return;
    printf("blocked fd_read woken by a push, a wake, an interrupt, end of file\n");
    CHECK_EQ(&counts, call_while(&g, "read_once", PUSH_HELLO), 5);
    CHECK_EQ(&counts, memcmp(guest_bytes(&g, 1024), "hello", 5), 0);
    CHECK_EQ(&counts, call_while(&g, "read_once", WAKE), -WASI_EINTR);
    CHECK_EQ(&counts, call_while(&g, "read_once", INTERRUPT), INT32_MIN + WR_TRAP_INTERRUPTED);
    wr_store_clear_interrupt(g.store);
    wr_wasi_clear_wake(g.wasi);

    printf("blocked poll_oneoff woken by a push, a wake, an interrupt, end of file\n");
    CHECK_EQ(&counts, call_while(&g, "poll_once", PUSH_HELLO), 1);
    CHECK_EQ(&counts, get_u64(guest_bytes(&g, 128 + EVENT_USERDATA)), 5);
    CHECK_EQ(&counts, get_u16(guest_bytes(&g, 128 + EVENT_ERROR)), 0);
    CHECK_EQ(&counts, get_u64(guest_bytes(&g, 128 + EVENT_NBYTES)), 5);
    CHECK_EQ(&counts, guest_call(&g, "read_once"), 5);
    CHECK_EQ(&counts, call_while(&g, "poll_once", WAKE), 0);
    CHECK_EQ(&counts, call_while(&g, "poll_once", INTERRUPT), INT32_MIN + WR_TRAP_INTERRUPTED);
    wr_store_clear_interrupt(g.store);
    CHECK_EQ(&counts, call_while(&g, "poll_once", CLOSE), 1);
    CHECK_EQ(&counts, get_u16(guest_bytes(&g, 128 + EVENT_FLAGS)), WASI_EVENTRW_HANGUP);
    CHECK_EQ(&counts, guest_call(&g, "read_once"), 0);
    CHECK_EQ(&counts, wr_wasi_stdin_push(g.wasi, "x", 1), 0);
    guest_end(&g);

    if (!guest_start(&g, wasm, len, NULL, NULL))
        return;
    wr_wasi_stdin_push(g.wasi, "ab", 2);
    CHECK_EQ(&counts, guest_call(&g, "read_once"), 2);
    CHECK_EQ(&counts, call_while(&g, "read_once", CLOSE), 0);
    guest_end(&g);
}

enum { STREAM_BYTES = 1 << 20 };

static void *produce(void *arg)
{
    guest *g = arg;
    uint8_t chunk[700];
    size_t sent = 0;
    while (sent < STREAM_BYTES) {
        size_t n = STREAM_BYTES - sent < sizeof chunk ? STREAM_BYTES - sent : sizeof chunk;
        n = n > 1 + sent % sizeof chunk ? 1 + sent % sizeof chunk : n;
        for (size_t i = 0; i < n; i++)
            chunk[i] = (uint8_t)((sent + i) * 7 + 3);
        if (!wr_wasi_stdin_push(g->wasi, chunk, n))
            break;
        sent += n;
        if (sent % 64 == 0)
            sched_yield();
    }
    wr_wasi_stdin_close(g->wasi);
    return NULL;
}

/* A producer thread streams 1 MiB in uneven chunks into the copying guest. */
static void stream(const uint8_t *wasm, size_t len)
{
    printf("a producer thread streaming into the copying guest\n");
    captured out = {malloc(STREAM_BYTES), 0, STREAM_BYTES};
    guest g;
    if (!out.data || !guest_start(&g, wasm, len, &out, NULL)) {
        free(out.data);
        counts.failed++;
        return;
    }
    pthread_t t;
    CHECK_EQ(&counts, pthread_create(&t, NULL, produce, &g), 0);
    int code = -1;
    wr_error *e = wr_wasi_run_start(g.wasi, g.instance, &code);
    pthread_join(t, NULL);
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    CHECK_EQ(&counts, code, 0);
    CHECK_EQ(&counts, out.len, STREAM_BYTES);
    size_t bad = 0;
    for (size_t i = 0; i < out.len; i++)
        bad += out.data[i] != (uint8_t)(i * 7 + 3);
    CHECK_EQ(&counts, bad, 0);
    guest_end(&g);
    free(out.data);
}

/* The WASI calls directly: non-blocking reads, vectored reads, the API without push mode. */
static void direct(void)
{
    printf("direct calls\n");
    static uint8_t mem[4096];
    guest_mem m = {mem, sizeof mem};
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi_config_stdin_push(cfg);
    wr_wasi *w = wasi_of(&counts, cfg);
    if (!w) {
        wr_wasi_config_free(cfg);
        return;
    }
    const wasi_import *fd_read = NULL, *set_flags = NULL, *fd_close = NULL;
    for (size_t i = 0; i < wr_wasi_import_count; i++) {
        if (!strcmp(wr_wasi_imports[i].name, "fd_read"))
            fd_read = &wr_wasi_imports[i];
        if (!strcmp(wr_wasi_imports[i].name, "fd_fdstat_set_flags"))
            set_flags = &wr_wasi_imports[i];
        if (!strcmp(wr_wasi_imports[i].name, "fd_close"))
            fd_close = &wr_wasi_imports[i];
    }
    put_iovec(mem, 0, 100, 3);
    put_iovec(mem, 8, 200, 10);
    const uint64_t read_args[] = {0, 0, 2, 64};
    CHECK_EQ(&counts, set_flags->fn(w, &m, (const uint64_t[]){0, WASI_FDFLAG_NONBLOCK}), 0);
    CHECK_EQ(&counts, fd_read->fn(w, &m, read_args), WASI_EAGAIN);
    CHECK_EQ(&counts, wr_wasi_stdin_push(w, "abcdef", 6), 1);
    CHECK_EQ(&counts, wr_wasi_stdin_push(w, NULL, 0), 1);
    CHECK_EQ(&counts, fd_read->fn(w, &m, read_args), 0);
    CHECK_EQ(&counts, get_u32(mem + 64), 6);
    CHECK_EQ(&counts, memcmp(mem + 100, "abc", 3) == 0 && memcmp(mem + 200, "def", 3) == 0, 1);
    CHECK_EQ(&counts, fd_read->fn(w, &m, (const uint64_t[]){0, 0, 0, 64}), 0); /* no buffers */
    CHECK_EQ(&counts, get_u32(mem + 64), 0);
    /* The guest closing fd 0 leaves the queue to the host. */
    CHECK_EQ(&counts, fd_close->fn(w, &m, (const uint64_t[]){0}), 0);
    CHECK_EQ(&counts, wr_wasi_stdin_push(w, "z", 1), 1);
    wr_wasi_stdin_close(w);
    wr_wasi_stdin_close(w);
    CHECK_EQ(&counts, wr_wasi_stdin_push(w, "z", 1), 0);
    wr_wasi_free(w);

    wr_wasi_config_stdin_callback(cfg, NULL, NULL); /* refused: stays push */
    wr_wasi_config_stdio_inherit(cfg, 0, 0);
    w = wasi_of(&counts, cfg);
    if (w) {
        CHECK_EQ(&counts, wr_wasi_stdin_push(w, "z", 1), 0);
        wr_wasi_stdin_close(w);
        wr_wasi_free(w);
    }
    wr_wasi_config_free(cfg);
}

int main(void)
{
    size_t len = 0;
    uint8_t *wasm = load_guest(WASI_GUESTS_DIR "/stdin_echo.wasm", &len);
    if (!wasm || !len) {
        printf("cannot read %s/stdin_echo.wasm\n", WASI_GUESTS_DIR);
        free(wasm);
        return 1;
    }
    direct();
    wakeups(wasm, len);
    wakeable_callback(wasm, len);
    stream(wasm, len);
    free(wasm);
    return check_report(&counts);
}
