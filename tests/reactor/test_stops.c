/* Stopping calls: cancel (queued, running), deadlines, traps, start failures, close. */
#include "harness.h"

static wr_future *submit(harness *h, wr_reactor *r, const char *name, const wr_val *args,
                         size_t nargs, const wr_call_options *opts)
{
    wr_future *f = NULL;
    CHECK_OK(&h->checks, wr_reactor_call(r, name, args, nargs, opts, &f));
    return f;
}

static bool finished_with(wr_future *f, wr_call_status status)
{
    return f && wr_future_wait(f, 10000000000LL) && wr_future_status(f) == status;
}

static void test_cancel_queued(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *blocker = submit(h, r, "block", NULL, 0, NULL);
        CHECK(&h->checks, wait_blocked(&env, 1));
        wr_future *a = submit(h, r, "next", NULL, 0, NULL);
        wr_future *b = submit(h, r, "next", NULL, 0, NULL);
        wr_future *c = submit(h, r, "next", NULL, 0, NULL);
        CHECK(&h->checks, wr_future_cancel(b));
        CHECK(&h->checks, !wr_future_cancel(b)); /* already cancelled */
        CHECK(&h->checks, wr_future_state_of(b) == WR_FUTURE_CANCELLED);
        CHECK(&h->checks, wr_future_status(b) == WR_CALL_CANCELLED);
        CHECK(&h->checks, wr_future_message(b) && strstr(wr_future_message(b), "cancel"));
        open_gate(&env, true);
        CHECK(&h->checks, finished_with(a, WR_CALL_OK) && finished_with(c, WR_CALL_OK));
        size_t n;
        const wr_val *ra = wr_future_results(a, &n);
        const wr_val *rc = wr_future_results(c, &n);
        /* b never ran: c saw only a before it. */
        CHECK(&h->checks, ra && rc && ra[0].of.i32 == 0 && rc[0].of.i32 == 1);
        CHECK(&h->checks, !wr_future_cancel(a)); /* already done */
        wr_future_free(a);
        wr_future_free(b);
        wr_future_free(c);
        wr_future_free(blocker);
    }
    basic_teardown(r, m, &env);
}

static void test_cancel_running_loop(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *spin = submit(h, r, "spin", NULL, 0, NULL);
        wr_future *after = submit(h, r, "next", NULL, 0, NULL);
        /* Let it get going. */
        for (int i = 0; i < 500 && spin && wr_future_state_of(spin) != WR_FUTURE_RUNNING; i++)
            sleep_ms(1);
        CHECK(&h->checks, spin && wr_future_state_of(spin) == WR_FUTURE_RUNNING);
        sleep_ms(20);
        CHECK(&h->checks, spin && wr_future_cancel(spin));
        CHECK(&h->checks, finished_with(spin, WR_CALL_CANCELLED));
        CHECK(&h->checks, spin && wr_future_state_of(spin) == WR_FUTURE_CANCELLED);
        /* The instance stays usable and the interrupt does not leak into the next call. */
        CHECK(&h->checks, finished_with(after, WR_CALL_OK));
        wr_val args[1] = {wr_val_i32(100000)};
        wr_future *loop = submit(h, r, "count_down", args, 1, NULL);
        CHECK(&h->checks, finished_with(loop, WR_CALL_OK));
        wr_future_free(loop);
        /* Recursion without a loop stops too. */
        wr_val depth[1] = {wr_val_i32(64)};
        wr_future *tree = submit(h, r, "tree", depth, 1, NULL);
        for (int i = 0; i < 500 && tree && wr_future_state_of(tree) != WR_FUTURE_RUNNING; i++)
            sleep_ms(1);
        sleep_ms(20);
        CHECK(&h->checks, tree && wr_future_cancel(tree));
        CHECK(&h->checks, finished_with(tree, WR_CALL_CANCELLED));
        wr_future_free(tree);
        wr_future_free(after);
        wr_future_free(spin);
    }
    basic_teardown(r, m, &env);
}

