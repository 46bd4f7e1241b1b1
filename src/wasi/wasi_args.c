/* args_* and environ_*: both copy a string vector out the same way. */
#include "wasi/abi.h"
#include "wasi/handlers.h"

static uint16_t sizes_get(char *const *v, size_t n, uint8_t *count, uint8_t *size)
{
    uint64_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += strlen(v[i]) + 1;
    if (bytes > UINT32_MAX)
        return WASI_EOVERFLOW;
    put_u32(count, (uint32_t)n);
    put_u32(size, (uint32_t)bytes);
    return 0;
}

static uint16_t vector_get(char *const *v, size_t n, const guest_mem *m, uint64_t ptrs,
                           uint64_t buf)
{
    if (!guest_ok(m, ptrs, (uint64_t)n * 4))
        return WASI_EFAULT;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        if (!guest_ok(m, buf, len))
            return WASI_EFAULT;
        memcpy(guest_at(m, buf), v[i], len);
        put_u32(guest_at(m, ptrs + 4 * i), (uint32_t)buf);
        buf += len;
    }
    return 0;
}

uint16_t wr_wasi_args_get(wr_wasi *w, const guest_mem *m, const wasi_args_get_args *args)
{
    return vector_get(w->args, w->nargs, m, args->argv, args->argv_buf);
}

uint16_t wr_wasi_args_sizes_get(wr_wasi *w, const guest_mem *m, const wasi_args_sizes_get_args *args)
{
    (void)m;
    return sizes_get(w->args, w->nargs, args->argc, args->argv_buf_size);
}

uint16_t wr_wasi_environ_get(wr_wasi *w, const guest_mem *m, const wasi_environ_get_args *args)
{
    return vector_get(w->env, w->nenv, m, args->environ, args->environ_buf);
}

uint16_t wr_wasi_environ_sizes_get(wr_wasi *w, const guest_mem *m,
                                const wasi_environ_sizes_get_args *args)
{
    (void)m;
    return sizes_get(w->env, w->nenv, args->environc, args->environ_buf_size);
}
