/* The vector functions of wasm.h. Vectors own their elements: copies are deep. */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"
#include "util/alloc.h"

/* On allocation failure a vector comes out empty: the API has no other way to say so.
 * Elements come from the default allocator without libwr's block header, as plain malloc
 * gives them: programs written for other runtimes free a vector's data with free(), and
 * that must keep working. */
static void *alloc_elems(size_t n, size_t size)
{
    if (!n || n > SIZE_MAX / size)
        return NULL;
    void *p = wr_default_alloc(NULL, NULL, 0, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

static void free_elems(void *p)
{
    if (p)
        wr_default_alloc(NULL, p, 0, 0);
}

/* ---------------------------------------------------------------- bytes */

void wasm_byte_vec_new_empty(wasm_byte_vec_t *out) { *out = (wasm_byte_vec_t){0, NULL}; }

void wasm_byte_vec_new_uninitialized(wasm_byte_vec_t *out, size_t size)
{
    out->data = alloc_elems(size, 1);
    out->size = out->data ? size : 0;
}

void wasm_byte_vec_new(wasm_byte_vec_t *out, size_t size, const wasm_byte_t data[])
{
    wasm_byte_vec_new_uninitialized(out, size);
    if (out->size)
        memcpy(out->data, data, size);
}

void wasm_byte_vec_copy(wasm_byte_vec_t *out, const wasm_byte_vec_t *src)
{
    wasm_byte_vec_new(out, src->size, src->data);
}

void wasm_byte_vec_delete(wasm_byte_vec_t *v)
{
    if (!v)
        return;
    free_elems(v->data);
    *v = (wasm_byte_vec_t){0, NULL};
}

/* ---------------------------------------------------------------- values */

void wasm_val_vec_new_empty(wasm_val_vec_t *out) { *out = (wasm_val_vec_t){0, NULL}; }

void wasm_val_vec_new_uninitialized(wasm_val_vec_t *out, size_t size)
{
    out->data = alloc_elems(size, sizeof *out->data);
    out->size = out->data ? size : 0;
    /* Null references, so deleting a vector nobody filled is harmless. */
    for (size_t i = 0; i < out->size; i++)
        out->data[i] = (wasm_val_t)WASM_INIT_VAL;
}

void wasm_val_vec_new(wasm_val_vec_t *out, size_t size, const wasm_val_t data[])
{
    out->data = alloc_elems(size, sizeof *out->data);
    out->size = out->data ? size : 0;
    if (out->size)
        memcpy(out->data, data, size * sizeof *data);
}

void wasm_val_vec_copy(wasm_val_vec_t *out, const wasm_val_vec_t *src)
{
    wasm_val_vec_new_uninitialized(out, src->size);
    for (size_t i = 0; i < out->size; i++)
        wasm_val_copy(&out->data[i], &src->data[i]);
}

void wasm_val_vec_delete(wasm_val_vec_t *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->size; i++)
        wasm_val_delete(&v->data[i]);
    free_elems(v->data);
    *v = (wasm_val_vec_t){0, NULL};
}

/* ---------------------------------------------------------------- vectors of owned pointers */

#define WR_CAPI_DEFINE_PTR_VEC(name)                                                           \
    void wasm_##name##_vec_new_empty(wasm_##name##_vec_t *out)                                 \
    {                                                                                          \
        *out = (wasm_##name##_vec_t){0, NULL};                                                 \
    }                                                                                          \
    void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t *out, size_t size)            \
    {                                                                                          \
        out->data = alloc_elems(size, sizeof *out->data);                                      \
        out->size = out->data ? size : 0;                                                      \
    }                                                                                          \
    void wasm_##name##_vec_new(wasm_##name##_vec_t *out, size_t size,                          \
                               wasm_##name##_t *const data[])                                  \
    {                                                                                          \
        wasm_##name##_vec_new_uninitialized(out, size);                                        \
        if (out->size)                                                                         \
            memcpy(out->data, data, size * sizeof *data);                                      \
        else                                                                                   \
            for (size_t i = 0; i < size; i++) /* out of memory: the elements still go */       \
                wasm_##name##_delete(data[i]);                                                 \
    }                                                                                          \
    void wasm_##name##_vec_copy(wasm_##name##_vec_t *out, const wasm_##name##_vec_t *src)      \
    {                                                                                          \
        wasm_##name##_vec_new_uninitialized(out, src->size);                                   \
        for (size_t i = 0; i < out->size; i++)                                                 \
            out->data[i] = src->data[i] ? wasm_##name##_copy(src->data[i]) : NULL;             \
    }                                                                                          \
    void wasm_##name##_vec_delete(wasm_##name##_vec_t *v)                                      \
    {                                                                                          \
        if (!v)                                                                                \
            return;                                                                            \
        for (size_t i = 0; i < v->size; i++)                                                   \
            if (v->data[i])                                                                    \
                wasm_##name##_delete(v->data[i]);                                              \
        free_elems(v->data);                                                                   \
        *v = (wasm_##name##_vec_t){0, NULL};                                                   \
    }

WR_CAPI_DEFINE_PTR_VEC(valtype)
WR_CAPI_DEFINE_PTR_VEC(functype)
WR_CAPI_DEFINE_PTR_VEC(globaltype)
WR_CAPI_DEFINE_PTR_VEC(tabletype)
WR_CAPI_DEFINE_PTR_VEC(memorytype)
WR_CAPI_DEFINE_PTR_VEC(tagtype)
WR_CAPI_DEFINE_PTR_VEC(externtype)
WR_CAPI_DEFINE_PTR_VEC(importtype)
WR_CAPI_DEFINE_PTR_VEC(exporttype)
WR_CAPI_DEFINE_PTR_VEC(frame)
WR_CAPI_DEFINE_PTR_VEC(extern)
