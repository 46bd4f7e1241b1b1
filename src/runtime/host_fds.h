/*
 * The engine-wide ceiling on fds held by WASI instances (wr_config.max_host_fds): WASI's fd
 * table takes one for every fd it fills and gives it back when the fd closes. Every store of
 * an engine shares the count, on any thread. WASI keeps the engine, not the store: its fds
 * close after the store is freed.
 */
#ifndef WR_RUNTIME_HOST_FDS_H
#define WR_RUNTIME_HOST_FDS_H

#include <stdbool.h>
#include <stdint.h>

#include "wr.h"

/* The engine whose ceiling the store's WASI fds count against. A NULL store (a wr_wasi whose
 * handlers are called directly) gives a NULL engine, which the functions below treat as
 * no ceiling. */
wr_engine *wr_host_fd_engine(const wr_store *store);
/* Take one fd of the ceiling; false, and nothing taken, when all are taken. */
bool wr_host_fd_take(wr_engine *engine);
void wr_host_fd_give(wr_engine *engine);
/* Whether one more fd could be taken now (another thread may take it first). */
bool wr_host_fd_room(const wr_engine *engine);
/* The ceiling in effect, for errors. */
uint32_t wr_host_fd_ceiling(const wr_engine *engine);

#endif
