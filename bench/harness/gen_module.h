/*
 * A synthetic but realistic module for decode and validation throughput: many functions with
 * locals, integer and float arithmetic, nested blocks, loops, ifs, br_if/br_table, loads,
 * stores, globals and calls. The same seed always gives the same bytes.
 */
#ifndef BENCH_GEN_MODULE_H
#define BENCH_GEN_MODULE_H

#include <stddef.h>
#include <stdint.h>

/* Builds a valid module of at least min_size bytes into a malloc'ed buffer. Returns NULL
 * when out of memory. */
uint8_t *bench_generate_module(size_t min_size, uint32_t seed, size_t *out_len);

#endif
