/*
 * The WASI function table against the preview1 ABI. A list written here from the witx
 * files (wasi_snapshot_preview1.witx, as wasi-libc's api.h lowers it: every result but the
 * errno becomes a trailing pointer) gives each function's wasm parameters with their names;
 * the test checks that
 *   - the table has exactly these functions and wr_wasi_define gives each this signature,
 *   - the trace of a call through the linker names and classes every argument as listed,
 *   - every import of every module of the wasi-testsuite resolves with its own type,
 *   - a traced call through an instance shows its path as text.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "test_util.h"
#include "wasi/handlers.h"
#include "wasi/state.h"
#include "wasm_builder.h"

static check_counts counts;

static const char WASI_MODULE[] = "wasi_snapshot_preview1";

/* Each parameter as "name:type", type i (i32) or I (i64); every function returns the errno
 * as an i32 but proc_exit, which returns nothing. */
static const struct {
    const char *name, *params;
} preview1[] = {
    {"args_get", "argv:i argv_buf:i"},
    {"args_sizes_get", "argc:i argv_buf_size:i"},
    {"environ_get", "environ:i environ_buf:i"},
    {"environ_sizes_get", "environc:i environ_buf_size:i"},
    {"clock_res_get", "id:i resolution:i"},
    {"clock_time_get", "id:i precision:I time:i"},
    {"fd_advise", "fd:i offset:I len:I advice:i"},
    {"fd_allocate", "fd:i offset:I len:I"},
    {"fd_close", "fd:i"},
    {"fd_datasync", "fd:i"},
    {"fd_fdstat_get", "fd:i stat:i"},
    {"fd_fdstat_set_flags", "fd:i flags:i"},
    {"fd_fdstat_set_rights", "fd:i fs_rights_base:I fs_rights_inheriting:I"},
    {"fd_filestat_get", "fd:i buf:i"},
    {"fd_filestat_set_size", "fd:i size:I"},
    {"fd_filestat_set_times", "fd:i atim:I mtim:I fst_flags:i"},
    {"fd_pread", "fd:i iovs:i iovs_len:i offset:I nread:i"},
    {"fd_prestat_get", "fd:i buf:i"},
    {"fd_prestat_dir_name", "fd:i path:i path_len:i"},
    {"fd_pwrite", "fd:i iovs:i iovs_len:i offset:I nwritten:i"},
    {"fd_read", "fd:i iovs:i iovs_len:i nread:i"},
    {"fd_readdir", "fd:i buf:i buf_len:i cookie:I bufused:i"},
    {"fd_renumber", "fd:i to:i"},
    {"fd_seek", "fd:i offset:I whence:i newoffset:i"},
    {"fd_sync", "fd:i"},
    {"fd_tell", "fd:i offset:i"},
    {"fd_write", "fd:i iovs:i iovs_len:i nwritten:i"},
    {"path_create_directory", "fd:i path:i path_len:i"},
    {"path_filestat_get", "fd:i flags:i path:i path_len:i buf:i"},
    {"path_filestat_set_times", "fd:i flags:i path:i path_len:i atim:I mtim:I fst_flags:i"},
    {"path_link", "old_fd:i old_flags:i old_path:i old_path_len:i new_fd:i new_path:i "
                  "new_path_len:i"},
    {"path_open", "fd:i dirflags:i path:i path_len:i oflags:i fs_rights_base:I "
                  "fs_rights_inheriting:I fdflags:i opened_fd:i"},
    {"path_readlink", "fd:i path:i path_len:i buf:i buf_len:i bufused:i"},
    {"path_remove_directory", "fd:i path:i path_len:i"},
    {"path_rename", "fd:i old_path:i old_path_len:i new_fd:i new_path:i new_path_len:i"},
    {"path_symlink", "old_path:i old_path_len:i fd:i new_path:i new_path_len:i"},
    {"path_unlink_file", "fd:i path:i path_len:i"},
    {"poll_oneoff", "in:i out:i nsubscriptions:i nevents:i"},
    {"proc_exit", "rval:i"},
    {"proc_raise", "sig:i"},
    {"sched_yield", ""},
    {"random_get", "buf:i buf_len:i"},
    {"sock_accept", "fd:i flags:i result_fd:i"},
    {"sock_recv", "fd:i ri_data:i ri_data_len:i ri_flags:i ro_datalen:i ro_flags:i"},
    {"sock_send", "fd:i si_data:i si_data_len:i si_flags:i so_datalen:i"},
    {"sock_shutdown", "fd:i how:i"},
};
enum { NFUNCS = sizeof preview1 / sizeof preview1[0] };

