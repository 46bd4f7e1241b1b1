/*
 * wr-wasitest: runs the WASI preview1 conformance suite (wasi-testsuite's prebuilt
 * programs) and compares the exit code, and stdout / stderr exactly where a test's JSON
 * gives them (like the upstream runner, an output the JSON leaves out is not checked).
 *
 *   wr-wasitest [--memfs] [--compile] [--verbose] [--trace] [--filter TEXT] [SUITE_DIR]
 *
 * A test's root is copied to a fresh temporary directory and preopened as "/" (with
 * --memfs it is loaded into an in-memory file system instead). One line per test, then
 * "N passed, N failed"; the exit status is 1 when any test failed. --trace prints every
 * WASI call to stderr.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "tree.h"
#include "util/file.h"
#include "wr.h"
#include "wr_wasi.h"

/* A test that runs longer than this is stopped and fails. */
enum { TEST_TIMEOUT_SECONDS = 60 };

typedef struct buffer {
    char *data;
    size_t len, cap;
} buffer;

static bool buffer_write(void *user, const uint8_t *data, size_t len)
{
    buffer *b = user;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *bigger = realloc(b->data, cap);
        if (!bigger)
            return false;
        b->data = bigger;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0;
    return true;
}

typedef struct options {
    bool memfs, verbose, trace;
    const char *filter;
} options;

typedef struct watchdog {
    pthread_mutex_t lock;
    pthread_cond_t done_cond;
    bool done;
    wr_store *store;
    wr_wasi *wasi;
} watchdog;

