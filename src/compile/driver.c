/*
 * The compiled tier's driver: builds a module's object with the system C compiler,
 * keeps it in the cache and loads it (see docs/compiled.md, "Cache").
 *
 * Cache entry for key K (hex of a hash over the module bytes, the compiler's command and
 * `--version` output, the flags, the memory mode, WRC_ABI_VERSION, the prelude text and
 * the translator's own sources, wrc_translator_id):
 *   K.so   the object;
 *   K.sum  the hash of K.so's bytes.
 * An entry is loaded only when K.sum matches the object's bytes, and then its descriptor
 * must carry the ABI version and K; anything else is deleted and rebuilt. Both files are
 * written under temporary names and renamed into place. The directory is created with
 * mode 0700 and refused when another user could write to it: whoever can write there can
 * make this process run their code.
 */
#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compile/compile.h"
#include "util/alloc.h"
#include "util/file.h"

extern char **environ;

/* Always passed: exact IEEE semantics, no libc, one exported symbol. -fsignaling-nans keeps
 * the optimiser from dropping operations such as x * 1.0 or x + -0.0, which must turn a
 * signaling NaN operand into a quiet one (the spec's "arithmetic NaN"). */
static const char *const base_flags[] = {
    "-shared", "-fPIC", "-fvisibility=hidden", "-fno-fast-math", "-ffp-contract=off",
    "-fsignaling-nans", "-fno-strict-aliasing", "-fwrapv", "-fno-math-errno", "-w",
    "-nostdlib", NULL};
#define MAX_ARGS 64
#define MAX_LOG 4000
/* A module with more than this much function code is split into several C files,
 * compiled WRC_COMPILE_JOBS at a time, at most MAX_PARTS of them. */
#define PART_CODE_BYTES ((uint64_t)64 * 1024)
#define MAX_PARTS 16

/* ---- hashing ----------------------------------------------------------------------- */

/* Four FNV-1a lanes with a final mix: a 256-bit fingerprint against stale and damaged
 * entries (not a defence against a writer: the directory's permissions are). */
typedef struct {
    uint64_t h[4];
} wrc_hash;

static void hash_init(wrc_hash *s)
{
    for (int i = 0; i < 4; i++)
        s->h[i] = 0xcbf29ce484222325ull ^ ((uint64_t)(i + 1) * 0x9e3779b97f4a7c15ull);
}

static void hash_bytes(wrc_hash *s, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t k = 0; k < n; k++)
        for (int i = 0; i < 4; i++)
            s->h[i] = (s->h[i] ^ (uint8_t)(b[k] + i)) * 0x100000001b3ull;
}

static void hash_hex(const wrc_hash *s, char out[WRC_KEY_CHARS])
{
    for (int i = 0; i < 4; i++) {
        uint64_t z = s->h[i] + 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        snprintf(out + 16 * i, 17, "%016llx", (unsigned long long)z);
    }
}

static bool hash_file(const wr_allocator *a, const char *path, char out[WRC_KEY_CHARS])
{
    uint8_t *bytes;
    size_t len;
    if (wr_read_file(a, path, (size_t)1 << 31, &bytes, &len) != 0)
        return false;
    wrc_hash s;
    hash_init(&s);
    hash_bytes(&s, bytes, len);
    hash_hex(&s, out);
    wr_mem_free(bytes);
    return true;
}

/* ---- running the compiler ---------------------------------------------------------- */

typedef struct {
    const wr_allocator *alloc; /* the engine's */
    char *words;        /* the command, split in place */
    char *argv[MAX_ARGS + 1];
    int argc;
    const char *cmd;    /* as configured, for messages */
    char opt[16];       /* -O level */
    wrc_cancel *cancel; /* NULL: the build cannot be cancelled */
} wrc_cc;

