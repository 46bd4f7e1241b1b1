/* wasi_config_t: what a WASI instance of wr_wasm_wasi.h is made from, kept until then so that
 * later calls can replace earlier ones (wr_wasi_config only appends). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi/wasi.h"
#include "util/alloc.h"
#include "util/file.h"

extern char **environ;

static void strings_clear(wr_capi_strings *s)
{
    for (size_t i = 0; i < s->count; i++)
        wr_mem_free(s->items[i]);
    wr_mem_free(s->items);
    *s = (wr_capi_strings){0};
}

/* Takes str (which may be NULL: out of memory). */
static bool strings_take(wr_capi_strings *s, char *str)
{
    if (!str)
        return false;
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        char **items = wr_mem_realloc(&wr_default_allocator, s->items, cap, sizeof *items);
        if (!items) {
            wr_mem_free(str);
            return false;
        }
        s->items = items;
        s->cap = cap;
    }
    s->items[s->count++] = str;
    return true;
}

static char *join(const char *a, const char *sep, const char *b)
{
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *s = wr_mem_alloc(&wr_default_allocator, 1, la + ls + lb + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, sep, ls);
        memcpy(s + la + ls, b, lb + 1);
    }
    return s;
}

wasi_config_t *wasi_config_new(void) { return wr_mem_zalloc(&wr_default_allocator, 1,
                                                            sizeof(wasi_config_t)); }

void wasi_config_delete(wasi_config_t *config)
{
    if (!config)
        return;
    strings_clear(&config->argv);
    strings_clear(&config->env);
    strings_clear(&config->preopens);
    for (int fd = 0; fd < 3; fd++)
        wr_mem_free(config->stdio[fd].path);
    wr_mem_free(config);
}

bool wasi_config_set_argv(wasi_config_t *config, size_t argc, const char *argv[])
{
    strings_clear(&config->argv);
    for (size_t i = 0; i < argc; i++)
        if (!strings_take(&config->argv, wr_mem_strdup(&wr_default_allocator, argv[i])))
            return false;
    return true;
}

/* The process's arguments are only known to main; Linux also shows them here. */
void wasi_config_inherit_argv(wasi_config_t *config)
{
    strings_clear(&config->argv);
    enum { MAX_CMDLINE = 1 << 24 };
    uint8_t *text;
    size_t len;
    if (wr_read_file(&wr_default_allocator, "/proc/self/cmdline", MAX_CMDLINE, &text, &len) != 0)
        return;
    /* NUL-terminated arguments, one after the other. */
    for (size_t at = 0; at < len;) {
        const char *arg = (const char *)text + at;
        size_t n = strnlen(arg, len - at);
        if (!strings_take(&config->argv, wr_mem_strndup(&wr_default_allocator, arg, n)))
            break;
        at += n + 1;
    }
    wr_mem_free(text);
}

bool wasi_config_set_env(wasi_config_t *config, size_t envc, const char *names[],
                         const char *values[])
{
    strings_clear(&config->env);
    for (size_t i = 0; i < envc; i++)
        if (!strings_take(&config->env, join(names[i], "=", values[i])))
            return false;
    return true;
}

void wasi_config_inherit_env(wasi_config_t *config)
{
    strings_clear(&config->env);
    for (char **e = environ; e && *e; e++)
        if (strchr(*e, '=') && !strings_take(&config->env, wr_mem_strdup(&wr_default_allocator,
                                                                         *e)))
            break;
}

static bool set_stdio(wasi_config_t *config, int fd, wr_capi_stdio_mode mode, const char *path)
{
    char *copy = path ? wr_mem_strdup(&wr_default_allocator, path) : NULL;
    if (path && !copy)
        return false;
    wr_mem_free(config->stdio[fd].path);
    config->stdio[fd] = (wr_capi_stdio){mode, copy};
    return true;
}

bool wasi_config_set_stdin_file(wasi_config_t *config, const char *path)
{
    return set_stdio(config, 0, WR_CAPI_STDIO_FILE, path);
}

bool wasi_config_set_stdout_file(wasi_config_t *config, const char *path)
{
    return set_stdio(config, 1, WR_CAPI_STDIO_FILE, path);
}

bool wasi_config_set_stderr_file(wasi_config_t *config, const char *path)
{
    return set_stdio(config, 2, WR_CAPI_STDIO_FILE, path);
}

void wasi_config_inherit_stdin(wasi_config_t *config) { set_stdio(config, 0, WR_CAPI_STDIO_INHERIT, NULL); }
void wasi_config_inherit_stdout(wasi_config_t *config) { set_stdio(config, 1, WR_CAPI_STDIO_INHERIT, NULL); }
void wasi_config_inherit_stderr(wasi_config_t *config) { set_stdio(config, 2, WR_CAPI_STDIO_INHERIT, NULL); }

bool wasi_config_preopen_dir(wasi_config_t *config, const char *path, const char *guest_path)
{
    return strings_take(&config->preopens, join(path, "::", guest_path));
}

static long read_nothing(void *user, uint8_t *buf, size_t len)
{
    (void)user;
    (void)buf;
    (void)len;
    return 0;
}

static bool discard(void *user, const uint8_t *buf, size_t len)
{
    (void)user;
    (void)buf;
    (void)len;
    return true;
}

static bool apply_stdio(wr_wasi_config *cfg, int fd, const wr_capi_stdio *s)
{
    switch (s->mode) {
    case WR_CAPI_STDIO_INHERIT: return wr_wasi_config_stdio_inherit(cfg, fd, fd);
    case WR_CAPI_STDIO_FILE: return wr_wasi_config_stdio_file(cfg, fd, s->path);
    default:
        return fd == 0 ? wr_wasi_config_stdin_callback(cfg, read_nothing, NULL)
                       : wr_wasi_config_output_callback(cfg, fd, discard, NULL);
    }
}

wr_wasi_config *wr_capi_wasi_config_build(const wasi_config_t *config)
{
    wr_wasi_config *cfg = wr_wasi_config_new();
    bool ok = cfg != NULL;
    for (size_t i = 0; ok && i < config->argv.count; i++)
        ok = wr_wasi_config_arg(cfg, config->argv.items[i]);
    for (size_t i = 0; ok && i < config->env.count; i++)
        ok = wr_wasi_config_env_pair(cfg, config->env.items[i]);
    for (size_t i = 0; ok && i < config->preopens.count; i++)
        ok = wr_wasi_config_preopen(cfg, config->preopens.items[i], false);
    for (int fd = 0; ok && fd < 3; fd++)
        ok = apply_stdio(cfg, fd, &config->stdio[fd]);
    if (!ok) {
        wr_wasi_config_free(cfg);
        return NULL;
    }
    return cfg;
}
