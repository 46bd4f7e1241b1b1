/*
 * The wr command-line tool: one file per subcommand, a table of subcommands (main.c), one
 * option parser with per-command option tables (options.c), the -W limits (limits.c), and
 * shared value, name and error printing.
 */
#ifndef WR_CLI_H
#define WR_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "wr.h"

/* Exit statuses of wr itself; a WASI command's own proc_exit code passes through. The table
 * in `wr --help` and docs/wr.1 lists them. */
#define CLI_EXIT_FAILURE 1 /* a module cannot be read, decoded, validated or linked */
#define CLI_EXIT_USAGE 2   /* a command line that cannot be understood */
#define CLI_EXIT_TRAP 134  /* a trap, an uncaught exception or a timeout: 128 + SIGABRT, as
                              wasmtime */

/* Subcommands. argv[0] is the subcommand's name; the result is the process's exit status. */
int wr_cli_validate(int argc, char **argv);
int wr_cli_inspect(int argc, char **argv);
int wr_cli_run(int argc, char **argv);
int wr_cli_compile(int argc, char **argv);

/* ---------------------------------------------------------------- options */

/* One option of a subcommand. value names the argument in the help ("HOST[::GUEST]"), NULL
 * for a flag. apply returns false after printing why the value cannot be used. */
typedef struct wr_cli_option {
    const char *name; /* "--dir", or a one-letter "-W" that also takes "-Wkey=value" */
    const char *value;
    bool (*apply)(void *state, const char *value);
    const char *help;
} wr_cli_option;

typedef struct wr_cli_options {
    const char *command; /* "run" */
    const char *operands; /* "FILE.wasm [ARGS...]" */
    const char *summary;
    const wr_cli_option *list;
    size_t count;
    void (*more_help)(FILE *out); /* keys of -W and -S, or NULL */
} wr_cli_options;

enum { CLI_PARSED = -1 }; /* wr_cli_parse: the operands start at the index returned */

/* Reads the options at the front of argv[1..] ("--name value", "--name=value", "-Wkey=v",
 * "--" ends them; "-" is an operand). Returns the index of the first operand (argc when
 * none) through *first and CLI_PARSED, or an exit status: 0 after printing the help that
 * -h/--help asked for, CLI_EXIT_USAGE after saying what was wrong. */
int wr_cli_parse(const wr_cli_options *opts, void *state, int argc, char **argv, int *first);
/* "usage: wr run [OPTIONS] FILE.wasm [ARGS...]", the summary and the option list. */
void wr_cli_print_help(FILE *out, const wr_cli_options *opts);
/* A usage error: "wr COMMAND: PROBLEM" and where to find the help. Returns CLI_EXIT_USAGE. */
int wr_cli_usage_error(const wr_cli_options *opts, const char *problem);

/* ---------------------------------------------------------------- limits (-W) */

/* What -W sets: the engine's configuration, the run's wall-clock limit and WASI's limits. */
typedef struct wr_cli_limits {
    wr_config config;
    double timeout; /* seconds; 0 = none */
    uint32_t max_fds, max_poll_subscriptions; /* 0 = WASI's defaults */
} wr_cli_limits;

void wr_cli_limits_default(wr_cli_limits *limits);
/* The -W option's apply function; state is a wr_cli_limits. */
bool wr_cli_limits_apply(void *state, const char *key_value);
/* The -W keys with what they set. */
void wr_cli_limits_help(FILE *out);
/* --timeout and -W timeout: a duration ("1s", "500ms", "2m"; a bare number is seconds). */
bool wr_cli_limits_timeout(void *state, const char *text);

/* A key=value setting of -W or -S, found by key in a table; value is NULL when the text has
 * no '='. */
typedef struct wr_cli_setting {
    const char *key;
    const char *value; /* for the help: "N", "BYTES", or "[=y|n]" when it may be left out */
    bool (*apply)(void *state, const void *arg, const char *value);
    const char *help;
    const void *arg; /* passed to apply: what it sets and its bounds, or NULL */
} wr_cli_setting;

bool wr_cli_apply_setting(const char *option, const wr_cli_setting *table, size_t count,
                          void *state, const char *key_value);
void wr_cli_print_settings(FILE *out, const char *option, const wr_cli_setting *table,
                           size_t count);

/* ---------------------------------------------------------------- values and output */

/* "(i32, i32) -> (i64)" */
void wr_cli_print_functype(FILE *out, const wr_functype *type);
/* A name from a module: bytes a terminal would act on (controls, escape sequences, direction
 * overrides, stray non-UTF-8 bytes), the backslash and the double quote written as \hh. */
void wr_cli_print_name(FILE *out, wr_name name);
/* The same escaping for a message that may quote module names; double quotes stay. */
void wr_cli_print_text(FILE *out, const char *text);
/* A JSON string: quotes, and the same characters escaped as \uXXXX. */
void wr_cli_print_json_string(FILE *out, wr_name text);
/* Reads a value of the given type: integers in decimal or 0x hex, floats in C syntax
 * including nan and inf, references only as "null". */
bool wr_cli_parse_val(const char *text, wr_valtype type, wr_val *out);
/* A result the way wasmtime prints it: integers signed, floats shortest round-trip,
 * v128 as one unsigned 128-bit number. */
void wr_cli_print_val(FILE *out, wr_val value);
/* "wr: MESSAGE" (escaped) and, for a trap, its wasm backtrace, to stderr. */
void wr_cli_print_error(const wr_error *e);
/* "FILE: MESSAGE" for a module that cannot be loaded, escaped. */
void wr_cli_print_load_error(const char *path, const wr_error *e);
/* The engine with the given settings; prints a message and returns NULL when out of memory. */
wr_engine *wr_cli_engine_new(const wr_config *config);
/* Loads a module from path, "-" meaning standard input, within the engine's size limit.
 * Prints the failure and returns NULL. */
wr_module *wr_cli_load(wr_engine *engine, const char *path);
/* A monotonic clock, for reporting how long a build took. */
double wr_cli_seconds(void);
/* The name to show for path: "<stdin>" for "-". */
const char *wr_cli_display_path(const char *path);

#endif