static wr_error *cc_init(const wr_engine *engine, wrc_cc *cc)
{
    const char *cmd = engine->config.cc;
    if (!cmd || !*cmd)
        cmd = getenv("WR_CC");
    if (!cmd || !*cmd)
        cmd = getenv("CC");
    if (!cmd || !*cmd)
        cmd = "cc";
    cc->cmd = cmd;
    cc->alloc = engine->alloc;
    cc->words = wr_mem_strdup(cc->alloc, cmd);
    if (!cc->words)
        return wr_error_nomem();
    cc->argc = 0;
    cc->cancel = NULL;
    char *rest = NULL; /* strtok_r: builds run on several threads at once */
    for (char *w = strtok_r(cc->words, " \t", &rest); w; w = strtok_r(NULL, " \t", &rest)) {
        if (cc->argc >= MAX_ARGS / 2) {
            wr_mem_free(cc->words);
            return wr_error_new(WR_ERR_ARG, "compiler command \"%s\" has too many words", cmd);
        }
        cc->argv[cc->argc++] = w;
    }
    if (!cc->argc) {
        wr_mem_free(cc->words);
        return wr_error_new(WR_ERR_ARG, "empty compiler command");
    }
    /* Tests build at -O0 or -O1 to keep the testsuite fast. */
    const char *opt = getenv("WR_COMPILE_OPT");
    snprintf(cc->opt, sizeof cc->opt, "%s",
             opt && (!strcmp(opt, "-O0") || !strcmp(opt, "-O1") || !strcmp(opt, "-O2") ||
                     !strcmp(opt, "-O3"))
                 ? opt
                 : "-O2");
    return NULL;
}

void wrc_cancel_build(wrc_cancel *c)
{
    c->cancelled = true;
    /* Each child leads a process group of its own: the compiler's own children (cc1, as,
     * ld) go with it. */
    for (int i = 0; i < WRC_COMPILE_JOBS; i++)
        if (c->pids[i])
            kill(-c->pids[i], SIGKILL);
}

/* Starts argv with stdin from in_path (or the caller's when NULL) and stdout and stderr
 * into log_path, leading a process group of its own when own_group; its pid, or -1. */
static pid_t start_child(char *const argv[], const char *in_path, const char *log_path,
                         bool own_group)
{
    posix_spawnattr_t attr;
    if (posix_spawnattr_init(&attr) != 0)
        return -1;
    bool ok = !own_group || (posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP) == 0 &&
                             posix_spawnattr_setpgroup(&attr, 0) == 0);
    posix_spawn_file_actions_t fa;
    pid_t pid = -1;
    if (ok && posix_spawn_file_actions_init(&fa) == 0) {
        if (in_path)
            posix_spawn_file_actions_addopen(&fa, 0, in_path, O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 1, log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        if (posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ) != 0)
            pid = -1;
        posix_spawn_file_actions_destroy(&fa);
    }
    posix_spawnattr_destroy(&attr);
    return pid;
}

/* start_child for the build: a cancellable build's child is started only while the build
 * is not cancelled, in a process group of its own (see wrc_cancel_build), and recorded. */
static pid_t spawn(const wrc_cc *cc, char *const argv[], const char *in_path, const char *log_path)
{
    wrc_cancel *c = cc->cancel;
    if (!c)
        return start_child(argv, in_path, log_path, false);
    pthread_mutex_lock(c->lock);
    pid_t pid = c->cancelled ? -1 : start_child(argv, in_path, log_path, true);
    for (int i = 0; pid > 0 && i < WRC_COMPILE_JOBS; i++)
        if (!c->pids[i]) {
            c->pids[i] = pid;
            break;
        }
    pthread_mutex_unlock(c->lock);
    return pid;
}

/* The exit status of a spawned process, or -1. */
static int wait_for(const wrc_cc *cc, pid_t pid)
{
    int status;
    if (pid < 0)
        return -1;
    wrc_cancel *c = cc->cancel;
    if (c) {
        siginfo_t info;
        while (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT) < 0 && errno == EINTR)
            ;
        pthread_mutex_lock(c->lock);
        for (int i = 0; i < WRC_COMPILE_JOBS; i++)
            if (c->pids[i] == pid)
                c->pids[i] = 0;
        pthread_mutex_unlock(c->lock);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run(const wrc_cc *cc, char *const argv[], const char *in_path, const char *log_path)
{
    return wait_for(cc, spawn(cc, argv, in_path, log_path));
}

static char *read_log(const wr_allocator *a, const char *path)
{
    uint8_t *bytes;
    size_t len;
    if (wr_read_file(a, path, MAX_LOG, &bytes, &len) != 0)
        return NULL;
    char *text = wr_mem_realloc(a, bytes, len + 1, 1);
    if (!text) {
        wr_mem_free(bytes);
        return NULL;
    }
    text[len] = 0;
    return text;
}

/* ---- the cache folder -------------------------------------------------------------- */

static bool make_dir(const char *path)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST)
        return true;
    return false;
}

