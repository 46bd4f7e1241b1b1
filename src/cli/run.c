/* wr run [--invoke NAME] [--timeout SECONDS] FILE.wasm [ARGS...] */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "watchdog.h"

typedef struct run_request {
    const char *invoke;       /* the export to call; NULL means _start */
    const char *timeout_text; /* as given, for the message; NULL when there is no limit */
    double timeout;
    const char *path;
    int nargs;
    char **args;
} run_request;

static int usage(const char *problem)
{
    if (problem)
        fprintf(stderr, "wr run: %s\n", problem);
    fputs("usage: wr run [--invoke NAME] [--timeout SECONDS] FILE.wasm [ARGS...]\n", stderr);
    return CLI_EXIT_USAGE;
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
        if (i + 1 >= argc)
            return usage("an option is missing its value");
        if (strcmp(argv[i], "--invoke") == 0) {
            req->invoke = argv[++i];
        } else if (strcmp(argv[i], "--timeout") == 0) {
            char *end;
            req->timeout_text = argv[++i];
            req->timeout = strtod(req->timeout_text, &end);
            if (end == req->timeout_text || *end || !isfinite(req->timeout) || req->timeout <= 0 ||
                req->timeout > 1e9)
                return usage("--timeout needs a positive number of seconds");
        } else {
            fprintf(stderr, "wr run: unknown option %s\n", argv[i]);
            return usage(NULL);
        }
    }
    if (i >= argc)
        return usage("no module file given");
    req->path = argv[i];
    req->args = argv + i + 1;
    req->nargs = argc - i - 1;
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
        cli_print_error(e);
    wr_error_free(e);
    return status;
}

static wr_func *find_function(const run_request *req, wr_instance *instance)
{
    const char *name = req->invoke ? req->invoke : "_start";
    wr_extern ext;
    if (wr_instance_export(instance, name, strlen(name), &ext) && ext.kind == WR_EXTERN_FUNC)
        return ext.of.func;
    fprintf(stderr, "wr: %s exports no function named %s%s\n", req->path, name,
            req->invoke ? "" : "; pick one with --invoke NAME");
    return NULL;
}

/* Reads the arguments by the function's parameter types. Returns NULL (after saying why) when
 * they do not fit; otherwise an array the caller frees. */
static wr_val *read_arguments(const run_request *req, const wr_functype *type)
{
    if ((uint32_t)req->nargs != type->nparams) {
        fprintf(stderr, "wr: %s takes %u argument%s ", req->invoke, type->nparams,
                type->nparams == 1 ? "" : "s");
        cli_print_functype(stderr, type);
        fprintf(stderr, ", but %d %s given\n", req->nargs, req->nargs == 1 ? "was" : "were");
        return NULL;
    }
    wr_val *args = calloc(type->nparams ? type->nparams : 1, sizeof *args);
    if (!args) {
        fputs("wr: out of memory\n", stderr);
        return NULL;
    }
    for (uint32_t i = 0; i < type->nparams; i++) {
        if (!cli_parse_val(req->args[i], type->params[i], &args[i])) {
            fprintf(stderr, "wr: argument %u (%s) is not a valid %s\n", i + 1, req->args[i],
                    cli_valtype_name(type->params[i]));
            free(args);
            return NULL;
        }
    }
    return args;
}

/* Finds and calls the function. Returns 0 once the call was made (*e tells how it ended),
 * otherwise the exit status for why it could not be made. */
static int call(const run_request *req, wr_store *store, wr_instance *instance, wr_error **e,
                wr_val **results, uint32_t *nresults)
{
    wr_func *func = find_function(req, instance);
    if (!func)
        return 1;
    const wr_functype *type = wr_func_type(func);
    /* Without --invoke the arguments are the program's own, which only WASI passes on. */
    wr_val *args = NULL;
    if (req->invoke && !(args = read_arguments(req, type)))
        return CLI_EXIT_USAGE;
    *results = calloc(type->nresults ? type->nresults : 1, sizeof **results);
    if (!*results) {
        fputs("wr: out of memory\n", stderr);
        free(args);
        return 1;
    }
    *nresults = type->nresults;
    *e = wr_func_call(store, func, args, args ? type->nparams : 0, *results, *nresults);
    free(args);
    return 0;
}

/* Instantiates and calls; the watchdog, when there is one, covers the start function too. */
static int execute(const run_request *req, wr_store *store, wr_module *module)
{
    cli_watchdog watchdog;
    if (req->timeout_text && !cli_watchdog_start(&watchdog, store, req->timeout))
        return 1;
    wr_instance *instance = NULL;
    wr_val *results = NULL;
    uint32_t nresults = 0;
    wr_error *e = wr_instance_new(store, module, NULL, 0, &instance);
    int status = e ? 1 : call(req, store, instance, &e, &results, &nresults);
    bool timed_out = req->timeout_text && cli_watchdog_stop(&watchdog);
    if (e)
        status = report_failure(req, e, timed_out);
    else
        for (uint32_t i = 0; i < nresults; i++)
            cli_print_val(stdout, results[i]);
    free(results);
    return status;
}

int cli_run(int argc, char **argv)
{
    run_request req = {0};
    int status = parse_request(argc, argv, &req);
    if (status)
        return status;
    wr_engine *engine = cli_engine_new();
    if (!engine)
        return 1;
    wr_module *module;
    wr_error *e = wr_module_load(engine, req.path, &module);
    if (e) {
        fprintf(stderr, "%s: %s\n", req.path, wr_error_message(e));
        wr_error_free(e);
        wr_engine_free(engine);
        return 1;
    }
    if (wr_module_import_count(module) > 0) {
        wr_name module_name, name;
        wr_externtype type;
        wr_module_import(module, 0, &module_name, &name, &type);
        fprintf(stderr, "wr: %s imports ", req.path);
        cli_print_name(stderr, module_name);
        fputc('.', stderr);
        cli_print_name(stderr, name);
        fputs("; running modules with imports is not supported yet\n", stderr);
        status = 1;
    } else {
        wr_store *store = wr_store_new(engine);
        if (!store) {
            fputs("wr: out of memory\n", stderr);
            status = 1;
        } else {
            status = execute(&req, store, module);
            wr_store_free(store);
        }
    }
    wr_module_free(module);
    wr_engine_free(engine);
    return status;
}
