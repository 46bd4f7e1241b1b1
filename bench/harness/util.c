/* Helpers shared by the benchmark programs: see util.h. */
#define _GNU_SOURCE /* nftw */
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "util/file.h"

double bench_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_wall_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bench_children_cpu_seconds(void)
{
    struct rusage usage;
    if (getrusage(RUSAGE_CHILDREN, &usage) != 0)
        return 0;
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

/* The "model name" line of /proc/cpuinfo, or "unknown CPU" where there is none. */
static void cpu_model(char *out, size_t size)
{
    snprintf(out, size, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) != 0)
            continue;
        const char *value = strchr(line, ':');
        if (!value)
            break;
        value++;
        while (*value == ' ' || *value == '\t')
            value++;
        snprintf(out, size, "%.*s", (int)strcspn(value, "\n"), value);
        break;
    }
    fclose(f);
}

void bench_print_machine(const char *wasm_build)
{
    char cpu[256];
    cpu_model(cpu, sizeof cpu);
    printf("machine: %s, %ld cores online\n", cpu, sysconf(_SC_NPROCESSORS_ONLN));
#if defined(__clang__)
    printf("native:  clang %s -O2\n", __clang_version__);
#elif defined(__GNUC__)
    printf("native:  gcc %s -O2\n", __VERSION__);
#else
    printf("native:  unknown compiler -O2\n");
#endif
    if (wasm_build)
        printf("wasm:    %s\n", wasm_build);
}

uint8_t *bench_read_file(const char *path, size_t *len)
{
    uint8_t *data;
    int err = wr_read_file(&wr_default_allocator, path, SIZE_MAX, &data, len);
    if (err)
        errno = err;
    return data;
}

bool bench_make_temp_dir(const char *prefix, char *out, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    int len = snprintf(out, size, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix);
    if (len < 0 || (size_t)len >= size) {
        errno = ENAMETOOLONG;
        return false;
    }
    return mkdtemp(out) != NULL;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

bool bench_remove_tree(const char *path)
{
    /* Depth first, so each folder is empty by the time it is removed. */
    return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0;
}
