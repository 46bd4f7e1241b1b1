#include "interp/simd_mem.h"

#include <string.h>

#include "decode/opcodes.h"

uint32_t wr_simd_load_bytes(uint32_t opfd)
{
    switch (opfd) {
    case OPFD_v128_load: return 16;
    case OPFD_v128_load8_splat: return 1;
    case OPFD_v128_load16_splat: return 2;
    case OPFD_v128_load32_splat: case OPFD_v128_load32_zero: return 4;
    default: return 8; /* the 64-bit extending loads, load64_splat, load64_zero */
    }
}

uint32_t wr_simd_lane_bytes(uint32_t opfd)
{
    switch (opfd) {
    case OPFD_v128_load8_lane: case OPFD_v128_store8_lane: return 1;
    case OPFD_v128_load16_lane: case OPFD_v128_store16_lane: return 2;
    case OPFD_v128_load32_lane: case OPFD_v128_store32_lane: return 4;
    default: return 8;
    }
}

void wr_simd_load(uint32_t opfd, const uint8_t *p, wr_v128 *r)
{
    wr_v128 in;
    memset(&in, 0, sizeof in);
    memcpy(&in, p, wr_simd_load_bytes(opfd));
    memset(r, 0, sizeof *r);
    switch (opfd) {
    case OPFD_v128_load8x8_s: for (int i = 0; i < 8; i++) r->i16[i] = in.i8[i]; break;
    case OPFD_v128_load8x8_u: for (int i = 0; i < 8; i++) r->u16[i] = in.u8[i]; break;
    case OPFD_v128_load16x4_s: for (int i = 0; i < 4; i++) r->i32[i] = in.i16[i]; break;
    case OPFD_v128_load16x4_u: for (int i = 0; i < 4; i++) r->u32[i] = in.u16[i]; break;
    case OPFD_v128_load32x2_s: for (int i = 0; i < 2; i++) r->i64[i] = in.i32[i]; break;
    case OPFD_v128_load32x2_u: for (int i = 0; i < 2; i++) r->u64[i] = in.u32[i]; break;
    case OPFD_v128_load8_splat: for (int i = 0; i < 16; i++) r->u8[i] = in.u8[0]; break;
    case OPFD_v128_load16_splat: for (int i = 0; i < 8; i++) r->u16[i] = in.u16[0]; break;
    case OPFD_v128_load32_splat: for (int i = 0; i < 4; i++) r->u32[i] = in.u32[0]; break;
    case OPFD_v128_load64_splat: for (int i = 0; i < 2; i++) r->u64[i] = in.u64[0]; break;
    default: *r = in; break; /* v128.load and the zero-extending loads */
    }
}
