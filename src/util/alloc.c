/* The allocation helpers over an engine's wr_alloc_fn, and the default allocator. */
#include "util/alloc.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Before each block: who made it and how many bytes the caller asked for. Aligned like
 * max_align_t, so the caller's bytes after it are too. */
typedef struct header {
    alignas(max_align_t) const wr_allocator *a;
    size_t size;
} header;

/* The one place libwr calls the C library's allocator. */
void *wr_default_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

const wr_allocator wr_default_allocator = {wr_default_alloc, NULL};

static header *head_of(const void *p) { return (header *)p - 1; }

/* count * size plus the header, or 0 when that overflows (0 is never a valid block). */
static size_t block_size(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(header)) / size)
        return 0;
    return sizeof(header) + count * size;
}

void *wr_mem_alloc(const wr_allocator *a, size_t count, size_t size)
{
    size_t bytes = block_size(count, size);
    if (!bytes)
        return NULL;
    header *h = a->fn(a->ud, NULL, 0, bytes);
    if (!h)
        return NULL;
    h->a = a;
    h->size = bytes - sizeof(header);
    return h + 1;
}

/* With the default allocator, calloc: a large block (a table, a bounds-checked memory) then
 * costs address space until it is written, not memory. */
void *wr_mem_zalloc(const wr_allocator *a, size_t count, size_t size)
{
    if (a->fn != wr_default_alloc) {
        void *p = wr_mem_alloc(a, count, size);
        if (p)
            memset(p, 0, count * size);
        return p;
    }
    size_t bytes = block_size(count, size);
    header *h = bytes ? calloc(1, bytes) : NULL;
    if (!h)
        return NULL;
    h->a = a;
    h->size = bytes - sizeof(header);
    return h + 1;
}

void *wr_mem_realloc(const wr_allocator *a, void *p, size_t count, size_t size)
{
    if (!p)
        return wr_mem_alloc(a, count, size);
    size_t bytes = block_size(count, size);
    if (!bytes)
        return NULL;
    header *h = head_of(p);
    const wr_allocator *owner = h->a;
    header *n = owner->fn(owner->ud, h, sizeof(header) + h->size, bytes);
    if (!n)
        return NULL;
    n->size = bytes - sizeof(header);
    return n + 1;
}

void wr_mem_free(void *p)
{
    if (!p)
        return;
    header *h = head_of(p);
    const wr_allocator *owner = h->a;
    owner->fn(owner->ud, h, sizeof(header) + h->size, 0);
}

/* The block wr_mem_zalloc made is kept in the pointer just before the aligned start. */
void *wr_mem_zalloc_lines(const wr_allocator *a, size_t size)
{
    if (size > SIZE_MAX - WR_CACHE_LINE - sizeof(void *))
        return NULL;
    char *block = wr_mem_zalloc(a, 1, size + WR_CACHE_LINE + sizeof(void *));
    if (!block)
        return NULL;
    uintptr_t start = (uintptr_t)(block + sizeof(void *));
    char *p = block + sizeof(void *) + (-start & (WR_CACHE_LINE - 1));
    memcpy(p - sizeof(void *), &block, sizeof block);
    return p;
}

void wr_mem_free_lines(void *p)
{
    if (!p)
        return;
    void *block;
    memcpy(&block, (char *)p - sizeof(void *), sizeof block);
    wr_mem_free(block);
}

void *wr_mem_dup(const wr_allocator *a, const void *p, size_t n)
{
    void *d = wr_mem_alloc(a, n, 1);
    if (d && n)
        memcpy(d, p, n);
    return d;
}

char *wr_mem_strndup(const wr_allocator *a, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *d = wr_mem_alloc(a, n + 1, 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *wr_mem_strdup(const wr_allocator *a, const char *s) { return wr_mem_strndup(a, s, strlen(s)); }

const wr_allocator *wr_mem_owner(const void *p) { return head_of(p)->a; }

void wr_mem_set_owner(void *p, const wr_allocator *a) { head_of(p)->a = a; }