/* The cache folder (owned), created when missing and checked for its permissions. */
static wr_error *cache_dir(const wr_engine *engine, char **out)
{
    const char *dir = engine->config.cache_dir;
    char *path = NULL;
    if (dir && *dir) {
        path = wr_mem_strdup(engine->alloc, dir);
    } else {
        const char *xdg = getenv("XDG_CACHE_HOME");
        const char *home = getenv("HOME");
        if (xdg && *xdg) {
            path = wr_mem_alloc(engine->alloc, strlen(xdg) + 4, 1);
            if (path) {
                make_dir(xdg);
                sprintf(path, "%s/wr", xdg);
            }
        } else if (home && *home) {
            path = wr_mem_alloc(engine->alloc, strlen(home) + 16, 1);
            if (path) {
                sprintf(path, "%s/.cache", home);
                make_dir(path);
                strcat(path, "/wr");
            }
        } else {
            return wr_error_new(WR_ERR_ARG, "compiled tier: no cache folder (set cache_dir, "
                                            "XDG_CACHE_HOME or HOME)");
        }
    }
    if (!path)
        return wr_error_nomem();
    struct stat st;
    if (!make_dir(path) || stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        wr_error *e = wr_error_new(WR_ERR_IO, "compiled tier: cannot create the cache folder "
                                              "%s: %s", path, strerror(errno));
        wr_mem_free(path);
        return e;
    }
    if (st.st_uid != geteuid() || (st.st_mode & 022)) {
        wr_error *e = wr_error_new(WR_ERR_IO,
                                   "compiled tier: the cache folder %s must belong to this user "
                                   "and not be writable by others (chmod 700 it)", path);
        wr_mem_free(path);
        return e;
    }
    *out = path;
    return NULL;
}

/* ---- loading ----------------------------------------------------------------------- */

/* The object in handle, checked against m (and key, for a cache entry); consumes handle. */
static wr_error *make_object(const wr_module *m, void *handle, const char *key, const char *path,
                             wrc_object **out)
{
    const wrc_descriptor *d = dlsym(handle, WRC_DESCRIPTOR_SYMBOL);
    const char *why = NULL;
    if (!d)
        why = "it has no descriptor";
    else if (d->abi_version != WRC_ABI_VERSION)
        why = "it was built for another version of wr";
    else if (key && strncmp(d->key, key, WRC_KEY_CHARS) != 0)
        why = "its key does not match";
    else if (d->nfuncs != m->nfuncs - m->nfunc_imports)
        why = "it was built for another module";
    else if (d->bounds_checks != (m->engine->config.bounds_checks ? 1u : 0u))
        why = "it was built for the other memory mode (bounds checks vs guard regions)";
    if (why) {
        dlclose(handle);
        return wr_error_new(WR_ERR_ARG, "compiled object %s cannot be used: %s", path, why);
    }
    wrc_object *obj = wr_mem_zalloc(m->alloc, 1, sizeof *obj);
    if (!obj) {
        dlclose(handle);
        return wr_error_nomem();
    }
    obj->handle = handle;
    obj->desc = d;
    obj->exceptions = wrc_uses_exceptions(m);
    wrc_fill_simd_table(obj->simd);
    *out = obj;
    return NULL;
}

/* Gives m its object: every defined function's code runs it from now on. */
static void install(wr_module *m, wrc_object *obj)
{
    m->native = obj;
    m->native_free = wrc_object_free;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        m->funcs[i].code->native = true;
}

static wr_error *load(const wr_module *m, const char *path, const char *key, wrc_object **out)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle)
        return wr_error_new(WR_ERR_IO, "cannot load compiled object %s: %s", path, dlerror());
    return make_object(m, handle, key, path, out);
}

void wrc_object_free(struct wrc_object *obj)
{
    if (!obj)
        return;
    dlclose(obj->handle);
    wr_mem_free(obj);
}

/* ---- building ---------------------------------------------------------------------- */

