/* wr run [--invoke NAME] [--compile] [--timeout SECONDS] [--dir HOST[::GUEST]] [--env NAME=VALUE]
 *        [--tcplisten HOST:PORT] FILE.wasm [ARGS...] */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "watchdog.h"
#include "wr_wasi.h"

typedef struct run_request {
    const char *invoke;       /* the export to call; NULL means a WASI command's _start */
    const char *timeout_text; /* as given, for the message; NULL when there is no limit */
    double timeout;
    const char *path;
    int nargs;
    char **args;
    wr_wasi_config *wasi; /* preopens, environment and, for _start, the program's arguments */
    bool compile;         /* the compiled tier: --compile, or an object from wr compile */
} run_request;

static int usage(const char *problem)
{
    if (problem)
        fprintf(stderr, "wr run: %s\n", problem);
    fputs("usage: wr run [--invoke NAME] [--compile] [--timeout SECONDS] [--dir HOST[::GUEST]]\n"
          "              [--env NAME=VALUE] [--tcplisten HOST:PORT] FILE.wasm [ARGS...]\n",
          stderr);
    return CLI_EXIT_USAGE;
}

static bool parse_timeout(run_request *req, const char *text)
{
    char *end;
    req->timeout_text = text;
    req->timeout = strtod(text, &end);
    return end != text && !*end && isfinite(req->timeout) && req->timeout > 0 && req->timeout <= 1e9;
}

/* Every option of wr run but --trace-wasi takes a value. */
static bool is_run_option(const char *option)
{
    static const char *const options[] = {"--invoke", "--timeout", "--dir", "--env", "--tcplisten"};
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcmp(option, options[i]) == 0)
            return true;
    return false;
}

/* Returns 0 when the request is complete, or the exit status of a usage error. */
static int parse_request(int argc, char **argv, run_request *req)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "--trace-wasi") == 0) {
            wr_wasi_config_trace(req->wasi, wr_wasi_trace_print, NULL);
            continue;
        }
        if (strcmp(argv[i], "--compile") == 0) {
            req->compile = true;
            continue;
        }
        if (!is_run_option(argv[i])) {
            fprintf(stderr, "wr run: unknown option %s\n", argv[i]);
            return usage(NULL);
        }
        if (i + 1 >= argc)
            return usage("an option is missing its value");
        const char *option = argv[i], *value = argv[++i];
        bool ok = true;
        if (strcmp(option, "--invoke") == 0)
            req->invoke = value;
        else if (strcmp(option, "--timeout") == 0)
            ok = parse_timeout(req, value);
        else if (strcmp(option, "--dir") == 0)
            ok = wr_wasi_config_preopen(req->wasi, value, false);
        else if (strcmp(option, "--tcplisten") == 0)
            ok = wr_wasi_config_tcplisten(req->wasi, value);
        else
            ok = strchr(value, '=') && value[0] != '=' && wr_wasi_config_env_pair(req->wasi, value);
        if (!ok) {
            fprintf(stderr, "wr run: cannot use %s %s\n", option, value);
            return usage(NULL);
        }
    }
    if (i >= argc)
        return usage("no module file given");
    req->path = argv[i];
    req->args = argv + i + 1;
    req->nargs = argc - i - 1;
    /* A command sees its own path as argv[0]; an --invoke call takes ARGS as parameters. */
    bool ok = wr_wasi_config_arg(req->wasi, req->path);
    for (int a = 0; ok && !req->invoke && a < req->nargs; a++)
        ok = wr_wasi_config_arg(req->wasi, req->args[a]);
    if (!ok) {
        fputs("wr: out of memory\n", stderr);
        return 1;
    }
    return 0;
}

/* Exit status for an error that ended the run. */
static int report_failure(const run_request *req, wr_error *e, bool timed_out)
{
    int status = 1;
    if (timed_out && wr_error_trap_kind(e) == WR_TRAP_INTERRUPTED)
        fprintf(stderr, "wr: timeout after %s seconds\n", req->timeout_text);
    else if (wr_error_kind_of(e) == WR_ERR_EXIT)
        status = wr_error_exit_code(e);
    else
        wr_cli_print_error(e);
    wr_error_free(e);
    return status;
}

/* Reads the arguments by the function's parameter types. Returns NULL (after saying why) when
 * they do not fit; otherwise an array the caller frees. */
