/*
 * The wr command-line tool: one file per subcommand, shared value and error printing.
 */
#ifndef WR_CLI_H
#define WR_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "wr.h"

/* Exit status for a command line that cannot be understood. */
#define CLI_EXIT_USAGE 2

/* Subcommands. argv[0] is the subcommand's name; the result is the process's exit status. */
int wr_cli_validate(int argc, char **argv);
int wr_cli_inspect(int argc, char **argv);
int wr_cli_run(int argc, char **argv);
int wr_cli_compile(int argc, char **argv);

/* "i32", "funcref", ... */
const char *wr_cli_valtype_name(wr_valtype type);
/* "(i32, i32) -> (i64)" */
void wr_cli_print_functype(FILE *out, const wr_functype *type);
/* A name with control bytes, quotes and backslashes escaped as \hh. */
void wr_cli_print_name(FILE *out, wr_name name);
/* Reads a value of the given type: integers in decimal or 0x hex, floats in C syntax
 * including nan and inf, references only as "null". */
bool wr_cli_parse_val(const char *text, wr_valtype type, wr_val *out);
/* A result the way wasmtime prints it: integers signed, floats shortest round-trip,
 * v128 as one unsigned 128-bit number. */
void wr_cli_print_val(FILE *out, wr_val value);
/* "wr: MESSAGE" and, for a trap, its wasm backtrace, to stderr. */
void wr_cli_print_error(const wr_error *e);
/* The engine with default settings on the given tier; prints a message and returns NULL
 * when out of memory. */
wr_engine *wr_cli_engine_new(wr_tier tier);
/* A monotonic clock, for reporting how long a build took. */
double wr_cli_seconds(void);

#endif
