/* The WASI config: what wr_wasi_new reads (arguments, environment, preopens, stdio, hooks,
 * limits), each setter copying what it is given. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "wasi/state.h"

wr_wasi_config *wr_wasi_config_new(void)
{
    wr_wasi_config *cfg = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *cfg);
    if (!cfg)
        return NULL;
    for (int i = 0; i < 3; i++)
        cfg->stdio[i] = (cfg_stdio){.kind = STDIO_INHERIT, .host_fd = i, .isatty = -1};
    cfg->max_fds = WASI_DEFAULT_MAX_FDS;
    cfg->max_poll_subscriptions = WASI_DEFAULT_MAX_POLL_SUBSCRIPTIONS;
    return cfg;
}

bool wr_wasi_config_max_fds(wr_wasi_config *cfg, uint32_t max)
{
    if (max < 3)
        return false;
    cfg->max_fds = max;
    return true;
}

bool wr_wasi_config_max_poll_subscriptions(wr_wasi_config *cfg, uint32_t max)
{
    if (!max)
        return false;
    cfg->max_poll_subscriptions = max;
    return true;
}

void wr_wasi_strings_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        wr_mem_free(v[i]);
    wr_mem_free(v);
}

char **wr_wasi_strings_copy(const wr_allocator *a, char *const *v, size_t n)
{
    char **out = wr_mem_zalloc(a, n ? n : 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++) {
        out[i] = wr_mem_strdup(a, v[i]);
        if (!out[i]) {
            wr_wasi_strings_free(out, i);
            return NULL;
        }
    }
    return out;
}

void wr_wasi_config_free(wr_wasi_config *cfg)
{
    if (!cfg)
        return;
    wr_wasi_strings_free(cfg->args, cfg->nargs);
    wr_wasi_strings_free(cfg->env, cfg->nenv);
    for (size_t i = 0; i < cfg->npreopens; i++) {
        cfg_preopen *p = &cfg->preopens[i];
        wr_mem_free(p->guest);
        wr_mem_free(p->host);
        wr_mem_free(p->memfs_dir);
        wr_memfs_free(p->memfs);
    }
    wr_mem_free(cfg->preopens);
    wr_wasi_config_sockets_free(cfg);
    for (int i = 0; i < 3; i++)
        wr_mem_free(cfg->stdio[i].path);
    wr_mem_free(cfg);
}

static bool push_string(char ***v, size_t *n, char *s)
{
    if (!s)
        return false;
    char **bigger = wr_mem_realloc(&wr_default_allocator, *v, (*n + 1), sizeof **v);
    if (!bigger) {
        wr_mem_free(s);
        return false;
    }
    bigger[(*n)++] = s;
    *v = bigger;
    return true;
}

bool wr_wasi_config_arg(wr_wasi_config *cfg, const char *arg)
{
    return arg && push_string(&cfg->args, &cfg->nargs, wr_mem_strdup(&wr_default_allocator, arg));
}

bool wr_wasi_config_env(wr_wasi_config *cfg, const char *name, const char *value)
{
    if (!name || !value || strchr(name, '='))
        return false;
    size_t nlen = strlen(name), vlen = strlen(value);
    char *s = wr_mem_alloc(&wr_default_allocator, 1, nlen + vlen + 2);
    if (!s)
        return false;
    memcpy(s, name, nlen);
    s[nlen] = '=';
    memcpy(s + nlen + 1, value, vlen + 1);
    return push_string(&cfg->env, &cfg->nenv, s);
}

bool wr_wasi_config_env_pair(wr_wasi_config *cfg, const char *pair)
{
    return pair && strchr(pair, '=') && pair[0] != '=' &&
           push_string(&cfg->env, &cfg->nenv, wr_mem_strdup(&wr_default_allocator, pair));
}

static bool push_preopen(wr_wasi_config *cfg, cfg_preopen p)
{
    cfg_preopen *bigger = wr_mem_realloc(&wr_default_allocator, cfg->preopens,
                                         (cfg->npreopens + 1), sizeof *bigger);
    if (!bigger)
        return false;
    bigger[cfg->npreopens++] = p;
    cfg->preopens = bigger;
    return true;
}

bool wr_wasi_config_preopen(wr_wasi_config *cfg, const char *spec, bool read_only)
{
    if (!spec || !*spec)
        return false;
    const char *sep = strstr(spec, "::");
    char *host = sep ? wr_mem_strndup(&wr_default_allocator, spec,
                                      (size_t)(sep - spec)) : wr_mem_strdup(&wr_default_allocator,
                                                                            spec);
    char *guest = wr_mem_strdup(&wr_default_allocator, sep ? sep + 2 : spec);
    if (!host || !guest || !*host || !*guest ||
        !push_preopen(cfg, (cfg_preopen){.guest = guest, .host = host, .read_only = read_only})) {
        wr_mem_free(host);
        wr_mem_free(guest);
        return false;
    }
    return true;
}

bool wr_wasi_config_preopen_memfs(wr_wasi_config *cfg, wr_memfs *fs, const char *dir_path,
                                  const char *guest_path, bool read_only)
{
    if (!fs || !guest_path || !*guest_path)
        return false;
    char *guest = wr_mem_strdup(&wr_default_allocator, guest_path);
    char *dir = wr_mem_strdup(&wr_default_allocator, dir_path ? dir_path : "/");
    if (!guest || !dir ||
        !push_preopen(cfg, (cfg_preopen){.guest = guest, .memfs = fs, .memfs_dir = dir,
                                         .read_only = read_only})) {
        wr_mem_free(guest);
        wr_mem_free(dir);
        return false;
    }
    wr_wasi_memfs_ref(fs);
    return true;
}

static cfg_stdio *stdio_slot(wr_wasi_config *cfg, int fd)
{
    if (fd < 0 || fd > 2)
        return NULL;
    cfg_stdio *s = &cfg->stdio[fd];
    wr_mem_free(s->path);
    *s = (cfg_stdio){.kind = STDIO_INHERIT, .host_fd = fd, .isatty = s->isatty};
    return s;
}

bool wr_wasi_config_stdio_inherit(wr_wasi_config *cfg, int fd, int host_fd)
{
    cfg_stdio *s = host_fd >= 0 ? stdio_slot(cfg, fd) : NULL;
    if (s)
        s->host_fd = host_fd;
    return s != NULL;
}

bool wr_wasi_config_stdio_file(wr_wasi_config *cfg, int fd, const char *path)
{
    char *copy = path ? wr_mem_strdup(&wr_default_allocator, path) : NULL;
    cfg_stdio *s = copy ? stdio_slot(cfg, fd) : NULL;
    if (!s) {
        wr_mem_free(copy);
        return false;
    }
    s->kind = STDIO_FILE;
    s->path = copy;
    return true;
}

bool wr_wasi_config_stdin_callback(wr_wasi_config *cfg, wr_wasi_read_fn fn, void *user)
{
    cfg_stdio *s = fn ? stdio_slot(cfg, 0) : NULL;
    if (s) {
        s->kind = STDIO_CALLBACK;
        s->read_fn = fn;
        s->user = user;
    }
    return s != NULL;
}

bool wr_wasi_config_stdin_callback_wakeable(wr_wasi_config *cfg, wr_wasi_read_fn read_fn,
                                            wr_wasi_wake_fn wake_fn, void *user)
{
    if (!wake_fn || !wr_wasi_config_stdin_callback(cfg, read_fn, user))
        return false;
    cfg->stdio[0].wake_fn = wake_fn;
    return true;
}

bool wr_wasi_config_stdin_push(wr_wasi_config *cfg)
{
    cfg_stdio *s = stdio_slot(cfg, 0);
    s->kind = STDIO_PUSH;
    return true;
}

bool wr_wasi_config_output_callback(wr_wasi_config *cfg, int fd, wr_wasi_write_fn fn, void *user)
{
    cfg_stdio *s = fn && fd != 0 ? stdio_slot(cfg, fd) : NULL;
    if (s) {
        s->kind = STDIO_CALLBACK;
        s->write_fn = fn;
        s->user = user;
    }
    return s != NULL;
}

bool wr_wasi_config_isatty(wr_wasi_config *cfg, int fd, int answer)
{
    if (fd < 0 || fd > 2 || answer < -1 || answer > 1)
        return false;
    cfg->stdio[fd].isatty = answer;
    return true;
}

void wr_wasi_config_clock(wr_wasi_config *cfg, wr_wasi_clock_fn fn, void *user)
{
    cfg->hooks.clock_fn = fn;
    cfg->hooks.clock_user = user;
}

void wr_wasi_config_random(wr_wasi_config *cfg, wr_wasi_random_fn fn, void *user)
{
    cfg->hooks.random_fn = fn;
    cfg->hooks.random_user = user;
}

void wr_wasi_config_trace(wr_wasi_config *cfg, wr_wasi_trace_fn fn, void *user)
{
    cfg->hooks.trace_fn = fn;
    cfg->hooks.trace_user = user;
}
