/* wr run [OPTIONS] FILE.wasm [ARGS...]: runs a WASI command, or calls one export with --invoke
 * (after the reactor's _initialize), the way wasmtime does; the options are the table below. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/alloc.h"
#include "watchdog.h"
#include "wr_wasi.h"

extern char **environ;

typedef struct run_request {
    const char *invoke; /* the export to call; NULL means a WASI command's _start */
    const char *argv0;  /* the program's argv[0]; NULL for the module file's base name */
    const char *path;
    int nargs;
    char **args;
    wr_cli_limits limits;
    wr_wasi_config *wasi; /* preopens, sockets, environment and the program's arguments */
    bool inherit_env;
    const char **envs; /* --env texts, applied after the inherited environment */
    size_t nenvs;
} run_request;

static bool set_invoke(void *state, const char *value)
{
    ((run_request *)state)->invoke = value;
    return *value != '\0';
}

static bool set_argv0(void *state, const char *value)
{
    ((run_request *)state)->argv0 = value;
    return true;
}

static bool add_dir(void *state, const char *value)
{
    return wr_wasi_config_preopen(((run_request *)state)->wasi, value, false);
}

/* NAME=VALUE, or NAME alone to pass the host's value on (nothing when the host has none). */
static bool add_env(void *state, const char *value)
{
    run_request *req = state;
    if (value[0] == '=' || value[0] == '\0')
        return false;
    req->envs[req->nenvs++] = value;
    return true;
}

static bool add_tcplisten(void *state, const char *value)
{
    return wr_wasi_config_tcplisten(((run_request *)state)->wasi, value);
}

static bool set_compile(void *state, const char *value)
{
    (void)value;
    ((run_request *)state)->limits.config.tier = WR_TIER_COMPILED;
    return true;
}

/* --tier=interp|compiled|auto, wasmtime's spelling of a choice by name. */
static bool set_tier(void *state, const char *value)
{
    static const struct {
        const char *name;
        wr_tier tier;
    } tiers[] = {
        {"interp", WR_TIER_INTERP}, {"compiled", WR_TIER_COMPILED}, {"auto", WR_TIER_AUTO}};
    for (size_t i = 0; i < sizeof tiers / sizeof tiers[0]; i++)
        if (strcmp(value, tiers[i].name) == 0) {
            ((run_request *)state)->limits.config.tier = tiers[i].tier;
            return true;
        }
    return false;
}

static bool set_trace(void *state, const char *value)
{
    (void)value;
    wr_wasi_config_trace(((run_request *)state)->wasi, wr_wasi_trace_print, NULL);
    return true;
}

static bool set_limit(void *state, const char *value)
{
    return wr_cli_limits_apply(&((run_request *)state)->limits, value);
}

static bool set_timeout(void *state, const char *value)
{
    return wr_cli_limits_timeout(&((run_request *)state)->limits, value);
}

/* -S inherit-env[=y|n] */
static bool set_inherit_env(void *state, const void *arg, const char *value)
{
    (void)arg;
    run_request *req = state;
    if (!value || strcmp(value, "y") == 0 || strcmp(value, "yes") == 0 || strcmp(value, "true") == 0)
        req->inherit_env = true;
    else if (strcmp(value, "n") == 0 || strcmp(value, "no") == 0 || strcmp(value, "false") == 0)
        req->inherit_env = false;
    else
        return false;
    return true;
}

static bool set_tcplisten_setting(void *state, const void *arg, const char *value)
{
    (void)arg;
    return value && add_tcplisten(state, value);
}

static const wr_cli_setting wasi_settings[] = {
    {"inherit-env", "[=y|n]", set_inherit_env, "pass the host's whole environment (--env wins)",
     NULL},
    {"tcplisten", "HOST:PORT", set_tcplisten_setting, "the same as --tcplisten", NULL},
};

static bool set_wasi(void *state, const char *value)
{
    return wr_cli_apply_setting("-S", wasi_settings, sizeof wasi_settings / sizeof wasi_settings[0],
                                state, value);
}

