/*
 * Linear memories. On 64-bit hosts the largest size a memory may reach is reserved up
 * front as inaccessible address space and pages are made accessible as it grows, so the
 * base never moves; elsewhere (or when the reservation fails) the bytes are malloc'ed.
 * With explicit bounds checks every access is checked against `size`; in guard-region
 * mode the reservation also covers every address an access can form (see guard.h), and
 * failing to reserve it fails the memory, since guarded code would access it unchecked.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/guard.h"
#include "runtime/runtime.h"
#include "util/error.h"

#if defined(__unix__)
#include <sys/mman.h>
#define WR_HAVE_MMAP 1
#else
#define WR_HAVE_MMAP 0
#endif

#define PAGE_SIZE ((uint64_t)65536)

static bool reserve(wr_memory *mem, bool guarded)
{
#if WR_HAVE_MMAP
    if (sizeof(void *) < 8)
        return false;
    size_t bytes = (size_t)(mem->max_pages ? mem->max_pages : 1) * PAGE_SIZE;
#if WR_HAVE_GUARD
    if (guarded)
        bytes = WR_GUARD_RESERVATION;
#endif
    void *p = mmap(NULL, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return false;
    if (mem->size && mprotect(p, (size_t)mem->size, PROT_READ | PROT_WRITE) != 0) {
        munmap(p, bytes);
        return false;
    }
    mem->base = p;
    mem->reserved = bytes;
    mem->guarded = guarded;
    return true;
#else
    (void)mem;
    (void)guarded;
    return false;
#endif
}

/* The engine's cap on one memory, in pages: a 32-bit memory also stops at 4 GiB, a 64-bit
 * one only at the engine's max_memory_pages. */
static uint32_t pages_cap(const wr_engine *engine, bool is64)
{
    uint32_t cap = engine->config.max_memory_pages;
    return cap > 65536 && !is64 ? 65536 : cap;
}

static wr_memory *memory_alloc(const wr_engine *engine, const wr_memtype *type)
{
    uint32_t cap = pages_cap(engine, type->is64);
    wr_memory *mem = calloc(1, sizeof *mem);
    if (!mem)
        return NULL;
    mem->declared = type->limits;
    mem->is64 = type->is64;
    mem->max_pages = type->limits.has_max && type->limits.max < cap ? (uint32_t)type->limits.max
                                                                    : cap;
    mem->pages = (uint32_t)type->limits.min; /* at most cap: wr_memory_make checked */
    uint64_t size = (uint64_t)mem->pages * PAGE_SIZE;
    if (size > SIZE_MAX) {
        free(mem);
        return NULL;
    }
    mem->size = size;
    /* A 64-bit memory's addresses pass any reservation: its accesses are always checked
     * (the translator's general memory path), so it needs no guard region. */
    bool guarded = !engine->config.bounds_checks && !type->is64;
    if (!reserve(mem, guarded)) {
        if (guarded) {
            free(mem);
            return NULL;
        }
        mem->base = calloc(size ? (size_t)size : 1, 1);
        if (!mem->base) {
            free(mem);
            return NULL;
        }
    }
    return mem;
}

wr_error *wr_memory_make(wr_store *store, const wr_memtype *type, wr_memory **out)
{
    *out = NULL;
    uint64_t min = type->limits.min;
    uint32_t cap = pages_cap(store->engine, type->is64);
    if (min > cap)
        return wr_error_new(WR_ERR_LIMIT, "memory of %" PRIu64 " pages exceeds the engine's "
                            "max_memory_pages of %" PRIu32 "%s", min, cap,
                            type->is64 || cap < 65536 ? "" : " (65536 for a 32-bit memory)");
    if (!wr_budget_charge(store, WR_BUDGET_MEMORIES, 1))
        return wr_budget_error(store, WR_BUDGET_MEMORIES, 1);
    if (!wr_budget_charge(store, WR_BUDGET_MEMORY_PAGES, min)) {
        wr_budget_refund(store, WR_BUDGET_MEMORIES, 1);
        return wr_budget_error(store, WR_BUDGET_MEMORY_PAGES, min);
    }
    wr_memory *mem = memory_alloc(store->engine, type);
    if (!mem || !wr_store_own(&store->memories, mem)) {
        wr_memory_release(mem);
        wr_budget_refund(store, WR_BUDGET_MEMORIES, 1);
        wr_budget_refund(store, WR_BUDGET_MEMORY_PAGES, min);
        return wr_error_nomem();
    }
    mem->store = store;
    *out = mem;
    return NULL;
}

void wr_memory_release(wr_memory *mem)
{
    if (!mem)
        return;
#if WR_HAVE_MMAP
    if (mem->reserved)
        munmap(mem->base, mem->reserved);
    else
#endif
        free(mem->base);
    free(mem);
}

int64_t wr_memory_grow_pages(wr_memory *mem, uint64_t delta)
{
    uint32_t old = mem->pages;
    if (delta == 0)
        return old;
    if (delta > mem->max_pages - old)
        return -1;
    uint64_t new_size = ((uint64_t)old + delta) * PAGE_SIZE;
    if (new_size > SIZE_MAX || !wr_budget_charge(mem->store, WR_BUDGET_MEMORY_PAGES, delta))
        return -1;
#if WR_HAVE_MMAP
    if (mem->reserved) {
        size_t added = (size_t)(new_size - mem->size);
        if (mprotect(mem->base + mem->size, added, PROT_READ | PROT_WRITE) != 0) {
            wr_budget_refund(mem->store, WR_BUDGET_MEMORY_PAGES, delta);
            return -1;
        }
    } else
#endif
    {
        uint8_t *p = realloc(mem->base, (size_t)new_size);
        if (!p) {
            wr_budget_refund(mem->store, WR_BUDGET_MEMORY_PAGES, delta);
            return -1;
        }
        memset(p + mem->size, 0, (size_t)(new_size - mem->size));
        mem->base = p;
    }
    mem->pages = old + (uint32_t)delta;
    mem->size = new_size;
    return old;
}

wr_trap_kind wr_memory_init_segment(wr_memory *mem, const uint8_t *data, uint32_t data_size,
                                    uint64_t dst, uint32_t src, uint32_t n)
{
    if ((uint64_t)src + n > data_size || dst > mem->size || n > mem->size - dst)
        return WR_TRAP_MEMORY_OOB;
    if (n)
        memcpy(mem->base + dst, data + src, n);
    return WR_TRAP_NONE;
}

wr_memory *wr_memory_new(wr_store *store, const wr_memtype *type)
{
    wr_memory *mem;
    wr_error_free(wr_memory_make(store, type, &mem));
    return mem;
}

uint8_t *wr_memory_data(wr_memory *memory) { return memory->base; }
size_t wr_memory_size(const wr_memory *memory) { return (size_t)memory->size; }
uint32_t wr_memory_pages(const wr_memory *memory) { return memory->pages; }

bool wr_memory_grow(wr_memory *memory, uint32_t delta_pages, uint32_t *old_pages)
{
    int64_t old = wr_memory_grow_pages(memory, delta_pages);
    if (old < 0)
        return false;
    if (old_pages)
        *old_pages = (uint32_t)old;
    return true;
}

wr_memtype wr_memory_type(const wr_memory *memory)
{
    wr_memtype type = {memory->declared, memory->is64};
    type.limits.min = memory->pages;
    return type;
}
