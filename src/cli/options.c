/* The option parser every subcommand uses, and the help text made from the same tables, so
 * that what --help lists is exactly what is accepted. */
#include <string.h>

#include "cli.h"

static bool is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* The option arg names, and where its attached value starts ("--env=X", "-Wfuel=1"): *value
 * is NULL when the value, if any, is the next argument. */
static const wr_cli_option *find_option(const wr_cli_options *opts, const char *arg,
                                        const char **value)
{
    for (size_t i = 0; i < opts->count; i++) {
        const wr_cli_option *o = &opts->list[i];
        size_t n = strlen(o->name);
        if (strncmp(arg, o->name, n) != 0)
            continue;
        if (arg[n] == '\0') {
            *value = NULL;
            return o;
        }
        /* "--name=value" for every option taking a value, "-Xvalue" for a short one. */
        if (o->value && arg[n] == '=' && n > 2) {
            *value = arg + n + 1;
            return o;
        }
        if (o->value && n == 2) {
            *value = arg + n;
            return o;
        }
    }
    return NULL;
}

int wr_cli_parse(const wr_cli_options *opts, void *state, int argc, char **argv, int *first)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (is_help(argv[i])) {
            wr_cli_print_help(stdout, opts);
            return 0;
        }
        const char *value;
        const wr_cli_option *o = find_option(opts, argv[i], &value);
        if (!o) {
            fprintf(stderr, "wr %s: unknown option %s\n", opts->command, argv[i]);
            return wr_cli_usage_error(opts, NULL);
        }
        if (!o->value && value) {
            fprintf(stderr, "wr %s: %s takes no value\n", opts->command, o->name);
            return wr_cli_usage_error(opts, NULL);
        }
        if (o->value && !value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "wr %s: %s needs a value (%s)\n", opts->command, o->name, o->value);
                return wr_cli_usage_error(opts, NULL);
            }
            value = argv[++i];
        }
        if (!o->apply(state, value)) {
            fprintf(stderr, "wr %s: cannot use %s %s\n", opts->command, o->name, value ? value : "");
            return wr_cli_usage_error(opts, NULL);
        }
    }
    *first = i;
    return CLI_PARSED;
}

void wr_cli_print_help(FILE *out, const wr_cli_options *opts)
{
    fprintf(out, "usage: wr %s [OPTIONS] %s\n\n%s\n\noptions:\n", opts->command, opts->operands,
            opts->summary);
    for (size_t i = 0; i < opts->count; i++) {
        const wr_cli_option *o = &opts->list[i];
        char left[64];
        snprintf(left, sizeof left, "%s%s%s", o->name, o->value ? " " : "", o->value ? o->value : "");
        fprintf(out, "  %-26s %s\n", left, o->help);
    }
    fprintf(out, "  %-26s %s\n", "-h, --help", "show this help");
    if (opts->more_help)
        opts->more_help(out);
}

int wr_cli_usage_error(const wr_cli_options *opts, const char *problem)
{
    if (problem)
        fprintf(stderr, "wr %s: %s\n", opts->command, problem);
    fprintf(stderr, "usage: wr %s [OPTIONS] %s (wr %s --help lists the options)\n", opts->command,
            opts->operands, opts->command);
    return CLI_EXIT_USAGE;
}

bool wr_cli_apply_setting(const char *option, const wr_cli_setting *table, size_t count,
                          void *state, const char *key_value)
{
    const char *eq = strchr(key_value, '=');
    size_t key_len = eq ? (size_t)(eq - key_value) : strlen(key_value);
    for (size_t i = 0; i < count; i++) {
        if (strlen(table[i].key) == key_len && strncmp(table[i].key, key_value, key_len) == 0)
            return table[i].apply(state, table[i].arg, eq ? eq + 1 : NULL);
    }
    fprintf(stderr, "wr: %s knows no setting '%.*s'; it knows:", option, (int)key_len, key_value);
    for (size_t i = 0; i < count; i++)
        fprintf(stderr, " %s", table[i].key);
    fputc('\n', stderr);
    return false;
}

void wr_cli_print_settings(FILE *out, const char *option, const wr_cli_setting *table,
                           size_t count)
{
    fprintf(out, "\n%s settings (%s KEY=VALUE, repeatable):\n", option, option);
    for (size_t i = 0; i < count; i++) {
        char left[64];
        /* An optional value is shown as "key[=...]". */
        bool optional = table[i].value[0] == '[';
        snprintf(left, sizeof left, "%s%s%s", table[i].key, optional ? "" : "=", table[i].value);
        fprintf(out, "  %-26s %s\n", left, table[i].help);
    }
}