static wr_val *read_arguments(const run_request *req, const wr_functype *type)
{
    if ((uint32_t)req->nargs != type->nparams) {
        fprintf(stderr, "wr: %s takes %u argument%s ", req->invoke, type->nparams,
                type->nparams == 1 ? "" : "s");
        wr_cli_print_functype(stderr, type);
        fprintf(stderr, ", but %d %s given\n", req->nargs, req->nargs == 1 ? "was" : "were");
        return NULL;
    }
    wr_val *args = calloc(type->nparams ? type->nparams : 1, sizeof *args);
    if (!args) {
        fputs("wr: out of memory\n", stderr);
        return NULL;
    }
    for (uint32_t i = 0; i < type->nparams; i++) {
        if (!wr_cli_parse_val(req->args[i], type->params[i], &args[i])) {
            fprintf(stderr, "wr: argument %u (%s) is not a valid %s\n", i + 1, req->args[i],
                    wr_cli_valtype_name(type->params[i]));
            free(args);
            return NULL;
        }
    }
    return args;
}

/* Calls the --invoke export and prints its results. Returns the exit status; *e is set when
 * the call itself failed. */
static int invoke(const run_request *req, wr_store *store, wr_instance *instance, wr_error **e)
{
    wr_extern ext;
    if (!wr_instance_export(instance, req->invoke, strlen(req->invoke), &ext) || ext.kind != WR_EXTERN_FUNC) {
        fprintf(stderr, "wr: %s exports no function named %s\n", req->path, req->invoke);
        return 1;
    }
    const wr_functype *type = wr_func_type(ext.of.func);
    wr_val *args = read_arguments(req, type);
    if (!args)
        return CLI_EXIT_USAGE;
    wr_val *results = calloc(type->nresults ? type->nresults : 1, sizeof *results);
    if (!results) {
        fputs("wr: out of memory\n", stderr);
        free(args);
        return 1;
    }
    *e = wr_func_call(store, ext.of.func, args, type->nparams, results, type->nresults);
    for (uint32_t i = 0; !*e && i < type->nresults; i++)
        wr_cli_print_val(stdout, results[i]);
    free(args);
    free(results);
    return 0;
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
        return 1;
    }
    wr_error *e = wr_wasi_new(store, req->wasi, &wasi);
    if (!e)
        e = wr_wasi_define(linker, wasi);
    wr_cli_watchdog watchdog;
    bool watching = false;
    bool ready = !e && (!req->timeout_text ||
                        (watching = wr_cli_watchdog_start(&watchdog, store, wasi, req->timeout)));
    int status = ready || e ? 0 : 1;
    if (ready) {
        wr_instance *instance = NULL;
        e = wr_linker_instantiate(linker, store, module, &instance);
        if (!e && req->invoke)
            status = invoke(req, store, instance, &e);
        else if (!e)
            e = wr_wasi_run_start(wasi, instance, &status);
    }
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
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    return n == 4 && memcmp(magic, "\177ELF", 4) == 0;
}

int wr_cli_run(int argc, char **argv)
{
    run_request req = {.wasi = wr_wasi_config_new()};
    if (!req.wasi) {
        fputs("wr: out of memory\n", stderr);
        return 1;
    }
    int status = parse_request(argc, argv, &req);
    if (!status && !req.compile)
        req.compile = is_object(req.path);
    wr_engine *engine = status ? NULL : wr_cli_engine_new(req.compile ? WR_TIER_COMPILED
                                                                      : WR_TIER_INTERP);
    wr_module *module = NULL;
    if (engine) {
        double start = wr_cli_seconds();
        wr_error *e = wr_module_load(engine, req.path, &module);
        /* A build by the C compiler may take a while: say what it was. */
        double took = wr_cli_seconds() - start;
        if (!e && req.compile && took > 1.0)
            fprintf(stderr, "wr: built %s on the compiled tier in %.1f s\n", req.path, took);
        if (e) {
            fprintf(stderr, "%s: %s\n", req.path, wr_error_message(e));
            wr_error_free(e);
            status = 1;
        }
    } else if (!status) {
        status = 1;
    }
    if (module) {
        status = execute(&req, engine, module);
        wr_module_free(module);
    }
    if (engine)
        wr_engine_free(engine);
    wr_wasi_config_free(req.wasi);
    return status;
}
