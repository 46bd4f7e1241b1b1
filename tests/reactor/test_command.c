/* Commands on a worker (stdin pushed from the host, exit codes, kill) and WASI reactors. */
#include "harness.h"

typedef struct sink {
    pthread_mutex_t lock;
    char data[8192];
    size_t len;
} sink;

static bool sink_write(void *user, const uint8_t *buf, size_t len)
{
    sink *s = user;
    pthread_mutex_lock(&s->lock);
    size_t room = sizeof s->data - 1 - s->len;
    size_t n = len < room ? len : room;
    memcpy(s->data + s->len, buf, n);
    s->len += n;
    s->data[s->len] = 0;
    pthread_mutex_unlock(&s->lock);
    return true;
}

static void sink_init(sink *s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->lock, NULL);
}

static wr_wasi_config *wasi_to(sink *out)
{
    wr_wasi_config *cfg = wr_wasi_config_new();
    if (cfg)
        wr_wasi_config_output_callback(cfg, 1, sink_write, out);
    return cfg;
}

static void test_command_stdin(harness *h)
{
    sink out;
    sink_init(&out);
    wr_module *m = load_guest(h, "cat.wasm");
    wr_wasi_config *wasi = wasi_to(&out);
    wr_command_config cfg = {.wasi = wasi, .stdin_pipe = true};
    wr_command *cmd = NULL;
    if (m && wasi)
        CHECK_OK(&h->checks, wr_command_start(m, &cfg, &cmd));
    if (cmd) {
        wr_future *f = wr_command_future(cmd);
        CHECK(&h->checks, wr_command_stdin_write(cmd, "hello ", 6));
        sleep_ms(30); /* the guest blocks in fd_read meanwhile */
        CHECK(&h->checks, !wr_future_poll(f));
        CHECK(&h->checks, wr_command_stdin_write(cmd, "world", 5));
        wr_command_stdin_close(cmd);
        CHECK(&h->checks, !wr_command_stdin_write(cmd, "!", 1));
        CHECK(&h->checks, wr_future_wait(f, 10000000000LL) && wr_future_status(f) == WR_CALL_OK);
        size_t n;
        const wr_val *v = wr_future_results(f, &n);
        CHECK(&h->checks, n == 1 && v && v[0].of.i32 == 11);
        pthread_mutex_lock(&out.lock);
        CHECK(&h->checks, strcmp(out.data, "hello world") == 0);
        pthread_mutex_unlock(&out.lock);
    }
    wr_command_free(cmd);

    /* Killed while blocked reading stdin. */
    cmd = NULL;
    if (m && wasi)
        CHECK_OK(&h->checks, wr_command_start(m, &cfg, &cmd));
    if (cmd) {
        wr_future *f = wr_command_future(cmd);
        sleep_ms(30);
        CHECK(&h->checks, wr_future_cancel(f));
        CHECK(&h->checks, wr_future_wait(f, 10000000000LL));
        CHECK(&h->checks, wr_future_status(f) == WR_CALL_CANCELLED);
    }
    wr_command_free(cmd);
    wr_wasi_config_free(wasi);
    wr_module_free(m);
}

static void test_command_kill_and_deadline(harness *h)
{
    wr_module *m = load_guest(h, "spin_cmd.wasm");
    wr_wasi_config *wasi = wr_wasi_config_new();
    wr_command_config cfg = {.wasi = wasi};
    wr_command *cmd = NULL;
    if (m && wasi)
        CHECK_OK(&h->checks, wr_command_start(m, &cfg, &cmd));
    if (cmd) {
        wr_future *f = wr_command_future(cmd);
        sleep_ms(20);
        CHECK(&h->checks, !wr_future_poll(f));
        CHECK(&h->checks, wr_future_cancel(f));
        CHECK(&h->checks, wr_future_wait(f, 10000000000LL) && wr_future_status(f) == WR_CALL_CANCELLED);
    }
    wr_command_free(cmd);
    cmd = NULL;
    cfg.deadline_ns = 30 * 1000000;
    if (m && wasi)
        CHECK_OK(&h->checks, wr_command_start(m, &cfg, &cmd));
    if (cmd) {
        wr_future *f = wr_command_future(cmd);
        CHECK(&h->checks, wr_future_wait(f, 10000000000LL) && wr_future_status(f) == WR_CALL_DEADLINE);
    }
    wr_command_free(cmd);
    /* Freeing a running command kills it. */
    cmd = NULL;
    cfg.deadline_ns = 0;
    if (m && wasi)
        CHECK_OK(&h->checks, wr_command_start(m, &cfg, &cmd));
    sleep_ms(10);
    wr_command_free(cmd);
    wr_wasi_config_free(wasi);
    wr_module_free(m);
}

