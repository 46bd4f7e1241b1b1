/*
 * A generator of random valid modules for differential testing. Every module it makes
 * validates and terminates: loops count down fixed trip counts, direct calls only go to
 * functions with a lower index and the table holds only functions that call nothing. The
 * only bit patterns left to the engine (NaN payloads) never reach memory, integers or
 * results unless they were first replaced by one canonical NaN; SIMD code uses integer
 * lanes only.
 */
#ifndef WR_FUZZ_GEN_H
#define WR_FUZZ_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm_builder.h"

enum { GEN_MAX_FUNCS = 8, GEN_MAX_PARAMS = 3 };

typedef struct gen_func {
    uint32_t nparams;
    uint8_t params[GEN_MAX_PARAMS]; /* value type bytes: 0x7F i32 ... 0x7C f64 */
    uint8_t result;
} gen_func;

typedef struct gen_module {
    wbuf bytes; /* bytes.failed: memory ran out */
    uint32_t nfuncs; /* exported as "f0", "f1", ...; memory as "mem"; the globals (one per
                        value type: i32, i64, f32, f64) as "g0" .. "g3" */
    gen_func funcs[GEN_MAX_FUNCS];
    bool tail_calls; /* may use return_call and return_call_indirect (return_call_ref
                        with func_refs) */
    bool memories;   /* has memory 1, a 64-bit memory (memory64) exported as "mem1", which
                        loads, stores, memory.size/grow/fill and memory.copy to and from
                        memory 0 use (multi-memory) */
    bool func_refs;  /* may use call_ref, ref.as_non_null and br_on_null (typed function
                        references) */
    bool exceptions; /* may use tags, throw, throw_ref and try_table (3.0) */
} gen_module;

typedef struct gen_rng {
    uint64_t state;
} gen_rng;

uint64_t gen_next(gen_rng *rng);
/* A number in [0, n). */
uint32_t gen_below(gen_rng *rng, uint32_t n);

/* The 3.0 features a module may use, or'ed: GEN_TAIL_CALLS (return_call and
 * return_call_indirect; true alone means it), GEN_EXCEPTIONS (one tag per value type,
 * throw, throw_ref and try_table; node 20 does not run them), GEN_MEMORIES (multi-memory
 * and memory64: gen_module.memories; node 20 has them behind flags), GEN_FUNC_REFS (call_ref,
 * ref.as_non_null and br_on_null, and return_call_ref with GEN_TAIL_CALLS; node 20 has them
 * behind flags). Without a feature a seed makes the same module as before the feature
 * existed. */
enum { GEN_TAIL_CALLS = 1, GEN_EXCEPTIONS = 2, GEN_MEMORIES = 4, GEN_FUNC_REFS = 8 };

/* Fill out with a module made from seed using the given features. Returns false when memory
 * ran out. */
bool gen_module_make(uint64_t seed, unsigned features, gen_module *out);
void gen_module_free(gen_module *m);

#endif