static const wr_cli_option run_options[] = {
    {"--invoke", "NAME", set_invoke, "call the export NAME (after _initialize), print results"},
    {"--dir", "HOST[::GUEST]", add_dir, "give the program the host folder HOST (as GUEST)"},
    {"--env", "NAME[=VALUE]", add_env, "set a variable; NAME alone passes the host's value on"},
    {"--argv0", "NAME", set_argv0, "the program's argv[0] (default: the file's base name)"},
    {"--tcplisten", "HOST:PORT", add_tcplisten, "give the program a listening TCP socket"},
    {"--timeout", "DURATION", set_timeout, "stop the run after DURATION: 2 (seconds), 500ms, 1m"},
    {"--trace-wasi", NULL, set_trace, "print every WASI call and its result on stderr"},
    {"--compile", NULL, set_compile, "run on the compiled tier (C compiler, ~/.cache/wr)"},
    {"--tier", "interp|compiled|auto", set_tier,
     "the tier; auto starts interpreted and switches once compiled in the background"},
    {"-W", "KEY=VALUE", set_limit, "a limit, as wasmtime spells it (below)"},
    {"-S", "KEY=VALUE", set_wasi, "a WASI setting, as wasmtime spells it (below)"},
};

static void more_help(FILE *out)
{
    wr_cli_limits_help(out);
    wr_cli_print_settings(out, "-S", wasi_settings, sizeof wasi_settings / sizeof wasi_settings[0]);
    fputs("\nA trap, an uncaught exception or a timeout exits with status 134; a command's "
          "proc_exit code is wr's.\n", out);
}

static const wr_cli_options run_cli = {
    .command = "run",
    .operands = "FILE.wasm [ARGS...]",
    .summary = "Runs a WASI command's _start with ARGS as its arguments, or, with --invoke, calls\n"
               "one export with ARGS read by its parameter types. FILE.wasm may be - (stdin),\n"
               "or an object written by wr compile.",
    .list = run_options,
    .count = sizeof run_options / sizeof run_options[0],
    .more_help = more_help,
};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Whether --env gave NAME, so that the inherited value gives way. */
static bool env_given(const run_request *req, const char *name, size_t len)
{
    for (size_t i = 0; i < req->nenvs; i++)
        if (strncmp(req->envs[i], name, len) == 0 && (req->envs[i][len] == '=' || !req->envs[i][len]))
            return true;
    return false;
}

/* The program's environment and arguments, once every option is known. */
static bool configure_wasi(run_request *req)
{
    bool ok = true;
    for (char **env = environ; ok && req->inherit_env && env && *env; env++) {
        const char *eq = strchr(*env, '=');
        if (eq && eq != *env && !env_given(req, *env, (size_t)(eq - *env)))
            ok = wr_wasi_config_env_pair(req->wasi, *env);
    }
    for (size_t i = 0; ok && i < req->nenvs; i++) {
        const char *text = req->envs[i], *host;
        if (strchr(text, '='))
            ok = wr_wasi_config_env_pair(req->wasi, text);
        else if ((host = getenv(text)) != NULL)
            ok = wr_wasi_config_env(req->wasi, text, host);
    }
    /* A command sees a base name as argv[0], not the host path it was found at; an --invoke
     * call takes ARGS as parameters. */
    ok = ok && wr_wasi_config_arg(req->wasi, req->argv0 ? req->argv0 : base_name(req->path));
    for (int a = 0; ok && !req->invoke && a < req->nargs; a++)
        ok = wr_wasi_config_arg(req->wasi, req->args[a]);
    /* -W checked the minimums these accept. */
    if (ok && req->limits.max_fds)
        ok = wr_wasi_config_max_fds(req->wasi, req->limits.max_fds);
    if (ok && req->limits.max_poll_subscriptions)
        ok = wr_wasi_config_max_poll_subscriptions(req->wasi, req->limits.max_poll_subscriptions);
    return ok;
}

/* Returns CLI_PARSED when the request is complete, or the exit status to end with. */
static int parse_request(int argc, char **argv, run_request *req)
{
    int first;
    int status = wr_cli_parse(&run_cli, req, argc, argv, &first);
    if (status != CLI_PARSED)
        return status;
    if (first >= argc)
        return wr_cli_usage_error(&run_cli, "no module file given");
    req->path = argv[first];
    req->args = argv + first + 1;
    req->nargs = argc - first - 1;
    if (!configure_wasi(req)) {
        fputs("wr: out of memory\n", stderr);
        return CLI_EXIT_FAILURE;
    }
    return CLI_PARSED;
}

