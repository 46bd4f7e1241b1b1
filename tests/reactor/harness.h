/* A tiny test harness shared by the reactor tests: cases, guest modules and the
 * host imports the guests use ("host" "note" records values, "host" "block" waits on a gate). */
#ifndef WR_TESTS_REACTOR_HARNESS_H
#define WR_TESTS_REACTOR_HARNESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "wr.h"
#include "wr_reactor.h"

#ifndef WR_GUEST_DIR
#error "WR_GUEST_DIR must name tests/reactor/guest"
#endif

/* What every case gets: the program's checks (tests/common/check.h; worker threads and host
 * functions check into them too) and one engine. */
typedef struct harness {
    check_counts checks;
    wr_engine *engine;
} harness;

static inline void harness_init(harness *h)
{
    memset(h, 0, sizeof *h);
    wr_config config;
    wr_config_default(&config);
#ifdef WR_TEST_COMPILED
    /* The same cases on the compiled tier (the *_compile tests). */
    config.tier = WR_TIER_COMPILED;
#endif
#ifdef WR_TEST_AUTO
    /* ... and with tier-up (the *_auto tests): workers switch while the cases run. */
    config.tier = WR_TIER_AUTO;
#endif
    h->engine = wr_engine_new(&config);
    if (!h->engine) {
        fprintf(stderr, "no engine\n");
        exit(1);
    }
}

/* Runs one case; its line says whether all the checks it made held. */
static inline void harness_run(harness *h, const char *name, void (*fn)(harness *))
{
    unsigned begin = check_case_begin(&h->checks);
    fn(h);
    check_case_end(&h->checks, begin, name);
}

static inline int harness_finish(harness *h)
{
    wr_engine_free(h->engine);
    return check_report(&h->checks);
}

#define RUN(h, fn) harness_run((h), #fn, fn)

static inline wr_module *load_guest(harness *h, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", WR_GUEST_DIR, name);
    wr_module *m = NULL;
    wr_error *err = wr_module_load(h->engine, path, &m);
    check_at(&h->checks, err == NULL, __FILE__, __LINE__, "cannot load %s: %s", path,
             err ? wr_error_message(err) : "");
    wr_error_free(err);
    return m;
}

static inline void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---------------------------------------------------------------- host imports */

typedef struct host_env {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int32_t notes[4096];
    int nnotes;
    int notes_by_worker[16];
    bool gate_open;
    int blocked;        /* calls inside "block" right now */
} host_env;

static inline void host_env_init(host_env *env)
{
    memset(env, 0, sizeof *env);
    pthread_mutex_init(&env->lock, NULL);
    pthread_cond_init(&env->changed, NULL);
}

static inline void host_env_destroy(host_env *env)
{
    pthread_cond_destroy(&env->changed);
    pthread_mutex_destroy(&env->lock);
}

typedef struct host_binding {
    host_env *env;
    uint32_t worker;
} host_binding;

static inline wr_error *host_note(wr_caller *caller, const wr_val *args, wr_val *results, void *p)
{
    (void)caller;
    (void)results;
    host_binding *b = p;
    pthread_mutex_lock(&b->env->lock);
    if (b->env->nnotes < 4096)
        b->env->notes[b->env->nnotes++] = args[0].of.i32;
    if (b->worker < 16)
        b->env->notes_by_worker[b->worker]++;
    pthread_cond_broadcast(&b->env->changed);
    pthread_mutex_unlock(&b->env->lock);
    return NULL;
}

static inline wr_error *host_block(wr_caller *caller, const wr_val *args, wr_val *results, void *p)
{
    (void)caller;
    (void)args;
    (void)results;
    host_binding *b = p;
    pthread_mutex_lock(&b->env->lock);
    b->env->blocked++;
    pthread_cond_broadcast(&b->env->changed);
    while (!b->env->gate_open)
        pthread_cond_wait(&b->env->changed, &b->env->lock);
    b->env->blocked--;
    pthread_cond_broadcast(&b->env->changed);
    pthread_mutex_unlock(&b->env->lock);
    return NULL;
}

static inline void binding_free(void *p) { free(p); }

/* The wr_imports_fn for guests importing "host": user is a host_env. */
static inline wr_error *host_imports(wr_linker *linker, wr_store *store, uint32_t worker, void *user)
{
    static const wr_valtype i32[1] = {WR_I32};
    const wr_functype note_type = {1, 0, i32, NULL};
    const wr_functype block_type = {0, 0, NULL, NULL};
    struct {
        const char *name;
        const wr_functype *type;
        wr_host_fn fn;
    } funcs[2] = {{"note", &note_type, host_note}, {"block", &block_type, host_block}};
    for (int i = 0; i < 2; i++) {
        host_binding *b = malloc(sizeof *b);
        if (!b)
            return wr_trap_new("out of memory");
        b->env = user;
        b->worker = worker;
        wr_func *f = wr_func_new_host(store, funcs[i].type, funcs[i].fn, b, binding_free);
        if (!f) {
            free(b);
            return wr_trap_new("out of memory");
        }
        wr_extern ext = {.kind = WR_EXTERN_FUNC, .of.func = f};
        wr_error *err = wr_linker_define(linker, "host", 4, funcs[i].name, strlen(funcs[i].name), ext);
        if (err)
            return err;
    }
    return NULL;
}

/* Wait until `blocked` calls sit in "block" (or 5 s pass). */
static inline bool wait_blocked(host_env *env, int blocked)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&env->lock);
    int rc = 0;
    while (env->blocked != blocked && rc == 0)
        rc = pthread_cond_timedwait(&env->changed, &env->lock, &until);
    bool ok = env->blocked == blocked;
    pthread_mutex_unlock(&env->lock);
    return ok;
}

static inline void open_gate(host_env *env, bool open)
{
    pthread_mutex_lock(&env->lock);
    env->gate_open = open;
    pthread_cond_broadcast(&env->changed);
    pthread_mutex_unlock(&env->lock);
}

/* A reactor on basic.wasm with the host imports. */
static inline wr_reactor *basic_reactor(harness *h, wr_module *m, host_env *env,
                                        wr_reactor_config *cfg_or_null)
{
    wr_reactor_config cfg;
    if (cfg_or_null)
        cfg = *cfg_or_null;
    else
        wr_reactor_config_default(&cfg);
    cfg.imports = host_imports;
    cfg.imports_user = env;
    wr_reactor *r = NULL;
    CHECK_OK(&h->checks, wr_reactor_new(m, &cfg, &r));
    return r;
}

/* Sets up env, loads basic.wasm into *m and starts a reactor on it; NULL (with the failure
 * counted) when either step fails. Undo with basic_teardown. */
static inline wr_reactor *basic_setup(harness *h, host_env *env, wr_module **m,
                                      wr_reactor_config *cfg_or_null)
{
    host_env_init(env);
    *m = load_guest(h, "basic.wasm");
    return *m ? basic_reactor(h, *m, env, cfg_or_null) : NULL;
}

static inline void basic_teardown(wr_reactor *r, wr_module *m, host_env *env)
{
    wr_reactor_free(r);
    wr_module_free(m);
    host_env_destroy(env);
}

/* Options pinning a call to one worker. */
static inline wr_call_options worker_opts(uint32_t worker)
{
    wr_call_options o = {.pinned = true, .worker = worker};
    return o;
}

#endif
