/*
 * Differential test: random valid modules (gen.c) run in wr, the same calls run in node's
 * WebAssembly engine (driver.mjs), results compared value by value, traps by kind, and
 * globals, memory size and a memory checksum after each module's calls.
 *
 *   wr-diff --node PATH --driver driver.mjs [--seed S] [--count N] [--keep] [--guard-regions]
 *   wr-diff --tiers [--seed S] [--count N] [--keep] [--guard-regions]
 *   wr-diff --modes [--exceptions] [--seed S] [--count N] [--keep]
 *   wr-diff --tiers --exceptions [--seed S] [--count N] [--keep] [--guard-regions]
 *
 * Module i of a run is made from seed S + i, so `--seed S+i --count 1 --keep` reproduces one
 * failing module and leaves its files behind. Exits 0 when everything agrees, 1 on a
 * mismatch or error, 77 when node is missing (ctest reports that as skipped).
 * --guard-regions runs wr with bounds_checks off, so out-of-bounds accesses fault into the
 * guard region instead of being checked. --tiers compares wr with itself instead of node:
 * each module runs on the interpreter and on the compiled tier (objects cached in the
 * temporary folder), and the two case lists must be identical. --modes compares the
 * interpreter with bounds checks against the interpreter with guard regions. With
 * --exceptions (--tiers or --modes) the modules also use 3.0's exception handling (tags,
 * throw, throw_ref, try_table) and tail calls, which node 20 does not run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gen.h"
#include "wr.h"

extern char **environ;

enum { EXIT_SKIP = 77, ARG_SETS = 3 };

static const char *trap_class(const wr_error *err)
{
    if (wr_error_kind_of(err) != WR_ERR_TRAP)
        return "error";
    switch (wr_error_trap_kind(err)) {
    case WR_TRAP_UNREACHABLE: return "unreachable";
    case WR_TRAP_MEMORY_OOB: return "memory";
    case WR_TRAP_TABLE_OOB:
    case WR_TRAP_UNDEFINED_ELEMENT: return "table";
    case WR_TRAP_DIV_ZERO: return "divzero";
    case WR_TRAP_INT_OVERFLOW: return "overflow";
    case WR_TRAP_INVALID_CONVERSION: return "conversion";
    case WR_TRAP_INDIRECT_TYPE_MISMATCH:
    case WR_TRAP_UNINITIALIZED_ELEMENT: return "indirect";
    case WR_TRAP_STACK_EXHAUSTED: return "stack";
    case WR_TRAP_NULL_FUNC_REF:
    case WR_TRAP_NULL_REF: return "null";
    default: return "other";
    }
}

static void print_val(FILE *out, wr_val v)
{
    switch (v.type) {
    case WR_I32: fprintf(out, "i32:%" PRId32, v.of.i32); return;
    case WR_I64: fprintf(out, "i64:%" PRId64, v.of.i64); return;
    case WR_F32:
        if ((v.of.f32_bits & 0x7F800000u) == 0x7F800000u && (v.of.f32_bits & 0x7FFFFFu))
            fputs("f32:nan", out);
        else
            fprintf(out, "f32:%08" PRIx32, v.of.f32_bits);
        return;
    case WR_F64:
        if ((v.of.f64_bits & 0x7FF0000000000000ull) == 0x7FF0000000000000ull &&
            (v.of.f64_bits & 0xFFFFFFFFFFFFFull))
            fputs("f64:nan", out);
        else
            fprintf(out, "f64:%016" PRIx64, v.of.f64_bits);
        return;
    default: fputs("unsupported", out); return;
    }
}

/* Arguments: edge cases and random values, never NaN (node would not keep its payload). */
static wr_val random_arg(gen_rng *rng, uint8_t type)
{
    static const int64_t ints[] = {0, 1, -1, 7, 255, 65536, INT32_MIN, INT32_MAX, INT64_MIN,
                                   INT64_MAX};
    static const double floats[] = {0.0, -0.0, 1.0, -1.5, 3e9, -7e18, 1e300, 1.0 / 0.0, 0.25};
    bool pick = gen_below(rng, 2);
    switch (type) {
    case WR_I32:
        return wr_val_i32((int32_t)(pick ? ints[gen_below(rng, 10)] : (int64_t)gen_next(rng)));
    case WR_I64:
        return wr_val_i64(pick ? ints[gen_below(rng, 10)] : (int64_t)gen_next(rng));
    case WR_F32:
        return wr_val_f32((float)(pick ? floats[gen_below(rng, 9)]
                                       : (double)(int32_t)gen_next(rng) / 64.0));
    default:
        return wr_val_f64(pick ? floats[gen_below(rng, 9)]
                               : (double)(int64_t)gen_next(rng) / 1024.0);
    }
}

static uint32_t fnv1a(const uint8_t *data, size_t len)
{
    uint32_t h = 0x811C9DC5u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ data[i]) * 0x01000193u;
    return h;
}

