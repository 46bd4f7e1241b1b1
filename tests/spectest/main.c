/*
 * wr-spectest: runs the WebAssembly core testsuite (wast2json form) against libwr.
 *
 *   wr-spectest [--no-exec] [--no-simd] [--guard] [--compile | --auto] [-v]
 *               [SCRIPT.json | FOLDER]...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "script_features.h"
#include "script.h"

#ifndef WR_SPECTEST_DIR
#define WR_SPECTEST_DIR "../shared/spec-tests/core"
#endif

/* Folders nested deeper than this are not searched (guards against symlink loops). */
#define MAX_FOLDER_DEPTH 16

typedef struct path_list {
    char **items;
    size_t count, cap;
} path_list;

static bool push(path_list *list, const char *path)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        char **grown = realloc(list->items, cap * sizeof *grown);
        if (!grown)
            return false;
        list->items = grown;
        list->cap = cap;
    }
    char *copy = strdup(path);
    if (!copy)
        return false;
    list->items[list->count++] = copy;
    return true;
}

static bool is_json(const char *name)
{
    size_t len = strlen(name);
    return len > 5 && strcmp(name + len - 5, ".json") == 0;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every *.json under folder. */
static bool collect_folder(const char *folder, path_list *list, int depth)
{
    if (depth > MAX_FOLDER_DEPTH)
        return true;
    DIR *d = opendir(folder);
    if (!d) {
        fprintf(stderr, "wr-spectest: cannot open %s\n", folder);
        return false;
    }
    bool ok = true;
    struct dirent *entry;
    while (ok && (entry = readdir(d))) {
        if (entry->d_name[0] == '.')
            continue;
        size_t size = strlen(folder) + strlen(entry->d_name) + 2;
        char *child = malloc(size);
        if (!child) {
            ok = false;
            break;
        }
        snprintf(child, size, "%s/%s", folder, entry->d_name);
        struct stat st;
        if (stat(child, &st) == 0 && S_ISDIR(st.st_mode))
            ok = collect_folder(child, list, depth + 1);
        else if (is_json(entry->d_name))
            ok = push(list, child);
        free(child);
    }
    closedir(d);
    return ok;
}

static bool collect(const char *path, path_list *list)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "wr-spectest: %s does not exist\n", path);
        return false;
    }
    if (!S_ISDIR(st.st_mode))
        return push(list, path);
    size_t first = list->count;
    if (!collect_folder(path, list, 0))
        return false;
    qsort(list->items + first, list->count - first, sizeof *list->items, compare_paths);
    return true;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wr-spectest [--no-exec] [--no-simd] [--guard | --checks] [--compile | --auto]\n"
            "                   [--wasm2] [-v]\n"
            "                   [SCRIPT.json | FOLDER]...\n"
            "Runs wast2json command scripts, every *.json under a FOLDER (default: %s,\n"
            "with --wasm2).\n"
            "  --no-exec  only decoding and validation; commands that execute are skipped\n"
            "  --no-simd  skip the commands that execute in simd_* scripts\n"
            "  --guard    run memories in guard-region mode (no explicit bounds checks)\n"
            "  --checks   check every memory access explicitly (the default, except with\n"
            "             --compile and --auto, whose default is --guard)\n"
            "  --compile  run modules on the compiled tier (WR_COMPILE_OPT=-O0 builds faster)\n"
            "  --auto     tier-up: modules start interpreted and switch to compiled code\n"
            "             between commands once built in the background\n"
            "  --wasm2    validate by 2.0's rules where 3.0 relaxed them (for the 2.0 suite)\n"
            "  -v         show the details of every failure\n",
            WR_SPECTEST_DIR);
}

static void free_list(path_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i]);
    free(list->items);
}

int main(int argc, char **argv)
{
    spec_options options = {0};
    path_list scripts = {0};
    bool any_path = false, ok = true;
    wr_config config;
    wr_config_default(&config);
    for (int i = 1; i < argc && ok; i++) {
        if (strcmp(argv[i], "--no-exec") == 0)
            options.no_exec = true;
        else if (strcmp(argv[i], "--no-simd") == 0)
            options.no_simd = true;
        else if (strcmp(argv[i], "--guard") == 0)
            config.bounds_checks = false;
        else if (strcmp(argv[i], "--checks") == 0)
            config.bounds_checks = true;
        else if (strcmp(argv[i], "--wasm2") == 0)
            config.wasm2_rules = true;
        else if (strcmp(argv[i], "--compile") == 0)
            config.tier = WR_TIER_COMPILED;
        else if (strcmp(argv[i], "--auto") == 0)
            config.tier = WR_TIER_AUTO;
        else if (strcmp(argv[i], "-v") == 0)
            options.verbose = true;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            free_list(&scripts);
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "wr-spectest: unknown option %s\n", argv[i]);
            usage(stderr);
            ok = false;
        } else {
            any_path = true;
            ok = collect(argv[i], &scripts);
        }
    }
    if (ok && !any_path) {
        config.wasm2_rules = true;
        ok = collect(WR_SPECTEST_DIR, &scripts);
    }
    if (!ok) {
        free_list(&scripts);
        return 2;
    }

    wr_engine *engine = wr_engine_new(&config);
    if (!engine) {
        fprintf(stderr, "wr-spectest: out of memory\n");
        free_list(&scripts);
        return 2;
    }
    spec_counts total = {0};
    spec_features *features = NULL;
    size_t by_feature_scripts = 0, by_feature_commands = 0;
    for (size_t i = 0; i < scripts.count; i++) {
        const char *feature = spec_missing_feature(&features, scripts.items[i]);
        spec_counts c = feature ? spec_skip_script(scripts.items[i], feature)
                                : spec_run_script(engine, scripts.items[i], &options);
        if (feature) {
            by_feature_scripts++;
            by_feature_commands += c.skipped;
        }
        total.passed += c.passed;
        total.failed += c.failed;
        total.skipped += c.skipped;
        fflush(stdout);
    }
    spec_features_free(features);
    if (by_feature_scripts)
        printf("skipped for features wr does not implement: %zu scripts, %zu commands\n",
               by_feature_scripts, by_feature_commands);
    printf("%zu passed, %zu failed, %zu skipped\n", total.passed, total.failed, total.skipped);
    wr_engine_free(engine);
    free_list(&scripts);
    return total.failed > 0;
}