static void test_wasi_reactor(harness *h)
{
    sink out;
    sink_init(&out);
    wr_module *m = load_guest(h, "wasi_reactor.wasm");
    wr_wasi_config *wasi = wasi_to(&out);
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.wasi = wasi;
    wr_reactor *r = NULL;
    if (m && wasi)
        CHECK_OK(&h->checks, wr_reactor_new(m, &cfg, &r));
    if (r) {
        wr_future *f = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "say", NULL, 0, NULL, &f));
        CHECK(&h->checks, f && wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK);
        wr_future_free(f);
        pthread_mutex_lock(&out.lock);
        CHECK(&h->checks, strcmp(out.data, "hello\n") == 0);
        pthread_mutex_unlock(&out.lock);

        wr_val code = wr_val_i32(5);
        CHECK_OK(&h->checks, wr_reactor_call(r, "leave", &code, 1, NULL, &f));
        CHECK(&h->checks, f && wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_EXIT);
        CHECK(&h->checks, f && wr_future_code(f) == 5);
        wr_future_free(f);

        /* A call blocked in poll_oneoff wakes on cancel. */
        wr_val ms = wr_val_i32(20000);
        CHECK_OK(&h->checks, wr_reactor_call(r, "nap", &ms, 1, NULL, &f));
        for (int i = 0; i < 500 && f && wr_future_state_of(f) != WR_FUTURE_RUNNING; i++)
            sleep_ms(1);
        sleep_ms(30);
        CHECK(&h->checks, f && wr_future_cancel(f));
        CHECK(&h->checks, f && wr_future_wait(f, 5000000000LL) &&
                              wr_future_status(f) == WR_CALL_CANCELLED);
        wr_future_free(f);

        /* A cancel that reaches the call outside any WASI wait leaves no wake-up behind for
         * the next call's wait: a nap after it sleeps its full time. */
        wr_val big = wr_val_i32(2000000000);
        CHECK_OK(&h->checks, wr_reactor_call(r, "spin", &big, 1, NULL, &f));
        for (int i = 0; i < 500 && f && wr_future_state_of(f) != WR_FUTURE_RUNNING; i++)
            sleep_ms(1);
        CHECK(&h->checks, f && wr_future_cancel(f));
        CHECK(&h->checks, f && wr_future_wait(f, 5000000000LL) &&
                              wr_future_status(f) == WR_CALL_CANCELLED);
        wr_future_free(f);
        ms = wr_val_i32(100);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        CHECK_OK(&h->checks, wr_reactor_call(r, "nap", &ms, 1, NULL, &f));
        CHECK(&h->checks, f && wr_future_wait(f, 5000000000LL) && wr_future_status(f) == WR_CALL_OK);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long elapsed_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        CHECK(&h->checks, elapsed_ms >= 90);
        wr_future_free(f);
    }
    wr_reactor_free(r);
    wr_wasi_config_free(wasi);
    wr_module_free(m);
}

int main(void)
{
    harness h;
    harness_init(&h);
    RUN(&h, test_command_stdin);
    RUN(&h, test_command_kill_and_deadline);
    RUN(&h, test_wasi_reactor);
    return harness_finish(&h);
}