static bool write_file(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Run one module's calls in wr and append them, with wr's outcomes, to the case list.
 * Multi-memory, memory64 and typed function references are used only between the tiers
 * (node 20 has them behind flags), exception handling too (node 20 does not run it). */
static bool run_module(wr_engine *engine, const char *dir, uint64_t seed, unsigned features,
                       FILE *cases)
{
    gen_module m;
    if (!gen_module_make(seed, features, &m)) {
        gen_module_free(&m);
        fprintf(stderr, "wr-diff: out of memory generating seed %" PRIu64 "\n", seed);
        return false;
    }
    char name[64], path[PATH_MAX + 80];
    snprintf(name, sizeof name, "m%" PRIu64 ".wasm", seed);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!write_file(path, m.bytes.data, m.bytes.len)) {
        gen_module_free(&m);
        fprintf(stderr, "wr-diff: cannot write %s\n", path);
        return false;
    }
    wr_module *module = NULL;
    wr_error *err = wr_module_new(engine, m.bytes.data, m.bytes.len, &module);
    if (err) {
        fprintf(cases, "reject %s %s\n", name, wr_error_message(err));
        wr_error_free(err);
        gen_module_free(&m);
        return true;
    }
    wr_store *store = wr_store_new(engine);
    wr_instance *instance = NULL;
    err = store ? wr_instance_new(store, module, NULL, 0, &instance) : NULL;
    if (!store || err) {
        fprintf(cases, "reject %s instantiation: %s\n", name,
                err ? wr_error_message(err) : "out of memory");
        wr_error_free(err);
        wr_store_free(store);
        wr_module_free(module);
        gen_module_free(&m);
        return true;
    }
    fprintf(cases, "module %s\n", name);
    gen_rng rng = {seed ^ 0xA5A5A5A5A5A5A5A5ull};
    for (uint32_t i = 0; i < m.nfuncs; i++) {
        char fname[16];
        snprintf(fname, sizeof fname, "f%" PRIu32, i);
        wr_func *func = wr_instance_func(instance, fname);
        const gen_func *gf = &m.funcs[i];
        for (int set = 0; func && set < ARG_SETS; set++) {
            wr_val args[GEN_MAX_PARAMS], result;
            for (uint32_t k = 0; k < gf->nparams; k++)
                args[k] = random_arg(&rng, gf->params[k]);
            err = wr_func_call(store, func, args, gf->nparams, &result, 1);
            fprintf(cases, "call %s ", fname);
            size_t nthrown = 0;
            const wr_val *thrown = err ? wr_error_exception_values(err, &nthrown) : NULL;
            if (nthrown) { /* an uncaught exception (--exceptions): its value */
                fputs("exception:", cases);
                print_val(cases, thrown[0]);
            } else if (err) {
                fprintf(cases, "trap:%s", trap_class(err));
            } else {
                print_val(cases, result);
            }
            for (uint32_t k = 0; k < gf->nparams; k++) {
                fputc(' ', cases);
                print_val(cases, args[k]);
            }
            fputc('\n', cases);
            if (err && wr_error_kind_of(err) != WR_ERR_TRAP && !nthrown)
                fprintf(stderr, "wr-diff: %s of seed %" PRIu64 ": %s\n", fname, seed,
                        wr_error_message(err));
            wr_error_free(err);
        }
    }
    fputs("globals", cases);
    for (int i = 0; i < 4; i++) {
        char gname[3] = {'g', (char)('0' + i), 0};
        wr_extern ext;
        fputc(' ', cases);
        if (wr_instance_export(instance, gname, 2, &ext) && ext.kind == WR_EXTERN_GLOBAL)
            print_val(cases, wr_global_get(ext.of.global));
        else
            fputs("missing", cases);
    }
    fputc('\n', cases);
    wr_memory *mem = wr_instance_memory(instance);
    fprintf(cases, "mem %" PRIu32 " %08" PRIx32 "\n", mem ? wr_memory_pages(mem) : 0,
            mem ? fnv1a(wr_memory_data(mem), wr_memory_size(mem)) : 0);
    wr_extern mem1;
    if (wr_instance_export(instance, "mem1", 4, &mem1) && mem1.kind == WR_EXTERN_MEMORY)
        fprintf(cases, "mem1 %" PRIu32 " %08" PRIx32 "\n", wr_memory_pages(mem1.of.memory),
                fnv1a(wr_memory_data(mem1.of.memory), wr_memory_size(mem1.of.memory)));
    wr_store_free(store);
    wr_module_free(module);
    gen_module_free(&m);
    return true;
}

