/* Stores: the owners of every runtime object, and of the execution stacks. */
#include <stdlib.h>

#include "runtime/runtime.h"
#include "util/alloc.h"

wr_store *wr_store_new(wr_engine *engine)
{
    wr_store *store = wr_mem_zalloc(engine->alloc, 1, sizeof *store);
    if (!store)
        return NULL;
    store->engine = engine;
    wr_objlist *lists[] = {&store->funcs,     &store->tables, &store->memories, &store->globals,
                           &store->instances, &store->tags,   &store->exns};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        lists[i]->alloc = engine->alloc;
    atomic_init(&store->interrupt, 0);
    atomic_init(&store->attention, engine->config.fuel ? WR_ATTENTION_FUEL : 0);
    return store;
}

bool wr_store_own(wr_objlist *list, void *item)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        void **items = wr_mem_realloc(list->alloc, list->items, cap, sizeof *items);
        if (!items)
            return false;
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count++] = item;
    return true;
}

void wr_store_free(wr_store *store)
{
    if (!store)
        return;
    /* Instances first: they drop their module references; the rest own no links. */
    for (size_t i = 0; i < store->instances.count; i++)
        wr_instance_release(store->instances.items[i]);
    for (size_t i = 0; i < store->funcs.count; i++)
        wr_func_release(store->funcs.items[i]);
    for (size_t i = 0; i < store->tables.count; i++)
        wr_table_release(store->tables.items[i]);
    for (size_t i = 0; i < store->memories.count; i++)
        wr_memory_release(store->memories.items[i]);
    for (size_t i = 0; i < store->globals.count; i++)
        wr_mem_free(store->globals.items[i]);
    for (size_t i = 0; i < store->tags.count; i++)
        wr_exntag_release(store->tags.items[i]);
    wr_exn_free_all(store);
    wr_mem_free(store->tags.items);
    wr_mem_free(store->instances.items);
    wr_mem_free(store->funcs.items);
    wr_mem_free(store->tables.items);
    wr_mem_free(store->memories.items);
    wr_mem_free(store->globals.items);
    wr_mem_free(store->stack);
    wr_mem_free(store->recs);
    wr_mem_free(store);
}

void wr_store_interrupt(wr_store *store)
{
    atomic_store_explicit(&store->interrupt, 1, memory_order_relaxed);
    atomic_fetch_or_explicit(&store->attention, WR_ATTENTION_INTERRUPT, memory_order_relaxed);
}

void wr_store_clear_interrupt(wr_store *store)
{
    atomic_store_explicit(&store->interrupt, 0, memory_order_relaxed);
    atomic_fetch_and_explicit(&store->attention, ~WR_ATTENTION_INTERRUPT, memory_order_relaxed);
}

bool wr_store_interrupted(const wr_store *store)
{
    return atomic_load_explicit(&store->interrupt, memory_order_relaxed);
}

void wr_store_set_data(wr_store *store, void *data) { store->data = data; }
void *wr_store_data(const wr_store *store) { return store->data; }