static void test_deadlines(harness *h)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.default_deadline_ns = 50 * 1000000ull;
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    if (r) {
        /* The reactor's default deadline stops a spinning call. */
        wr_future *spin = submit(h, r, "spin", NULL, 0, NULL);
        CHECK(&h->checks, finished_with(spin, WR_CALL_DEADLINE));
        CHECK(&h->checks, spin && wr_future_state_of(spin) == WR_FUTURE_FAILED);
        CHECK(&h->checks, spin && wr_future_message(spin) && strstr(wr_future_message(spin), "deadline"));
        /* A per-call deadline overrides it... */
        wr_call_options opts;
        wr_call_options_default(&opts);
        opts.deadline_ns = 10 * 1000000;
        wr_future *quick = submit(h, r, "spin", NULL, 0, &opts);
        CHECK(&h->checks, finished_with(quick, WR_CALL_DEADLINE));
        /* ...and a negative one means none: a call longer than the default still finishes. */
        opts.deadline_ns = -1;
        wr_future *slow = submit(h, r, "block", NULL, 0, &opts);
        CHECK(&h->checks, wait_blocked(&env, 1));
        /* A queued call's deadline passes while it waits behind the blocked one. */
        opts.deadline_ns = 20 * 1000000;
        wr_future *queued = submit(h, r, "next", NULL, 0, &opts);
        CHECK(&h->checks, finished_with(queued, WR_CALL_DEADLINE));
        sleep_ms(60);
        CHECK(&h->checks, slow && !wr_future_poll(slow));
        open_gate(&env, true);
        CHECK(&h->checks, finished_with(slow, WR_CALL_OK));
        /* Calls well within their deadline are unaffected. */
        wr_future *fine = submit(h, r, "next", NULL, 0, NULL);
        CHECK(&h->checks, finished_with(fine, WR_CALL_OK));
        wr_future_free(fine);
        wr_future_free(queued);
        wr_future_free(slow);
        wr_future_free(quick);
        wr_future_free(spin);
    }
    basic_teardown(r, m, &env);
}

static void test_traps(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_val poke[2] = {wr_val_i32(256), wr_val_i32(1234)};
        wr_future *p = submit(h, r, "poke", poke, 2, NULL);
        wr_val div[2] = {wr_val_i32(1), wr_val_i32(0)};
        wr_future *d = submit(h, r, "div", div, 2, NULL);
        wr_future *c = submit(h, r, "crash", NULL, 0, NULL);
        wr_val at = wr_val_i32(256);
        wr_future *peek = submit(h, r, "peek", &at, 1, NULL);
        CHECK(&h->checks, finished_with(p, WR_CALL_OK));
        CHECK(&h->checks, finished_with(d, WR_CALL_TRAP));
        const wr_error *e = d ? wr_future_error(d) : NULL;
        CHECK(&h->checks, e && wr_error_trap_kind(e) == WR_TRAP_DIV_ZERO);
        CHECK(&h->checks, d && wr_future_message(d) && strstr(wr_future_message(d), "divide by zero"));
        CHECK(&h->checks, finished_with(c, WR_CALL_TRAP));
        e = c ? wr_future_error(c) : NULL;
        size_t nframes = 0;
        if (e)
            wr_error_frames(e, &nframes);
        CHECK(&h->checks, e && wr_error_trap_kind(e) == WR_TRAP_UNREACHABLE);
        CHECK(&h->checks, nframes >= 2); /* $inner, then "crash" */
        /* The instance kept its memory through the traps. */
        CHECK(&h->checks, finished_with(peek, WR_CALL_OK));
        size_t n;
        const wr_val *v = peek ? wr_future_results(peek, &n) : NULL;
        CHECK(&h->checks, v && v[0].of.i32 == 1234);
        wr_future_free(p);
        wr_future_free(d);
        wr_future_free(c);
        wr_future_free(peek);
    }
    basic_teardown(r, m, &env);
}

static void test_fresh_after_failure(harness *h)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.fresh_after_failure = true;
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    if (r) {
        wr_val poke[2] = {wr_val_i32(256), wr_val_i32(99)};
        wr_future *p = submit(h, r, "poke", poke, 2, NULL);
        wr_future *c = submit(h, r, "crash", NULL, 0, NULL);
        wr_val at = wr_val_i32(256);
        wr_future *peek = submit(h, r, "peek", &at, 1, NULL);
        wr_future *init = submit(h, r, "initialized", NULL, 0, NULL);
        CHECK(&h->checks, finished_with(p, WR_CALL_OK) && finished_with(c, WR_CALL_TRAP));
        CHECK(&h->checks, finished_with(peek, WR_CALL_OK) && finished_with(init, WR_CALL_OK));
        size_t n;
        const wr_val *v = peek ? wr_future_results(peek, &n) : NULL;
        CHECK(&h->checks, v && v[0].of.i32 == 0); /* a fresh memory */
        v = init ? wr_future_results(init, &n) : NULL;
        CHECK(&h->checks, v && v[0].of.i32 == 1); /* the fresh instance ran _initialize */
        wr_future_free(p);
        wr_future_free(c);
        wr_future_free(peek);
        wr_future_free(init);
    }
    basic_teardown(r, m, &env);
}

