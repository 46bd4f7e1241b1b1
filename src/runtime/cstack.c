/*
 * Where the running thread's C stack ends, so that host -> wasm re-entry can stop while
 * there is still room for another level (see wr_func_call).
 */
#define _GNU_SOURCE /* pthread_getattr_np */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "runtime/runtime.h"

/* Found once per thread: pthread_getattr_np reads /proc for the main thread. */
static _Thread_local bool floor_known;
static _Thread_local uintptr_t floor_address;

static uintptr_t find_floor(void)
{
    pthread_attr_t attr;
    uintptr_t floor = 0;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return 0;
    void *addr;
    size_t size;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0)
        floor = (uintptr_t)addr;
    pthread_attr_destroy(&attr);
    return floor;
}

uintptr_t wr_cstack_floor(void)
{
    if (!floor_known) {
        floor_address = find_floor();
        floor_known = true;
    }
    return floor_address;
}
