/*
 * Reads the 3.0 suite's per-script feature list (see script_features.h). A script at
 * <suite>/core/<key>/<name>.json has the entry files.<key> in
 * <suite>/tools/check-report.json, e.g. "gc/array" or "ref_null".
 */
#include "script_features.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util/file.h"

/* Features of the 3.0 suite that wr does not implement. */
static const char *const missing[] = {"gc"};

struct spec_features {
    char *root;        /* the suite's core/ folder */
    uint8_t *text;
    json_value *report;
};

/* Script folders sit at most this deep below core/ (core/<folder>/<name>/). */
#define MAX_KEY_DEPTH 2

void spec_features_free(spec_features *f)
{
    if (!f)
        return;
    json_free(f->report);
    wr_mem_free(f->text);
    free(f->root);
    free(f);
}

/* Loads root/../tools/check-report.json; NULL when there is none. */
static spec_features *load(const char *root, size_t root_len)
{
    char report_path[4096];
    if (snprintf(report_path, sizeof report_path, "%.*s/../tools/check-report.json",
                 (int)root_len, root) >= (int)sizeof report_path)
        return NULL;
    spec_features *f = calloc(1, sizeof *f);
    size_t len;
    if (!f || wr_read_file(&wr_default_allocator, report_path, SIZE_MAX, &f->text, &len) ||
        !(f->report = json_parse((const char *)f->text, len, NULL, 0)) ||
        !(f->root = strndup(root, root_len))) {
        spec_features_free(f);
        return NULL;
    }
    return f;
}

/* The report entry of the script whose folder is dir (dir_len bytes), trying each
 * ancestor up to MAX_KEY_DEPTH levels up as core/. */
static const json_value *entry_of(spec_features **cache, const char *dir, size_t dir_len)
{
    size_t root_len = dir_len;
    for (int depth = 0; depth < MAX_KEY_DEPTH; depth++) {
        while (root_len > 0 && dir[root_len - 1] != '/')
            root_len--;
        if (root_len == 0)
            return NULL;
        root_len--; /* the slash */
        if (!*cache || strlen((*cache)->root) != root_len ||
            strncmp((*cache)->root, dir, root_len) != 0) {
            spec_features *f = load(dir, root_len);
            if (!f)
                continue;
            spec_features_free(*cache);
            *cache = f;
        }
        char key[1024];
        size_t key_len = dir_len - root_len - 1;
        if (key_len >= sizeof key)
            return NULL;
        memcpy(key, dir + root_len + 1, key_len);
        key[key_len] = '\0';
        return json_get(json_get((*cache)->report, "files"), key);
    }
    return NULL;
}

const char *spec_missing_feature(spec_features **cache, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    const json_value *features = json_get(entry_of(cache, path, (size_t)(slash - path)), "features");
    if (!features || features->kind != JSON_ARRAY)
        return NULL;
    for (size_t i = 0; i < features->count; i++)
        for (size_t k = 0; k < sizeof missing / sizeof missing[0]; k++)
            if (json_is_string(&features->items[i], missing[k]))
                return missing[k];
    return NULL;
}
