/*
 * Where the running thread's C stack ends, so that host -> wasm re-entry can stop while
 * there is still room for another level (see wr_func_call).
 */
#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include <stdbool.h>
#include <stdint.h>

#if defined(__linux__) || defined(__APPLE__)
#include <pthread.h>
#endif

#include "runtime/runtime.h"

/* Found once per thread: pthread_getattr_np reads /proc for the main thread. */
static _Thread_local bool floor_known;
static _Thread_local uintptr_t floor_address;

static uintptr_t find_floor(void)
{
#if defined(__linux__)
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
#elif defined(__APPLE__)
    pthread_t self = pthread_self();
    return (uintptr_t)pthread_get_stackaddr_np(self) - pthread_get_stacksize_np(self);
#else
    return 0;
#endif
}

uintptr_t wr_cstack_floor(void)
{
    if (!floor_known) {
        floor_address = find_floor();
        floor_known = true;
    }
    return floor_address;
}
