/*
 * The compile-time options of SQLite in the benchmark, for both builds: sqlite.c includes
 * this before the amalgamation, natively (bench/sqlite/CMakeLists.txt) and for wasm32-wasi
 * (bench/sqlite/build-wasm.sh), so the two builds run the same SQLite.
 */
#ifndef BENCH_SQLITE_CONFIG_H
#define BENCH_SQLITE_CONFIG_H

/* vfs.c is the only VFS: no files, a fixed clock and fixed randomness, so a run depends on
 * nothing but its row count and needs nothing of WASI but stdout. */
#define SQLITE_OS_OTHER 1
/* Temporary tables, indices and sorts in memory. */
#define SQLITE_TEMP_STORE 3
/* One thread, no extensions, no shared-memory WAL: what a WASI command can have. */
#define SQLITE_THREADSAFE 0
#define SQLITE_OMIT_LOAD_EXTENSION 1
#define SQLITE_OMIT_WAL 1
#define SQLITE_OMIT_SHARED_CACHE 1
#define SQLITE_OMIT_DEPRECATED 1
/* The options SQLite's documentation recommends for speed. */
#define SQLITE_DEFAULT_MEMSTATUS 0
#define SQLITE_DQS 0
#define SQLITE_LIKE_DOESNT_MATCH_BLOBS 1
#define SQLITE_MAX_EXPR_DEPTH 0
#define SQLITE_OMIT_PROGRESS_CALLBACK 1

#endif