static void *watch(void *arg)
{
    watchdog *w = arg;
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += TEST_TIMEOUT_SECONDS;
    pthread_mutex_lock(&w->lock);
    while (!w->done)
        if (pthread_cond_timedwait(&w->done_cond, &w->lock, &deadline) != 0)
            break;
    if (!w->done) {
        wr_store_interrupt(w->store);
        wr_wasi_wake(w->wasi);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

typedef struct outcome {
    int exit_code;
    buffer out, err;
    char *failure; /* set when the run itself failed (load, link, trap) */
} outcome;

static char *describe(wr_error *e, const char *what)
{
    char *s;
    if (asprintf(&s, "%s: %s", what, wr_error_message(e)) < 0)
        s = NULL;
    wr_error_free(e);
    return s ? s : strdup(what);
}

static bool configure(wr_wasi_config *cfg, const char *wasm_path, const json_value *spec, outcome *o)
{
    bool ok = wr_wasi_config_arg(cfg, wasm_path);
    const json_value *args = json_get(spec, "args");
    for (size_t i = 0; ok && args && args->kind == JSON_ARRAY && i < args->count; i++)
        ok = args->items[i].kind == JSON_STRING && wr_wasi_config_arg(cfg, args->items[i].text);
    const json_value *env = json_get(spec, "env");
    for (size_t i = 0; ok && env && env->kind == JSON_OBJECT && i < env->count; i++)
        ok = env->members[i].value.kind == JSON_STRING &&
             wr_wasi_config_env(cfg, env->members[i].key, env->members[i].value.text);
    return ok && wr_wasi_config_stdio_file(cfg, 0, "/dev/null") &&
           wr_wasi_config_output_callback(cfg, 1, buffer_write, &o->out) &&
           wr_wasi_config_output_callback(cfg, 2, buffer_write, &o->err);
}

static void run_module(wr_engine *engine, const char *wasm_path, const wr_wasi_config *cfg, outcome *o)
{
    wr_module *module = NULL;
    wr_store *store = NULL;
    wr_linker *linker = NULL;
    wr_wasi *wasi = NULL;
    wr_instance *instance = NULL;
    wr_error *e = wr_module_load(engine, wasm_path, &module);
    if (e) {
        o->failure = describe(e, "load");
        return;
    }
    store = wr_store_new(engine);
    linker = wr_linker_new(engine);
    if (!store || !linker) {
        o->failure = strdup("out of memory");
    } else if ((e = wr_wasi_new(store, cfg, &wasi))) {
        o->failure = describe(e, "wasi");
    } else if ((e = wr_wasi_define(linker, wasi))) {
        o->failure = describe(e, "define");
    } else if ((e = wr_linker_instantiate(linker, store, module, &instance))) {
        o->failure = describe(e, "instantiate");
    } else {
        watchdog w = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, store, wasi};
        pthread_t thread;
        bool watching = pthread_create(&thread, NULL, watch, &w) == 0;
        e = wr_wasi_run_start(wasi, instance, &o->exit_code);
        if (watching) {
            pthread_mutex_lock(&w.lock);
            w.done = true;
            pthread_cond_signal(&w.done_cond);
            pthread_mutex_unlock(&w.lock);
            pthread_join(thread, NULL);
        }
        if (e)
            o->failure = describe(e, "run");
    }
    wr_linker_free(linker);
    wr_store_free(store);
    wr_wasi_free(wasi);
    wr_module_free(module);
}

/* The expected exit code: 0 when the test gives none; false when it is not an int. */
static bool expected_exit_code(const json_value *spec, int *code)
{
    const json_value *v = json_get(spec, "exit_code");
    *code = 0;
    if (!v)
        return true;
    if (v->kind != JSON_NUMBER)
        return false;
    char *end;
    errno = 0;
    long n = strtol(v->text, &end, 10);
    if (*end || errno || n < INT_MIN || n > INT_MAX)
        return false;
    *code = (int)n;
    return true;
}

/* The test's specification into *spec and its exit code into *want_code. A test without a
 * JSON file has spec NULL: it runs with no arguments and must exit with 0. Returns NULL, or
 * why the JSON is unusable. */
static char *read_spec(const char *json_path, json_value **spec, int *want_code)
{
    *spec = NULL;
    *want_code = 0;
    uint8_t *text;
    size_t len;
    int err = wr_read_file(&wr_default_allocator, json_path, SIZE_MAX, &text, &len);
    if (err == ENOENT)
        return NULL;
    char why[256];
    if (err) {
        snprintf(why, sizeof why, "%s: %s", json_path, strerror(err));
        return strdup(why);
    }
    char parse_err[128];
    *spec = json_parse((const char *)text, len, parse_err, sizeof parse_err);
    wr_mem_free(text);
    if (!*spec) {
        snprintf(why, sizeof why, "bad json: %s", parse_err);
        return strdup(why);
    }
    return expected_exit_code(*spec, want_code) ? NULL : strdup("bad exit_code");
}

/* An output the test does not name (want NULL) matches any. */
static bool same_output(const buffer *b, const json_value *want)
{
    return !want ||
           (b->len == want->len && (want->len == 0 || memcmp(b->data, want->text, want->len) == 0));
}

/* Run one test; returns true when it passed. */
static bool run_test(wr_engine *engine, const char *dir, const char *name, const options *opt)
{
    char *wasm_path = NULL, *json_path = NULL, *root = NULL, *tmp = NULL;
    if (asprintf(&wasm_path, "%s/%s.wasm", dir, name) < 0 || asprintf(&json_path, "%s/%s.json", dir, name) < 0)
        return false;
    json_value *spec;
    int want_code;
    char *spec_failure = read_spec(json_path, &spec, &want_code);
    outcome o = {.exit_code = -1};
    wr_wasi_config *cfg = wr_wasi_config_new();
    if (cfg && opt->trace)
        wr_wasi_config_trace(cfg, wr_wasi_trace_print, NULL);
    wr_memfs *fs = NULL;
    const json_value *root_value = json_get_string(spec, "root");
    const char *root_rel = root_value ? root_value->text : NULL;
    if (spec_failure)
        o.failure = spec_failure;
    else if (!cfg || !configure(cfg, wasm_path, spec, &o))
        o.failure = strdup("config");
    else if (root_rel && asprintf(&root, "%s/%s", dir, root_rel) < 0)
        o.failure = strdup("out of memory");
    else if (root_rel && opt->memfs) {
        fs = wr_memfs_new();
        if (!fs || !tree_load_memfs(root, fs) || !wr_wasi_config_preopen_memfs(cfg, fs, "/", "/", false))
            o.failure = strdup("cannot load the root into a memfs");
    } else if (root_rel) {
        char tmpl[] = "/tmp/wr-wasitest-XXXXXX";
        char *spec_arg = NULL;
        if (!mkdtemp(tmpl) || !(tmp = strdup(tmpl)) || !tree_copy(root, tmp) ||
            asprintf(&spec_arg, "%s::/", tmp) < 0 || !wr_wasi_config_preopen(cfg, spec_arg, false))
            o.failure = strdup("cannot copy the root");
        free(spec_arg);
    }
    if (!o.failure)
        run_module(engine, wasm_path, cfg, &o);
    /* As the upstream runner does: an output is compared only when the test names it. */
    const json_value *want_out = json_get_string(spec, "stdout"), *want_err = json_get_string(spec, "stderr");
    bool pass = !o.failure && o.exit_code == want_code && same_output(&o.out, want_out) &&
                same_output(&o.err, want_err);
    printf("%s %s/%s", pass ? "PASS" : "FAIL", strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir, name);
    if (o.failure)
        printf(": %s", o.failure);
    else if (o.exit_code != want_code)
        printf(": exit code %d, expected %d", o.exit_code, want_code);
    else if (!pass)
        printf(": output differs");
    printf("\n");
    if (!pass && opt->verbose) {
        printf("  stdout: %s\n  stderr: %s\n", o.out.data ? o.out.data : "", o.err.data ? o.err.data : "");
        printf("  expected stdout: %s\n  expected stderr: %s\n", want_out ? want_out->text : "(any)",
               want_err ? want_err->text : "(any)");
    }
    fflush(stdout);
    if (tmp)
        tree_remove(tmp);
    free(tmp);
    free(root);
    wr_memfs_free(fs);
    wr_wasi_config_free(cfg);
    json_free(spec);
    free(o.out.data);
    free(o.err.data);
    free(o.failure);
    free(wasm_path);
    free(json_path);
    return pass;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The test names (NAME for NAME.wasm) of a folder, sorted. */
static char **list_tests(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while (d && (de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 6 || strcmp(de->d_name + len - 5, ".wasm") != 0)
            continue;
        char **bigger = realloc(names, (n + 1) * sizeof *names);
        if (!bigger)
            break;
        names = bigger;
        names[n] = strndup(de->d_name, len - 5);
        if (names[n])
            n++;
    }
    if (d)
        closedir(d);
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    *count = n;
    return names;
}

int main(int argc, char **argv)
{
    options opt = {0};
    const char *suite = WR_WASI_TESTS_DIR;
    wr_config config;
    wr_config_default(&config);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--memfs") == 0)
            opt.memfs = true;
        else if (strcmp(argv[i], "--compile") == 0)
            config.tier = WR_TIER_COMPILED;
        else if (strcmp(argv[i], "--verbose") == 0)
            opt.verbose = true;
        else if (strcmp(argv[i], "--trace") == 0)
            opt.trace = true;
        else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc)
            opt.filter = argv[++i];
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: %s [--memfs] [--compile] [--verbose] [--trace] [--filter TEXT] [SUITE_DIR]\n", argv[0]);
            return 2;
        } else
            suite = argv[i];
    }
    wr_engine *engine = wr_engine_new(&config);
    if (!engine)
        return 2;
    static const char *const groups[] = {"assemblyscript", "c", "rust"};
    int passed = 0, failed = 0;
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        char *dir;
        if (asprintf(&dir, "%s/%s", suite, groups[g]) < 0)
            break;
        size_t n;
        char **names = list_tests(dir, &n);
        for (size_t i = 0; i < n; i++) {
            char full[512];
            snprintf(full, sizeof full, "%s/%s", groups[g], names[i]);
            if (!opt.filter || strstr(full, opt.filter)) {
                if (run_test(engine, dir, names[i], &opt))
                    passed++;
                else
                    failed++;
            }
            free(names[i]);
        }
        free(names);
        free(dir);
    }
    wr_engine_free(engine);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