/* A listed function's parameters written the same way: from a functype and trace names. */
static void describe(const wr_functype *type, const char *const *names, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < type->nparams && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s:%c", i ? " " : "",
                                names ? names[i] : "?", type->params[i] == WR_I32 ? 'i' : 'I');
}

typedef struct traced {
    char params[256]; /* the last call's arguments, as the list writes them */
    char kinds[16];
    char line[512];
} traced;

static const wr_functype *traced_type; /* what the hook describes the arguments with */

static void on_call(void *user, const wr_wasi_call *call)
{
    traced *t = user;
    wr_valtype types[WASI_MAX_PARAMS];
    for (size_t i = 0; i < call->nargs && i < WASI_MAX_PARAMS; i++)
        types[i] = traced_type && i < traced_type->nparams ? traced_type->params[i] : WR_I32;
    wr_functype type = {.nparams = (uint32_t)call->nargs, .params = types};
    describe(&type, call->arg_names, t->params, sizeof t->params);
    snprintf(t->kinds, sizeof t->kinds, "%s", call->arg_kinds ? call->arg_kinds : "");
    wr_wasi_call_format(call, t->line, sizeof t->line);
}

/* The trace letter each listed parameter must get: a path's pointer 'P', another pointer
 * 'p', a flags or rights value 'x', a signed offset 's', any other number 'u'. Only checked
 * for being one of these and for 'P' on exactly the paths the function reads (the path of
 * fd_prestat_dir_name is a buffer it fills). */
static bool kinds_plausible(const char *func, const char *params, const char *kinds)
{
    bool reads_paths = strcmp(func, "fd_prestat_dir_name") != 0;
    size_t i = 0;
    for (const char *p = params; *p; i++) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        bool is_path = reads_paths && ((n == 6 && !strncmp(p, "path:i", 6)) ||
                                       (n == 10 && (!strncmp(p, "old_path:i", 10) ||
                                                    !strncmp(p, "new_path:i", 10))));
        if (!kinds[i] || !strchr("Ppxsu", kinds[i]) || (kinds[i] == 'P') != is_path)
            return false;
        p += n + (end != NULL);
    }
    return kinds[i] == 0;
}

static void check_table(void)
{
    printf("the table against the written preview1 list\n");
    CHECK_EQ(&counts, wr_wasi_import_count, NFUNCS);
    for (size_t i = 0; i < wr_wasi_import_count; i++) {
        bool listed = false;
        for (size_t k = 0; k < NFUNCS; k++)
            listed |= strcmp(wr_wasi_imports[i].name, preview1[k].name) == 0;
        if (!listed)
            printf("  %s is not in the list\n", wr_wasi_imports[i].name);
        CHECK_EQ(&counts, listed, 1);
    }
}