/* Exit status for an error that ended the run. */
static int report_failure(const run_request *req, wr_error *e, bool timed_out)
{
    int status = CLI_EXIT_FAILURE;
    if (timed_out && wr_error_trap_kind(e) == WR_TRAP_INTERRUPTED) {
        fprintf(stderr, "wr: timeout after %g seconds\n", req->limits.timeout);
        status = CLI_EXIT_TRAP;
    } else if (wr_error_kind_of(e) == WR_ERR_EXIT) {
        status = wr_error_exit_code(e);
    } else {
        wr_cli_print_error(e);
        /* An uncaught exception ends the program as C++'s std::terminate would, abnormally. */
        if (wr_error_kind_of(e) == WR_ERR_TRAP || wr_error_kind_of(e) == WR_ERR_EXCEPTION)
            status = CLI_EXIT_TRAP;
    }
    wr_error_free(e);
    return status;
}

/* Reads the arguments by the function's parameter types. Returns NULL (after saying why) when
 * they do not fit; otherwise an array the caller frees. */
static wr_val *read_arguments(const run_request *req, const wr_functype *type)
{
    if ((uint32_t)req->nargs != type->nparams) {
        fputs("wr: ", stderr);
        wr_cli_print_text(stderr, req->invoke);
        fprintf(stderr, " takes %u argument%s ", type->nparams, type->nparams == 1 ? "" : "s");
        wr_cli_print_functype(stderr, type);
        fprintf(stderr, ", but %d %s given\n", req->nargs, req->nargs == 1 ? "was" : "were");
        return NULL;
    }
    wr_val *args = wr_mem_zalloc(&wr_default_allocator, type->nparams ? type->nparams : 1,
                                 sizeof *args);
    if (!args) {
        fputs("wr: out of memory\n", stderr);
        return NULL;
    }
    for (uint32_t i = 0; i < type->nparams; i++) {
        if (!wr_cli_parse_val(req->args[i], type->params[i], &args[i])) {
            fprintf(stderr, "wr: argument %u (", i + 1);
            wr_cli_print_text(stderr, req->args[i]);
            fprintf(stderr, ") is not a valid %s\n", wr_valtype_name(type->params[i]));
            wr_mem_free(args);
            return NULL;
        }
    }
    return args;
}

/* Lists the exported functions, for a hint about what --invoke could call. */
static void print_function_exports(const wr_module *module)
{
    enum { MAX_LISTED = 10 };
    size_t listed = 0, count = wr_module_export_count(module);
    for (size_t i = 0; i < count; i++) {
        wr_name name;
        wr_externtype type;
        wr_module_export(module, i, &name, &type);
        if (type.kind != WR_EXTERN_FUNC || strcmp(name.data, "_initialize") == 0)
            continue;
        if (listed == MAX_LISTED) {
            fputs(", ...", stderr);
            break;
        }
        fputs(listed++ ? ", " : " (exports: ", stderr);
        wr_cli_print_name(stderr, name);
    }
    fputs(listed ? ")\n" : "\n", stderr);
}

/* A module without _start: say what it is and what to do instead. */
static int not_a_command(const run_request *req, wr_instance *instance)
{
    fputs("wr: ", stderr);
    wr_cli_print_text(stderr, wr_cli_display_path(req->path));
    fputs(" exports no _start function, so it is not a WASI command", stderr);
    if (wr_instance_func(instance, "_initialize"))
        fputs("; it is a reactor", stderr);
    fputs(": call one of its functions with --invoke NAME", stderr);
    print_function_exports(wr_instance_module(instance));
    return CLI_EXIT_FAILURE;
}

/* Calls the --invoke export, after the reactor's _initialize, and prints its results.
 * Returns the exit status; *e is set when a call itself failed. */
static int invoke(const run_request *req, wr_store *store, wr_instance *instance, wr_error **e)
{
    wr_extern ext;
    if (!wr_instance_export(instance, req->invoke, strlen(req->invoke), &ext) || ext.kind != WR_EXTERN_FUNC) {
        fputs("wr: ", stderr);
        wr_cli_print_text(stderr, wr_cli_display_path(req->path));
        fputs(" exports no function named ", stderr);
        wr_cli_print_text(stderr, req->invoke);
        print_function_exports(wr_instance_module(instance));
        return CLI_EXIT_FAILURE;
    }
    const wr_functype *type = wr_func_type(ext.of.func);
    wr_val *args = read_arguments(req, type);
    if (!args)
        return CLI_EXIT_USAGE;
    wr_val *results = wr_mem_zalloc(&wr_default_allocator, type->nresults ? type->nresults : 1,
                                    sizeof *results);
    if (!results) {
        fputs("wr: out of memory\n", stderr);
        wr_mem_free(args);
        return CLI_EXIT_FAILURE;
    }
    wr_func *init = wr_instance_func(instance, "_initialize");
    if (init && strcmp(req->invoke, "_initialize") != 0)
        *e = wr_func_call(store, init, NULL, 0, NULL, 0);
    if (!*e)
        *e = wr_func_call(store, ext.of.func, args, type->nparams, results, type->nresults);
    for (uint32_t i = 0; !*e && i < type->nresults; i++)
        wr_cli_print_val(stdout, results[i]);
    wr_mem_free(args);
    wr_mem_free(results);
    return 0;
}

