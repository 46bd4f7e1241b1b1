/*
 * Fuzz target: valid modules through the compiled tier's translator and the system C
 * compiler. Any module that validates must translate to C that compiles: an error from
 * the compiled tier is a bug and aborts, and so does anything the sanitizers catch in the
 * translator. Two sources of valid modules:
 *   - an input that is itself a module the interpreter accepts (the seeds are the module
 *     corpus, whose mutations that still validate reach constructs the generator never
 *     makes: br_table, multi-value blocks, SIMD, bulk memory, tables);
 *   - any other input seeds the differential fuzzer's generator (diff/gen.c), tail calls,
 *     multi-memory and memory64 included.
 * Objects are built at -O0 (a compile error does not depend on the level) into a private
 * cache folder that is emptied after each input.
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff/gen.h"
#include "wr.h"

/* Inputs over this size are not tried as modules: each one costs a C compile. */
enum { MAX_MODULE = 16 * 1024 };

static char cache_dir[64];
static wr_engine *interp, *compiled;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag;
    if (ftw->level > 0)
        remove(path);
    return 0;
}

static void empty_cache(void)
{
    nftw(cache_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void finish(void)
{
    empty_cache();
    rmdir(cache_dir);
    wr_engine_free(interp);
    wr_engine_free(compiled);
}

static void setup(void)
{
    snprintf(cache_dir, sizeof cache_dir, "/tmp/wr-fuzz-compile.XXXXXX");
    if (!mkdtemp(cache_dir)) {
        perror("fuzz_compile: mkdtemp");
        abort();
    }
    setenv("WR_COMPILE_OPT", "-O0", 1);
    wr_config cfg;
    wr_config_default(&cfg);
    interp = wr_engine_new(&cfg);
    cfg.tier = WR_TIER_COMPILED;
    cfg.cache_dir = cache_dir;
    compiled = wr_engine_new(&cfg);
    if (!interp || !compiled)
        abort();
    atexit(finish);
}

/* Builds the module on the compiled tier; it validated, so any error is the tier's, except
 * its refusal by name of an instruction it does not compile yet (a later proposal's). */
static void compile(const uint8_t *bytes, size_t len, const char *what)
{
    wr_module *module = NULL;
    wr_error *err = wr_module_new(compiled, bytes, len, &module);
    if (err && strstr(wr_error_message(err), "which this tier does not support yet")) {
        wr_error_free(err);
        err = NULL;
    }
    if (err) {
        fprintf(stderr, "fuzz_compile: %s validates but does not compile: %s\n", what,
                wr_error_message(err));
        abort();
    }
    wr_module_free(module);
    empty_cache();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!compiled)
        setup();
    wr_module *module = NULL;
    wr_error *err = size <= MAX_MODULE ? wr_module_new(interp, data, size, &module) : NULL;
    if (module) {
        wr_module_free(module);
        compile(data, size, "the input module");
        return 0;
    }
    wr_error_free(err);
    uint64_t seed = 0;
    memcpy(&seed, data, size < sizeof seed ? size : sizeof seed);
    gen_module m;
    if (gen_module_make(seed, GEN_TAIL_CALLS | GEN_MEMORIES | GEN_EXCEPTIONS | GEN_FUNC_REFS, &m))
        compile(m.bytes.data, m.bytes.len, "a generated module");
    gen_module_free(&m);
    return 0;
}