static void check_linked(void)
{
    printf("signatures and traces through the linker\n");
    wr_engine *engine = wr_engine_new(NULL);
    wr_store *store = wr_store_new(engine);
    wr_linker *linker = wr_linker_new(engine);
    wr_wasi_config *cfg = wr_wasi_config_new();
    traced tr = {.line = ""};
    wr_wasi_config_trace(cfg, on_call, &tr);
    wr_wasi_config_stdin_push(cfg); /* closed below: a read of fd 0 never waits */
    wr_wasi *w = NULL;
    wr_error *e = wr_wasi_new(store, cfg, &w);
    if (!e)
        e = wr_wasi_define(linker, w);
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    if (w)
        wr_wasi_stdin_close(w);
    for (size_t k = 0; w && k < NFUNCS; k++) {
        const char *name = preview1[k].name;
        wr_extern ext;
        bool found = wr_linker_get(linker, WASI_MODULE, sizeof WASI_MODULE - 1, name,
                                   strlen(name), &ext);
        CHECK_EQ(&counts, found && ext.kind == WR_EXTERN_FUNC, 1);
        if (!found)
            continue;
        const wr_functype *type = wr_func_type(ext.of.func);
        bool is_exit = strcmp(name, "proc_exit") == 0;
        CHECK_EQ(&counts, type->nresults, is_exit ? 0 : 1);
        CHECK_EQ(&counts, type->nresults == 0 || type->results[0] == WR_I32, 1);
        /* Every argument 0: no call can block or find memory (there is none). */
        wr_val args[WASI_MAX_PARAMS], result;
        for (uint32_t i = 0; i < type->nparams && i < WASI_MAX_PARAMS; i++)
            args[i] = type->params[i] == WR_I32 ? wr_val_i32(0) : wr_val_i64(0);
        tr.params[0] = 0;
        traced_type = type;
        e = wr_func_call(store, ext.of.func, args, type->nparams, &result, type->nresults);
        traced_type = NULL;
        CHECK_EQ(&counts, e == NULL || wr_error_kind_of(e) == WR_ERR_EXIT, 1);
        wr_error_free(e);
        if (strcmp(tr.params, preview1[k].params) != 0)
            printf("  %s: traced as (%s), listed as (%s)\n", name, tr.params, preview1[k].params);
        CHECK_EQ(&counts, strcmp(tr.params, preview1[k].params), 0);
        bool plausible = kinds_plausible(name, preview1[k].params, tr.kinds);
        if (!plausible)
            printf("  %s: kinds \"%s\"\n", name, tr.kinds);
        CHECK_EQ(&counts, plausible, 1);
    }
    wr_linker_free(linker);
    wr_store_free(store);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    wr_engine_free(engine);
}

/* Every wasi_snapshot_preview1 import of one module: defined, with the module's type. */
static void check_module_imports(wr_engine *engine, wr_linker *linker, const char *path,
                                 int *nimports)
{
    wr_module *module = NULL;
    wr_error *e = wr_module_load(engine, path, &module);
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    for (size_t i = 0; module && i < wr_module_import_count(module); i++) {
        wr_name mod, name;
        wr_externtype want;
        wr_module_import(module, i, &mod, &name, &want);
        if (mod.len != sizeof WASI_MODULE - 1 || memcmp(mod.data, WASI_MODULE, mod.len) != 0)
            continue;
        (*nimports)++;
        wr_extern got;
        bool found = wr_linker_get(linker, mod.data, mod.len, name.data, name.len, &got);
        if (!found)
            printf("  %s imports %.*s, which is not defined\n", path, (int)name.len, name.data);
        CHECK_EQ(&counts, found, 1);
        if (!found)
            continue;
        const wr_functype *have = wr_func_type(got.of.func), *need = &want.of.func;
        bool same = want.kind == WR_EXTERN_FUNC && have->nparams == need->nparams &&
                    have->nresults == need->nresults &&
                    !memcmp(have->params, need->params, need->nparams * sizeof *need->params) &&
                    !memcmp(have->results, need->results, need->nresults * sizeof *need->results);
        if (!same)
            printf("  %s: %.*s has another type\n", path, (int)name.len, name.data);
        CHECK_EQ(&counts, same, 1);
    }
    wr_module_free(module);
}

