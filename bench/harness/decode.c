#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"
#include "gen_module.h"
#include "util/alloc.h"

#define BATCHES 3
#define MIN_BATCH_SECONDS 0.1
#define MB (1024.0 * 1024.0)

/* Finds the largest .wasm file under dir (recursively) and stores its path in best. */
static void find_largest(const char *dir, char *best, size_t best_size, off_t *best_len)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        char path[4096];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, entry->d_name) >= sizeof path)
            continue;
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t name_len = strlen(entry->d_name);
        if (S_ISDIR(st.st_mode)) {
            find_largest(path, best, best_size, best_len);
        } else if (name_len > 5 && strcmp(entry->d_name + name_len - 5, ".wasm") == 0 &&
                   st.st_size > *best_len) {
            *best_len = st.st_size;
            snprintf(best, best_size, "%s", path);
        }
    }
    closedir(d);
}

/* One decode pass: validate only, or the full wr_module_new. */
static wr_error *decode_once(wr_engine *engine, const uint8_t *bytes, size_t len, bool keep)
{
    if (!keep)
        return wr_module_validate(engine, bytes, len);
    wr_module *module = NULL;
    wr_error *err = wr_module_new(engine, bytes, len, &module);
    if (!err)
        wr_module_free(module);
    return err;
}

/* The best throughput in MB/s over a few batches, each long enough to time reliably. */
static wr_error *throughput(wr_engine *engine, const uint8_t *bytes, size_t len, bool keep,
                            double *mb_per_s)
{
    double best = INFINITY;
    for (int batch = 0; batch < BATCHES; batch++) {
        int passes = 0;
        double start = bench_cpu_seconds(), elapsed;
        do {
            wr_error *err = decode_once(engine, bytes, len, keep);
            if (err)
                return err;
            passes++;
            elapsed = bench_cpu_seconds() - start;
        } while (elapsed < MIN_BATCH_SECONDS);
        if (elapsed / passes < best)
            best = elapsed / passes;
    }
    *mb_per_s = (double)len / MB / best;
    return NULL;
}

/* Prints one row and returns the two throughputs; returns false when wr rejected the module. */
static bool measure(wr_engine *engine, const char *label, const uint8_t *bytes, size_t len,
                    double *validate, double *full)
{
    printf("%-34s %9.2f ", label, (double)len / MB);
    fflush(stdout);
    wr_error *err = throughput(engine, bytes, len, false, validate);
    if (!err) {
        printf("%14.1f ", *validate);
        fflush(stdout);
        err = throughput(engine, bytes, len, true, full);
    }
    if (err) {
        printf(" failed: %s\n", wr_error_message(err));
        wr_error_free(err);
        return false;
    }
    printf("%14.1f\n", *full);
    return true;
}

int bench_decode(const char *wasi_tests_dir)
{
    bench_print_machine(NULL);
    wr_engine *engine = wr_engine_new(NULL);
    if (!engine) {
        fprintf(stderr, "wr-bench: out of memory\n");
        return 1;
    }
    int status = 0;
    printf("CPU time, best of %d batches of at least %.1f s each\n\n", BATCHES,
           MIN_BATCH_SECONDS);
    printf("%-34s %9s %14s %14s\n", "module", "MB", "validate MB/s", "module_new MB/s");

    double validate, full;
    char largest[4096] = "";
    off_t largest_len = 0;
    find_largest(wasi_tests_dir, largest, sizeof largest, &largest_len);
    if (!largest[0]) {
        printf("no .wasm files under %s (pass the wasi-tests folder as an argument)\n",
               wasi_tests_dir);
    } else {
        size_t len;
        uint8_t *bytes = bench_read_file(largest, &len);
        const char *base = strrchr(largest, '/');
        const char *label = base ? base + 1 : largest;
        if (!bytes) {
            perror(largest);
            status = 1;
        } else if (!measure(engine, label, bytes, len, &validate, &full)) {
            status = 1;
        }
        wr_mem_free(bytes);
    }

    /* The same generator at growing sizes: equal MB/s means decoding time is linear. */
    static const size_t sizes_mb[] = {1, 5, 20};
    enum { SIZES = sizeof sizes_mb / sizeof sizes_mb[0] };
    double validate_rate[SIZES], full_rate[SIZES];
    size_t measured = 0;
    for (size_t i = 0; i < SIZES; i++) {
        size_t len;
        uint8_t *bytes = bench_generate_module(sizes_mb[i] << 20, 1, &len);
        if (!bytes) {
            fprintf(stderr, "wr-bench: out of memory generating a module\n");
            status = 1;
            break;
        }
        char label[64];
        snprintf(label, sizeof label, "generated, %zu MB", sizes_mb[i]);
        if (measure(engine, label, bytes, len, &validate_rate[i], &full_rate[i]))
            measured++;
        else
            status = 1;
        free(bytes);
    }
    if (measured == SIZES)
        printf("\ntime per MB at %zu MB relative to %zu MB (1.00 = linear): validate %.2f, "
               "module_new %.2f\n",
               sizes_mb[SIZES - 1], sizes_mb[0], validate_rate[0] / validate_rate[SIZES - 1],
               full_rate[0] / full_rate[SIZES - 1]);
    wr_engine_free(engine);
    return status;
}

int bench_write_generated(const char *path, size_t min_size)
{
    size_t len;
    uint8_t *bytes = bench_generate_module(min_size, 1, &len);
    if (!bytes) {
        fprintf(stderr, "wr-bench: out of memory generating a module\n");
        return 1;
    }
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(bytes, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    free(bytes);
    if (!ok) {
        perror(path);
        return 1;
    }
    printf("wrote %s (%zu bytes)\n", path, len);
    return 0;
}
