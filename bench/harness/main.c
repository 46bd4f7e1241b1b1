#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* Set by bench/CMakeLists.txt to the source folders; --dir and the decode argument override. */
#ifndef WR_BENCH_DIR
#define WR_BENCH_DIR "bench"
#endif
#ifndef WR_BENCH_WASI_TESTS
#define WR_BENCH_WASI_TESTS "../shared/wasi-tests"
#endif

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wr-bench [--dir BENCH_DIR] [--compile] [KERNEL]\n"
            "                                            time every kernel (or one) natively "
            "and in wr\n"
            "                                            (--compile: on the compiled tier, "
            "built into an empty cache)\n"
            "       wr-bench --list                      name the kernels\n"
            "       wr-bench [--dir BENCH_DIR] --check   run each kernel at a small n and "
            "compare checksums\n"
            "       wr-bench decode [WASI_TESTS_DIR]     decode and validate throughput\n"
            "       wr-bench generate FILE [MB]          write the generated decode-benchmark "
            "module\n"
            "BENCH_DIR holds kernels/ and simd/ (default %s)\n",
            WR_BENCH_DIR);
}

static int list_kernels(void)
{
    for (size_t i = 0; i < bench_kernel_count; i++)
        printf("%-14s %-20s %s (n=%u)\n", bench_kernels[i].name, bench_kernels[i].wasm,
               bench_kernels[i].what, bench_kernels[i].n);
    return 0;
}

/* Removes a fresh compiled-tier cache (flat: objects and their sums). */
static int finish(int status, const wr_config *config)
{
    if (!config->cache_dir)
        return status;
    DIR *d = opendir(config->cache_dir);
    for (struct dirent *de; d && (de = readdir(d));) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", config->cache_dir, de->d_name);
        if (de->d_name[0] != '.')
            unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(config->cache_dir);
    return status;
}

int main(int argc, char **argv)
{
    const char *bench_dir = WR_BENCH_DIR;
    int arg = 1;
    if (arg + 1 < argc && strcmp(argv[arg], "--dir") == 0) {
        bench_dir = argv[arg + 1];
        arg += 2;
    }
    /* The compiled tier builds into a fresh cache so the build time is real. */
    wr_config config;
    wr_config_default(&config);
    char cache[] = "/tmp/wr-bench-cache-XXXXXX";
    if (arg < argc && strcmp(argv[arg], "--compile") == 0) {
        arg++;
        if (!mkdtemp(cache)) {
            perror("wr-bench: mkdtemp");
            return 1;
        }
        config.tier = WR_TIER_COMPILED;
        config.cache_dir = cache;
    }
    if (arg == argc)
        return finish(bench_run_kernels(bench_dir, NULL, &config), &config);

    const char *command = argv[arg++];
    int rest = argc - arg;
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(command, "--list") == 0 && rest == 0)
        return list_kernels();
    if (strcmp(command, "--check") == 0 && rest == 0)
        return bench_check_kernels(bench_dir);
    if (strcmp(command, "decode") == 0 && rest <= 1)
        return bench_decode(rest ? argv[arg] : WR_BENCH_WASI_TESTS);
    if (strcmp(command, "generate") == 0 && (rest == 1 || rest == 2)) {
        long mb = rest == 2 ? strtol(argv[arg + 1], NULL, 10) : 5;
        if (mb <= 0 || mb > 1024) {
            fprintf(stderr, "wr-bench: size must be 1..1024 MB\n");
            return 2;
        }
        return bench_write_generated(argv[arg], (size_t)mb << 20);
    }
    if (command[0] != '-' && rest == 0) {
        const bench_kernel *kernel = bench_kernel_find(command);
        if (!kernel) {
            fprintf(stderr, "wr-bench: no kernel named '%s' (see wr-bench --list)\n", command);
            return 2;
        }
        return finish(bench_run_kernels(bench_dir, kernel, &config), &config);
    }
    usage(stderr);
    return 2;
}