static wr_error *module_key(const wr_module *m, const wrc_cc *cc, const char *tmp_dir,
                            char key[WRC_KEY_CHARS])
{
    wrc_hash s;
    hash_init(&s);
    uint32_t abi = WRC_ABI_VERSION, checks = m->engine->config.bounds_checks;
    hash_bytes(&s, &abi, sizeof abi);
    hash_bytes(&s, &checks, sizeof checks);
    hash_bytes(&s, wrc_prelude_text, strlen(wrc_prelude_text));
    hash_bytes(&s, wrc_translator_id, strlen(wrc_translator_id));
    hash_bytes(&s, cc->cmd, strlen(cc->cmd) + 1);
    hash_bytes(&s, cc->opt, strlen(cc->opt) + 1);
    for (int i = 0; base_flags[i]; i++)
        hash_bytes(&s, base_flags[i], strlen(base_flags[i]) + 1);
    /* The compiler's identity: what it says its version is. */
    char log_path[4096];
    snprintf(log_path, sizeof log_path, "%s/version-XXXXXX", tmp_dir);
    int fd = mkstemp(log_path);
    if (fd < 0)
        return wr_error_new(WR_ERR_IO, "compiled tier: cannot write in %s: %s", tmp_dir,
                            strerror(errno));
    close(fd);
    char *argv[MAX_ARGS + 1];
    int n = 0;
    for (int i = 0; i < cc->argc; i++)
        argv[n++] = cc->argv[i];
    argv[n++] = "--version";
    argv[n] = NULL;
    int rc = run(cc, argv, NULL, log_path);
    char *version = read_log(cc->alloc, log_path);
    unlink(log_path);
    if (rc != 0 || !version) {
        wr_mem_free(version);
        return wr_error_new(WR_ERR_ARG,
                            "compiled tier: no C compiler: \"%s --version\" failed (set "
                            "wr_config.cc, WR_CC or CC to gcc or clang)", cc->cmd);
    }
    hash_bytes(&s, version, strlen(version));
    wr_mem_free(version);
    hash_bytes(&s, m->bytes, m->size);
    hash_hex(&s, key);
    return NULL;
}

/* One C file of a module and what becomes of it. */
typedef struct {
    char c_path[4096], o_path[4096], log_path[4096];
    pid_t pid;
} wrc_part;

/* Temporary files for a part: its source (written from text), log and object. */
static bool part_files(wrc_part *p, const char *dir, const wrc_buf *text)
{
    snprintf(p->c_path, sizeof p->c_path, "%s/src-XXXXXX.c", dir);
    snprintf(p->log_path, sizeof p->log_path, "%s/log-XXXXXX", dir);
    snprintf(p->o_path, sizeof p->o_path, "%s/part-XXXXXX.o", dir);
    int fd = mkstemps(p->c_path, 2);
    if (fd < 0) {
        p->c_path[0] = p->log_path[0] = p->o_path[0] = 0;
        return false;
    }
    bool ok = write(fd, text->text, text->len) == (ssize_t)text->len;
    ok = close(fd) == 0 && ok;
    int lfd = mkstemp(p->log_path);
    if (lfd < 0)
        p->log_path[0] = 0;
    else
        close(lfd);
    int ofd = mkstemps(p->o_path, 2);
    if (ofd < 0)
        p->o_path[0] = 0;
    else
        close(ofd);
    return ok && lfd >= 0 && ofd >= 0;
}

static void part_cleanup(wrc_part *p)
{
    /* WR_COMPILE_KEEP=1 keeps the C source beside the object, to read or debug it. */
    if (p->c_path[0] && !getenv("WR_COMPILE_KEEP"))
        unlink(p->c_path);
    if (p->log_path[0])
        unlink(p->log_path);
    if (p->o_path[0])
        unlink(p->o_path);
}