static int run_node(const char *node, const char *driver, const char *cases)
{
    char *argv[] = {(char *)node, (char *)driver, (char *)cases, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, node, NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "wr-diff: cannot start %s: %s\n", node, strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* One module's case list, as text, from one engine; NULL when out of memory or failing. */
static char *module_cases(wr_engine *engine, const char *dir, uint64_t seed, unsigned features)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    bool ok = run_module(engine, dir, seed, features, f);
    if (fclose(f) != 0 || !ok) {
        free(text);
        return NULL;
    }
    return text;
}

/* --tiers: the interpreter and the compiled tier must agree on every module; --modes: the
 * interpreter with bounds checks and with guard regions. */
static bool compare_engines(const wr_config *cfg, bool modes, unsigned features, const char *dir,
                            uint64_t seed, uint64_t count)
{
    char cache[PATH_MAX + 16];
    snprintf(cache, sizeof cache, "%s/cache", dir);
    wr_config first_cfg = *cfg, second_cfg = *cfg;
    if (modes) {
        first_cfg.bounds_checks = true;
        second_cfg.bounds_checks = false;
    } else {
        second_cfg.tier = WR_TIER_COMPILED;
        second_cfg.cache_dir = cache;
    }
    const char *first_name = modes ? "bounds checks" : "interpreter";
    const char *second_name = modes ? "guard regions" : "compiled";
    wr_engine *first = wr_engine_new(&first_cfg), *second = wr_engine_new(&second_cfg);
    bool ok = first && second;
    uint64_t mismatches = 0;
    for (uint64_t i = 0; ok && i < count; i++) {
        char *a = module_cases(first, dir, seed + i, features);
        char *b = module_cases(second, dir, seed + i, features);
        ok = a && b;
        if (ok && strcmp(a, b) != 0) {
            mismatches++;
            printf("wr-diff: seed %" PRIu64 " differs\n--- %s\n%s--- %s\n%s", seed + i,
                   first_name, a, second_name, b);
        }
        free(a);
        free(b);
    }
    wr_engine_free(first);
    wr_engine_free(second);
    if (ok)
        printf("wr-diff: %" PRIu64 " modules, %" PRIu64 " differ between %s and %s\n", count,
               mismatches, first_name, second_name);
    return ok && !mismatches;
}

int main(int argc, char **argv)
{
    const char *node = NULL, *driver = NULL;
    uint64_t seed = 1, count = 200;
    bool keep = false, guard_regions = false, tiers = false, modes = false, exceptions = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--node") && i + 1 < argc)
            node = argv[++i];
        else if (!strcmp(argv[i], "--driver") && i + 1 < argc)
            driver = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--count") && i + 1 < argc)
            count = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--keep"))
            keep = true;
        else if (!strcmp(argv[i], "--guard-regions"))
            guard_regions = true;
        else if (!strcmp(argv[i], "--tiers"))
            tiers = true;
        else if (!strcmp(argv[i], "--modes"))
            modes = true;
        else if (!strcmp(argv[i], "--exceptions"))
            exceptions = true;
        else {
            fprintf(stderr, "usage: wr-diff --node PATH --driver driver.mjs [--seed S] "
                            "[--count N] [--keep] [--guard-regions]\n"
                            "       wr-diff --tiers [--seed S] [--count N] [--keep] "
                            "[--guard-regions]\n"
                            "       wr-diff --modes [--exceptions] [--seed S] [--count N] "
                            "[--keep]\n"
                            "       wr-diff --tiers --exceptions [--seed S] [--count N] [--keep] "
                            "[--guard-regions]\n");
            return 1;
        }
    }
    if (exceptions && !modes && !tiers) {
        fprintf(stderr, "wr-diff: --exceptions goes with --tiers or --modes: node 20 does not "
                        "run exception handling\n");
        return 1;
    }
    if (modes)
        tiers = true; /* wr against itself, no node */
    if (!tiers && (!node || !*node || access(node, X_OK) != 0)) {
        printf("wr-diff: node not found, skipped\n");
        return EXIT_SKIP;
    }
    if (!tiers && (!driver || access(driver, R_OK) != 0)) {
        fprintf(stderr, "wr-diff: no driver script\n");
        return 1;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/wr-diff-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("wr-diff: mkdtemp");
        return 1;
    }
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.fuel = 100000000; /* generated code always ends; running out would be a bug */
    cfg.bounds_checks = !guard_regions;
    if (tiers) {
        unsigned features = GEN_MEMORIES | GEN_TAIL_CALLS | GEN_FUNC_REFS;
        if (exceptions)
            features |= GEN_EXCEPTIONS;
        bool same = compare_engines(&cfg, modes, features, dir, seed, count);
        if (same && !keep)
            nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
        else
            printf("wr-diff: modules kept in %s\n", dir);
        return same ? 0 : 1;
    }
    char cases_path[PATH_MAX + 16];
    snprintf(cases_path, sizeof cases_path, "%s/cases.txt", dir);
    FILE *cases = fopen(cases_path, "w");
    wr_engine *engine = wr_engine_new(&cfg);
    bool ok = cases && engine;
    for (uint64_t i = 0; ok && i < count; i++)
        ok = run_module(engine, dir, seed + i, GEN_TAIL_CALLS, cases);
    if (cases && fclose(cases) != 0)
        ok = false;
    wr_engine_free(engine);
    int rc = ok ? run_node(node, driver, cases_path) : -1;
    if (rc == 0 && !keep)
        nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    else
        printf("wr-diff: modules and cases kept in %s\n", dir);
    return rc == 0 ? 0 : 1;
}