/* Instantiates and runs; *e is set when that failed. */
static int start(const run_request *req, wr_store *store, wr_linker *linker, wr_wasi *wasi,
                 wr_module *module, wr_error **e)
{
    wr_instance *instance = NULL;
    int status = 0;
    *e = wr_linker_instantiate(linker, store, module, &instance);
    if (*e)
        return status;
    if (req->invoke)
        return invoke(req, store, instance, e);
    if (!wr_instance_func(instance, "_start"))
        return not_a_command(req, instance);
    *e = wr_wasi_run_start(wasi, instance, &status);
    return status;
}

/* Links WASI, instantiates and runs in a store of its own. The watchdog, when there is one,
 * covers the start function too. */
static int execute(const run_request *req, wr_engine *engine, wr_module *module)
{
    wr_wasi *wasi = NULL;
    wr_store *store = wr_store_new(engine);
    wr_linker *linker = wr_linker_new(engine);
    if (!store || !linker) {
        fputs("wr: out of memory\n", stderr);
        if (linker)
            wr_linker_free(linker);
        if (store)
            wr_store_free(store);
        return CLI_EXIT_FAILURE;
    }
    wr_error *e = wr_wasi_new(store, req->wasi, &wasi);
    if (!e)
        e = wr_wasi_define(linker, wasi);
    wr_cli_watchdog watchdog;
    bool watching = false;
    bool ready = !e && (req->limits.timeout == 0 ||
                        (watching = wr_cli_watchdog_start(&watchdog, store, wasi, req->limits.timeout)));
    int status = ready || e ? 0 : CLI_EXIT_FAILURE;
    if (ready)
        status = start(req, store, linker, wasi, module, &e);
    bool timed_out = watching && wr_cli_watchdog_stop(&watchdog);
    if (e)
        status = report_failure(req, e, timed_out);
    wr_linker_free(linker);
    /* The store's WASI functions point at wasi, so the store goes first. */
    wr_store_free(store);
    if (wasi)
        wr_wasi_free(wasi);
    return status;
}

/* An object written by wr compile (a shared object) rather than a wasm module. */
static bool is_object(const char *path)
{
    unsigned char magic[4] = {0};
    FILE *f = strcmp(path, "-") == 0 ? NULL : fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return n == 4 && memcmp(magic, "\177ELF", 4) == 0;
}

int wr_cli_run(int argc, char **argv)
{
    run_request req = {.wasi = wr_wasi_config_new(),
                       .envs = wr_mem_zalloc(&wr_default_allocator, (size_t)argc + 1, sizeof(char *))};
    wr_cli_limits_default(&req.limits);
    int status = CLI_EXIT_FAILURE;
    if (!req.wasi || !req.envs)
        fputs("wr: out of memory\n", stderr);
    else
        status = parse_request(argc, argv, &req);
    /* An object written by wr compile runs on the compiled tier. */
    if (status == CLI_PARSED && is_object(req.path))
        req.limits.config.tier = WR_TIER_COMPILED;
    wr_engine *engine = status == CLI_PARSED ? wr_cli_engine_new(&req.limits.config) : NULL;
    double start = wr_cli_seconds();
    wr_module *module = engine ? wr_cli_load(engine, req.path) : NULL;
    /* A build by the C compiler may take a while: say what it was. */
    double took = wr_cli_seconds() - start;
    if (module && req.limits.config.tier == WR_TIER_COMPILED && took > 1.0)
        fprintf(stderr, "wr: built %s on the compiled tier in %.1f s\n", req.path, took);
    if (module) {
        status = execute(&req, engine, module);
        wr_module_free(module);
    } else if (status == CLI_PARSED) {
        status = CLI_EXIT_FAILURE;
    }
    if (engine)
        wr_engine_free(engine);
    if (req.wasi)
        wr_wasi_config_free(req.wasi);
    wr_mem_free(req.envs);
    return status;
}