static void test_start_failures(harness *h)
{
    wr_module *m = load_guest(h, "bad_init.wasm");
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = 3;
    wr_reactor *r = NULL;
    wr_error *err = m ? wr_reactor_new(m, &cfg, &r) : NULL;
    CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_TRAP && !r);
    CHECK(&h->checks, err && wr_error_trap_kind(err) == WR_TRAP_UNREACHABLE);
    wr_error_free(err);
    wr_module_free(m);

    m = load_guest(h, "exit_init.wasm");
    wr_wasi_config *wasi = wr_wasi_config_new();
    cfg.workers = 1;
    cfg.wasi = wasi;
    err = m && wasi ? wr_reactor_new(m, &cfg, &r) : NULL;
    CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_EXIT && wr_error_exit_code(err) == 3);
    wr_error_free(err);
    /* Missing imports fail the start too. */
    wr_module *basic = load_guest(h, "basic.wasm");
    cfg.wasi = NULL;
    err = basic ? wr_reactor_new(basic, &cfg, &r) : NULL;
    CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_LINK);
    wr_error_free(err);
    wr_module_free(basic);
    wr_wasi_config_free(wasi);
    wr_module_free(m);
}

static void test_close_in_flight(harness *h)
{
    /* Close without cancelling: queued calls still run. */
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *fs[20];
        for (int i = 0; i < 20; i++)
            fs[i] = submit(h, r, "next", NULL, 0, NULL);
        wr_reactor_free(r);
        for (int i = 0; i < 20; i++) {
            CHECK(&h->checks, fs[i] && wr_future_poll(fs[i]) && wr_future_status(fs[i]) == WR_CALL_OK);
            wr_future_free(fs[i]);
        }
    }
    /* Close cancelling: the running call is stopped, queued ones fail as closed, later calls
     * fail at once. */
    r = m ? basic_reactor(h, m, &env, NULL) : NULL;
    if (r) {
        wr_future *spin = submit(h, r, "spin", NULL, 0, NULL);
        wr_future *queued[5];
        for (int i = 0; i < 5; i++)
            queued[i] = submit(h, r, "next", NULL, 0, NULL);
        for (int i = 0; i < 500 && spin && wr_future_state_of(spin) != WR_FUTURE_RUNNING; i++)
            sleep_ms(1);
        wr_reactor_close(r, true);
        CHECK(&h->checks, spin && wr_future_poll(spin) && wr_future_status(spin) == WR_CALL_CLOSED);
        for (int i = 0; i < 5; i++) {
            CHECK(&h->checks, queued[i] && wr_future_status(queued[i]) == WR_CALL_CLOSED);
            wr_future_free(queued[i]);
        }
        wr_future *late = submit(h, r, "next", NULL, 0, NULL);
        CHECK(&h->checks, late && wr_future_poll(late) && wr_future_status(late) == WR_CALL_CLOSED);
        CHECK(&h->checks, late && !wr_future_cancel(late));
        wr_reactor_close(r, true); /* idempotent */
        wr_reactor_free(r);
        /* Futures outlive their reactor. */
        CHECK(&h->checks, late && wr_future_id(late) == 7);
        CHECK(&h->checks, spin && !wr_future_cancel(spin));
        wr_future_free(late);
        wr_future_free(spin);
    }
    wr_module_free(m);
    host_env_destroy(&env);
}

int main(void)
{
    harness h;
    harness_init(&h);
    RUN(&h, test_cancel_queued);
    RUN(&h, test_cancel_running_loop);
    RUN(&h, test_deadlines);
    RUN(&h, test_traps);
    RUN(&h, test_fresh_after_failure);
    RUN(&h, test_start_failures);
    RUN(&h, test_close_in_flight);
    return harness_finish(&h);
}
