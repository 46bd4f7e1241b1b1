/*
 * Every allocation of libwr: the helpers below call the engine's wr_alloc_fn (include/wr.h),
 * never malloc and free (a ctest check, tests/util/no_direct_alloc.sh, keeps it so).
 *
 * Layout: each block starts with a header holding the allocator that made it and the size
 * asked for, then the caller's bytes, aligned like malloc's. So wr_mem_free and
 * wr_mem_realloc need no context and always tell the allocator the block's true old size,
 * as its contract promises, without every owner keeping sizes. The allocator record a
 * block points at must outlive the block: an engine's lives in the engine (which outlives
 * everything made with it), wr_default_allocator lives for the process.
 *
 * Sizes are counts times element sizes, checked for overflow (which fails like an
 * allocation). Every function returning a pointer returns NULL when out of memory.
 */
#ifndef WR_UTIL_ALLOC_H
#define WR_UTIL_ALLOC_H

#include <stddef.h>

#include "wr.h"

typedef struct wr_allocator {
    wr_alloc_fn fn;
    void *ud;
} wr_allocator;

/* malloc, realloc and free; what an engine without an allocator and what objects made
 * without an engine (errors, WASI configs, the CLI) use. */
extern const wr_allocator wr_default_allocator;

/* The function wr_default_allocator calls: the one place libwr calls malloc, realloc and
 * free. */
void *wr_default_alloc(void *ud, void *ptr, size_t old_size, size_t new_size);

/* The engine's allocator, wr_default_allocator when engine is NULL. Defined in
 * src/runtime/engine.c, for the layers above the runtime that hold only the public engine
 * (WASI, the reactor); decode gets the allocator from its caller. */
const wr_allocator *wr_engine_allocator(const wr_engine *engine);

/* count * size bytes, uninitialised (wr_mem_alloc) or zeroed (wr_mem_zalloc). */
void *wr_mem_alloc(const wr_allocator *a, size_t count, size_t size);
void *wr_mem_zalloc(const wr_allocator *a, size_t count, size_t size);
/* Resize p (made by any helper here; NULL allocates from a) to count * size bytes, keeping
 * the contents; on failure p is left as it was. */
void *wr_mem_realloc(const wr_allocator *a, void *p, size_t count, size_t size);
/* p may be NULL. */
void wr_mem_free(void *p);
/* size zeroed bytes starting on a cache line (WR_CACHE_LINE bytes), for objects whose fields
 * are grouped by the thread that writes them; freed with wr_mem_free_lines (p may be NULL). */
enum { WR_CACHE_LINE = 64 };
void *wr_mem_zalloc_lines(const wr_allocator *a, size_t size);
void wr_mem_free_lines(void *p);
/* Copies: n bytes; a NUL-terminated string; n bytes and a NUL. */
void *wr_mem_dup(const wr_allocator *a, const void *p, size_t n);
char *wr_mem_strdup(const wr_allocator *a, const char *s);
char *wr_mem_strndup(const wr_allocator *a, const char *s, size_t n);
/* The allocator that made p (not NULL): to allocate what p's owner will own. */
const wr_allocator *wr_mem_owner(const void *p);
/* Have p freed through a, a record with the same function and ud as the one that made p:
 * for an object that holds its own allocator record (the engine), made through a copy. */
void wr_mem_set_owner(void *p, const wr_allocator *a);

#endif
