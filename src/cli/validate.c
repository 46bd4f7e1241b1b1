/* wr validate FILE.wasm...: load each module (decode, validate, translate) and run nothing;
 * "-" is standard input. Every file is checked, and the status says whether all were valid. */
#include "cli.h"

static bool set_limit(void *state, const char *value) { return wr_cli_limits_apply(state, value); }

static const wr_cli_option validate_options[] = {
    {"-W", "KEY=VALUE", set_limit, "a limit of wr run; max-module-size is the one used here"},
};

static const wr_cli_options validate_cli = {
    .command = "validate",
    .operands = "FILE.wasm...",
    .summary = "Decodes and validates each module and prints \"FILE: valid\" or why it is not.\n"
               "- reads a module from standard input. Exits with 1 when any is not valid.",
    .list = validate_options,
    .count = sizeof validate_options / sizeof validate_options[0],
    .more_help = NULL,
};

int wr_cli_validate(int argc, char **argv)
{
    wr_cli_limits limits;
    wr_cli_limits_default(&limits);
    int first;
    int status = wr_cli_parse(&validate_cli, &limits, argc, argv, &first);
    if (status != CLI_PARSED)
        return status;
    if (first >= argc)
        return wr_cli_usage_error(&validate_cli, "no module file given");
    wr_engine *engine = wr_cli_engine_new(&limits.config);
    if (!engine)
        return CLI_EXIT_FAILURE;
    status = 0;
    for (int i = first; i < argc; i++) {
        wr_module *module = wr_cli_load(engine, argv[i]);
        if (!module) {
            status = CLI_EXIT_FAILURE;
            continue;
        }
        wr_cli_print_text(stdout, wr_cli_display_path(argv[i]));
        fputs(": valid\n", stdout);
        wr_module_free(module);
    }
    wr_engine_free(engine);
    return status;
}
