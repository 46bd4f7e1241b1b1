/*
 * Every WASI function called many times with arguments drawn from edge values and noise,
 * on a small guest memory full of noise, over a host directory and a memfs. Nothing is
 * checked but that every call returns a known errno: under ASan/UBSan this is the proof
 * that guest input cannot crash the host. For poll_oneoff, clock subscriptions get short
 * relative timeouts so that the noise does not make it sleep.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "test_util.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"
#include "wasi/state.h"

enum { MEM_SIZE = 4096, ROUNDS = 1000 };

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static uint64_t pick_arg(uint64_t *seed, bool i32)
{
    static const uint64_t edges[] = {0, 1, 2, 3, 4, 5, 8, 24, 64, MEM_SIZE - 64, MEM_SIZE - 8,
                                     MEM_SIZE - 1, MEM_SIZE, MEM_SIZE + 1, 0x7FFFFFFF,
                                     0xFFFFFFFF, 0xFFFFFFF0};
    uint64_t r = next_random(seed);
    uint64_t v = r % 3 ? edges[(r >> 8) % (sizeof edges / sizeof edges[0])] : next_random(seed);
    return i32 ? (uint32_t)v : v;
}

/* Every clock subscription from `in` to the end of memory: relative, at most ~1 ms. */
static void short_clocks(uint8_t *mem, uint64_t in)
{
    for (uint64_t at = in; at + SUBSCRIPTION_SIZE <= MEM_SIZE; at += SUBSCRIPTION_SIZE) {
        if (mem[at + SUB_TAG] != WASI_EVENTTYPE_CLOCK)
            continue;
        put_u64(mem + at + SUB_CLOCK_TIMEOUT, get_u64(mem + at + SUB_CLOCK_TIMEOUT) % 1000000);
        put_u16(mem + at + SUB_CLOCK_FLAGS, 0);
    }
}

static bool discard(void *user, const uint8_t *buf, size_t len)
{
    (void)user, (void)buf, (void)len;
    return true;
}

int main(void)
{
    check_counts counts = {0};
    char dir[] = "/tmp/wr-wasi-fuzz-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    wr_memfs *fs = wr_memfs_new();
    wr_error *e = wr_memfs_write_file(fs, "a/file", "content", 7, 0);
    wr_error_free(e);
    wr_wasi_config *cfg = wr_wasi_config_new();
    char spec[64];
    snprintf(spec, sizeof spec, "%s::/host", dir);
    wr_wasi_config_preopen(cfg, spec, false);
    wr_wasi_config_preopen_memfs(cfg, fs, "/", "/mem", false);
    wr_wasi_config_stdin_push(cfg);
    wr_wasi_config_output_callback(cfg, 1, discard, NULL);
    wr_wasi_config_output_callback(cfg, 2, discard, NULL);
    wr_wasi *w = wasi_of(&counts, cfg);
    if (!w)
        return 1;
    /* Pushed stdin that never blocks: some bytes, then end of file. */
    CHECK_EQ(&counts, wr_wasi_stdin_push(w, "some bytes for the reads to find", 32), 1);
    wr_wasi_stdin_close(w);
    static uint8_t mem[MEM_SIZE];
    guest_mem m = {mem, sizeof mem};
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    int unknown = 0;
    for (size_t i = 0; i < wr_wasi_import_count; i++) {
        const wasi_import *imp = &wr_wasi_imports[i];
        for (int round = 0; round < ROUNDS; round++) {
            for (size_t k = 0; k < sizeof mem; k++)
                mem[k] = (uint8_t)next_random(&seed);
            /* Half the time, a plausible short path at offset 0. */
            if (round & 1) {
                const char *path = round & 2 ? "a/file" : "../x";
                memcpy(mem, path, strlen(path) + 1);
            }
            wr_valtype types[WASI_MAX_PARAMS];
            uint64_t args[WASI_MAX_PARAMS];
            size_t nargs = wr_wasi_import_params(imp, types);
            for (size_t k = 0; k < nargs; k++)
                args[k] = pick_arg(&seed, types[k] == WR_I32);
            if (strcmp(imp->name, "poll_oneoff") == 0)
                short_clocks(mem, args[0]);
            uint16_t r = imp->fn(w, &m, args);
            if (r >= WASI_ERRNO_COUNT && r != WASI_EXITED)
                unknown++;
        }
    }
    CHECK_EQ(&counts, unknown, 0);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_report(&counts);
}