static void check_testsuite_imports(void)
{
    printf("the imports of the wasi-testsuite modules\n");
    wr_engine *engine = wr_engine_new(NULL);
    wr_store *store = wr_store_new(engine);
    wr_linker *linker = wr_linker_new(engine);
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi *w = NULL;
    wr_error *e = wr_wasi_new(store, cfg, &w);
    if (!e)
        e = wr_wasi_define(linker, w);
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    static const char *const langs[] = {"assemblyscript", "c", "rust"};
    int nmodules = 0, nimports = 0;
    for (size_t l = 0; w && l < sizeof langs / sizeof langs[0]; l++) {
        char dir_path[512];
        snprintf(dir_path, sizeof dir_path, "%s/%s", WR_WASI_TESTS_DIR, langs[l]);
        DIR *d = opendir(dir_path);
        for (struct dirent *de; d && (de = readdir(d));) {
            size_t n = strlen(de->d_name);
            if (n < 5 || strcmp(de->d_name + n - 5, ".wasm") != 0)
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir_path, de->d_name);
            check_module_imports(engine, linker, path, &nimports);
            nmodules++;
        }
        if (d)
            closedir(d);
    }
    printf("  %d modules, %d imports\n", nmodules, nimports);
    if (!nmodules)
        printf("  (no wasi-testsuite at %s)\n", WR_WASI_TESTS_DIR);
    wr_linker_free(linker);
    wr_store_free(store);
    wr_wasi_free(w);
    wr_wasi_config_free(cfg);
    wr_engine_free(engine);
}

/* A module whose _start calls path_filestat_get(3, 0, 16, 9, 256) on "hello.txt" at 16. */
static void stat_module(wbuf *mod)
{
    wbuf s = {0};
    wbuf_header(mod);
    /* types: 0 = (i32 x5) -> i32, 1 = () -> () */
    WBUF_SECTION(mod, 1, 2, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f, 0x60, 0, 0);
    WBUF_BYTES(&s, 1);
    wbuf_name(&s, WASI_MODULE);
    wbuf_name(&s, "path_filestat_get");
    WBUF_BYTES(&s, 0x00, 0);
    wbuf_section(mod, 2, &s);
    WBUF_SECTION(mod, 3, 1, 1);
    WBUF_SECTION(mod, 5, 1, 0x00, 1);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 2);
    wbuf_name(&s, "memory");
    WBUF_BYTES(&s, 0x02, 0);
    wbuf_name(&s, "_start");
    WBUF_BYTES(&s, 0x00, 1);
    wbuf_section(mod, 7, &s);
    /* i32.const 3 0 16 9 256; call 0; drop; end */
    WBUF_SECTION(mod, 10, 1, 16, 0, 0x41, 3, 0x41, 0, 0x41, 16, 0x41, 9, 0x41, 0x80, 0x02, 0x10, 0,
                 0x1a, 0x0b);
    wbuf_reset(&s);
    WBUF_BYTES(&s, 1, 0, 0x41, 16, 0x0b);
    wbuf_name(&s, "hello.txt");
    wbuf_section(mod, 11, &s);
    wbuf_free(&s);
}

static void check_traced_path(void)
{
    printf("a traced call through an instance\n");
    wbuf mod = {0};
    stat_module(&mod);
    wr_engine *engine = wr_engine_new(NULL);
    wr_store *store = wr_store_new(engine);
    wr_linker *linker = wr_linker_new(engine);
    wr_memfs *fs = wr_memfs_new();
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi_config_preopen_memfs(cfg, fs, "/", "/", false);
    traced tr = {.line = ""};
    wr_wasi_config_trace(cfg, on_call, &tr);
    wr_module *module = NULL;
    wr_wasi *w = NULL;
    int code = -1;
    wr_error *e = mod.failed ? wr_trap_new("out of memory building the module")
                             : wr_module_new(engine, mod.data, mod.len, &module);
    wbuf_free(&mod);
    if (!e)
        e = run_linked(linker, store, module, cfg, &w, &code);
    if (e)
        printf("  %s\n", wr_error_message(e));
    CHECK_EQ(&counts, e == NULL, 1);
    wr_error_free(e);
    const char *want = "path_filestat_get(fd=3, flags=0x0, path=0x10 \"hello.txt\", path_len=9, "
                       "buf=0x100) -> noent";
    if (strcmp(tr.line, want) != 0)
        printf("  got:  %s\n  want: %s\n", tr.line, want);
    CHECK_EQ(&counts, strcmp(tr.line, want), 0);
    wr_linker_free(linker);
    wr_store_free(store);
    wr_wasi_free(w);
    wr_module_free(module);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
    wr_engine_free(engine);
}

int main(void)
{
    check_table();
    check_linked();
    check_testsuite_imports();
    check_traced_path();
    return check_report(&counts);
}