/* The compiler's command line: its words, the flags, then extra (NULL-terminated). */
static void command(const wrc_cc *cc, char **argv, char *const *extra)
{
    int n = 0;
    for (int i = 0; i < cc->argc; i++)
        argv[n++] = cc->argv[i];
    for (int i = 0; base_flags[i]; i++)
        argv[n++] = (char *)base_flags[i];
    argv[n++] = (char *)cc->opt;
    for (int i = 0; extra[i]; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
}

static wr_error *failed(const wrc_cc *cc, const wrc_part *p, int rc)
{
    char *log = read_log(cc->alloc, p->log_path);
    wr_error *err = wr_error_new(WR_ERR_IO, "compiled tier: %s failed to build %s (status %d): %s",
                                 cc->cmd, p->c_path, rc, log ? log : "no output");
    wr_mem_free(log);
    return err;
}

/* Compiles the parts, WRC_COMPILE_JOBS at a time when there are several, and links them into
 * out_path. Sources go in on stdin: a temporary file's name would end up in the object,
 * which must be the same for the same key. */
static wr_error *compile_parts(const wrc_cc *cc, wrc_part *parts, uint32_t nparts,
                               const char *out_path)
{
    char *argv[MAX_ARGS + MAX_PARTS + 8];
    if (nparts == 1) {
        char *extra[] = {"-o", (char *)out_path, "-x", "c", "-", "-lgcc", NULL};
        command(cc, argv, extra);
        int rc = run(cc, argv, parts[0].c_path, parts[0].log_path);
        return rc ? failed(cc, &parts[0], rc) : NULL;
    }
    wr_error *err = NULL;
    uint32_t started = 0, done = 0;
    while (done < nparts) {
        if (started < nparts && started - done < WRC_COMPILE_JOBS) {
            char *extra[] = {"-c", "-o", parts[started].o_path, "-x", "c", "-", NULL};
            command(cc, argv, extra);
            parts[started].pid = spawn(cc, argv, parts[started].c_path, parts[started].log_path);
            started++;
            continue;
        }
        int rc = wait_for(cc, parts[done].pid);
        if (rc && !err)
            err = failed(cc, &parts[done], rc);
        done++;
    }
    if (err)
        return err;
    char *extra[MAX_PARTS + 6];
    int n = 0;
    extra[n++] = "-o";
    extra[n++] = (char *)out_path;
    for (uint32_t i = 0; i < nparts; i++)
        extra[n++] = parts[i].o_path;
    extra[n++] = "-lgcc";
    extra[n] = NULL;
    command(cc, argv, extra);
    int rc = run(cc, argv, NULL, parts[0].log_path);
    return rc ? failed(cc, &parts[0], rc) : NULL;
}

/* Translates the module and builds out_path (written in place), in several C files
 * compiled in parallel when it is large. */
static wr_error *build(const wr_module *m, const wrc_cc *cc, const char *key, const char *dir,
                       const char *out_path, bool with_bytes)
{
    uint64_t parts_wanted = wrc_code_bytes(m) / PART_CODE_BYTES + 1;
    uint32_t nparts = parts_wanted < MAX_PARTS ? (uint32_t)parts_wanted : MAX_PARTS;
    wrc_buf *texts = wr_mem_zalloc(m->alloc, nparts, sizeof *texts);
    wrc_part *parts = wr_mem_zalloc(m->alloc, nparts, sizeof *parts);
    wr_error *err = texts && parts ? NULL : wr_error_nomem();
    for (uint32_t i = 0; texts && i < nparts; i++)
        texts[i].alloc = m->alloc;
    if (!err)
        err = wrc_emit_module(m, key, m->engine->config.bounds_checks, with_bytes, nparts, texts);
    for (uint32_t i = 0; !err && i < nparts; i++)
        if (!part_files(&parts[i], dir, &texts[i]))
            err = wr_error_new(WR_ERR_IO, "compiled tier: cannot write in %s: %s", dir,
                               strerror(errno));
    for (uint32_t i = 0; texts && i < nparts; i++)
        wrc_buf_free(&texts[i]);
    wr_mem_free(texts);
    if (!err)
        err = compile_parts(cc, parts, nparts, out_path);
    for (uint32_t i = 0; parts && i < nparts; i++)
        part_cleanup(&parts[i]);
    wr_mem_free(parts);
    return err;
}

/* Writes text to path through a temporary file and a rename. */
static bool write_atomic(const char *dir, const char *path, const char *text)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/tmp-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return false;
    size_t len = strlen(text);
    bool ok = write(fd, text, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return false;
    }
    return true;
}

/* Loads the entry when it is whole and its own; false otherwise (then it is removed). */
static bool try_cached(const wr_module *m, const char *so, const char *sum, const char *key,
                       wrc_object **out)
{
    char want[WRC_KEY_CHARS] = {0}, have[WRC_KEY_CHARS];
    FILE *f = fopen(sum, "r");
    if (!f) /* not there, or still being written by another builder: build our own */
        return false;
    bool ok = fread(want, 1, WRC_KEY_CHARS - 1, f) == WRC_KEY_CHARS - 1;
    fclose(f);
    if (ok && hash_file(m->alloc, so, have) && memcmp(want, have, WRC_KEY_CHARS - 1) == 0) {
        wr_error *err = load(m, so, key, out);
        if (!err)
            return true;
        wr_error_free(err);
    }
    unlink(so);
    unlink(sum);
    return false;
}

