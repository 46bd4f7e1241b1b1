/*
 * The SIMD loads the exec loop does itself (the rest of SIMD is in simd.h): how many
 * bytes each reads and how it widens or replicates them into a vector.
 */
#ifndef WR_INTERP_SIMD_MEM_H
#define WR_INTERP_SIMD_MEM_H

#include <stdint.h>

#include "interp/simd.h"

/* Bytes read by a MEMARG load (v128.load ... v128.load64_zero), by OPFD sub-opcode. */
uint32_t wr_simd_load_bytes(uint32_t opfd);
/* The vector such a load produces from the bytes at p. */
void wr_simd_load(uint32_t opfd, const uint8_t *p, wr_v128 *r);
/* Bytes of one lane of a load_lane / store_lane, by OPFD sub-opcode. */
uint32_t wr_simd_lane_bytes(uint32_t opfd);

#endif
