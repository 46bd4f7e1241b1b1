/*
 * The SQLite benchmark's workload, one function that both builds run: wr-bench-sqlite calls
 * it natively, and main.c is the WebAssembly command that calls it in wr.
 */
#ifndef BENCH_SQLITE_WORKLOAD_H
#define BENCH_SQLITE_WORKLOAD_H

#include <stdint.h>

/* Receives each line of the workload's report, '\n' included. Returns 0, or nonzero to stop
 * the workload (its output went nowhere). */
typedef int (*workload_out_fn)(void *user, const char *line);

/* The smallest and largest row counts workload_run takes. */
#define WORKLOAD_MIN_ROWS 100u
#define WORKLOAD_MAX_ROWS 10000000u

/* Builds an in-memory database of rows orders and runs a fixed series of inserts, indexed
 * lookups, joins, aggregates, updates and deletes over it, reporting their results to out.
 * The report depends only on rows. Checks SQLite's answers against counts kept in C as it
 * goes. Returns 0 on success, 1 after reporting "error: ..." (a SQLite error, a wrong
 * answer, rows out of range, out of memory), 2 when out failed. */
int workload_run(uint32_t rows, workload_out_fn out, void *user);

#endif