wr_error *wrc_build_object(const wr_module *m, wrc_cancel *cancel, wrc_object **out)
{
    wrc_cc cc;
    wr_error *err = cc_init(m->engine, &cc);
    if (err)
        return err;
    cc.cancel = cancel;
    char *dir = NULL;
    err = cache_dir(m->engine, &dir);
    char key[WRC_KEY_CHARS];
    if (!err)
        err = module_key(m, &cc, dir, key);
    if (err) {
        wr_mem_free(cc.words);
        wr_mem_free(dir);
        return err;
    }
    size_t n = strlen(dir) + WRC_KEY_CHARS + 16;
    char *so = wr_mem_alloc(m->alloc, n, 1), *sum = wr_mem_alloc(m->alloc, n, 1);
    char *tmp = wr_mem_alloc(m->alloc, n + 16, 1);
    if (!so || !sum || !tmp) {
        err = wr_error_nomem();
        goto out;
    }
    snprintf(so, n, "%s/%s.so", dir, key);
    snprintf(sum, n, "%s/%s.sum", dir, key);
    if (try_cached(m, so, sum, key, out))
        goto out;
    snprintf(tmp, n + 16, "%s/obj-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        err = wr_error_new(WR_ERR_IO, "compiled tier: cannot write in %s: %s", dir,
                           strerror(errno));
        goto out;
    }
    close(fd);
    err = build(m, &cc, key, dir, tmp, false);
    /* Loaded before it is renamed into place, so that another process replacing or
     * removing the entry meanwhile cannot take it away. */
    char digest[WRC_KEY_CHARS];
    if (!err && !hash_file(m->alloc, tmp, digest))
        err = wr_error_new(WR_ERR_IO, "compiled tier: cannot read %s: %s", tmp, strerror(errno));
    if (!err)
        err = load(m, tmp, key, out);
    if (!err && (rename(tmp, so) != 0 || !write_atomic(dir, sum, digest))) {
        /* The module runs; only the cache entry is missing. */
        unlink(tmp);
        unlink(so);
    }
    if (err)
        unlink(tmp);
out:
    wr_mem_free(so);
    wr_mem_free(sum);
    wr_mem_free(tmp);
    wr_mem_free(dir);
    wr_mem_free(cc.words);
    return err;
}

wr_error *wrc_compile_module(wr_module *m)
{
    wrc_object *obj = NULL;
    wr_error *err = wrc_build_object(m, NULL, &obj);
    if (!err)
        install(m, obj);
    return err;
}

wr_error *wrc_compile_to_file(wr_module *m, const char *path)
{
    wrc_cc cc;
    wr_error *err = cc_init(m->engine, &cc);
    if (err)
        return err;
    char *dir = wr_mem_strdup(m->alloc, path), *slash = dir ? strrchr(dir, '/') : NULL;
    if (!dir) {
        wr_mem_free(cc.words);
        return wr_error_nomem();
    }
    if (slash)
        *slash = 0;
    else
        strcpy(dir, ".");
    char key[WRC_KEY_CHARS];
    err = module_key(m, &cc, dir, key);
    if (!err)
        err = build(m, &cc, key, dir, path, true);
    wr_mem_free(dir);
    wr_mem_free(cc.words);
    return err;
}

bool wrc_is_object(const uint8_t *bytes, size_t len)
{
    return len >= 4 && memcmp(bytes, "\177ELF", 4) == 0;
}

wr_error *wrc_object_open(const wr_allocator *a, const char *path, void **handle, uint8_t **bytes,
                          size_t *len)
{
    /* A path without a slash would make dlopen search the library path. */
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return wr_error_new(WR_ERR_IO, "cannot open %s: %s", path, strerror(errno));
    void *h = dlopen(abs, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return wr_error_new(WR_ERR_IO, "cannot load compiled object %s: %s", path, dlerror());
    const wrc_descriptor *d = dlsym(h, WRC_DESCRIPTOR_SYMBOL);
    if (!d || d->abi_version != WRC_ABI_VERSION || !d->module_bytes) {
        dlclose(h);
        return wr_error_new(WR_ERR_ARG,
                            "%s is not an object written by `wr compile` of this version of wr "
                            "(compile its module again)", path);
    }
    *bytes = wr_mem_alloc(a, d->module_size ? (size_t)d->module_size : 1, 1);
    if (!*bytes) {
        dlclose(h);
        return wr_error_nomem();
    }
    memcpy(*bytes, d->module_bytes, (size_t)d->module_size);
    *len = (size_t)d->module_size;
    *handle = h;
    return NULL;
}

wr_error *wrc_object_bind(wr_module *m, void *handle, const char *path, wr_error *err)
{
    if (err) {
        dlclose(handle);
        return err;
    }
    wrc_object *obj = NULL;
    err = make_object(m, handle, NULL, path, &obj);
    if (!err)
        install(m, obj);
    return err;
}
