/*
 * Opcode numbers of WebAssembly 2.0, generated from oplist.h and named after their
 * text-format mnemonics with '.' written as '_': single-byte opcodes are OP_*, the 0xFC
 * family OPFC_* and the 0xFD (SIMD) family OPFD_*, each numbered by its LEB128
 * sub-opcode. What else is known about an opcode (name, signature, immediates) is in ops.h.
 */
#ifndef WR_DECODE_OPCODES_H
#define WR_DECODE_OPCODES_H

#include "decode/oplist.h"

#define WR_OPCODE_ENUM(code, id, text, sig, imm) OP_##id = code,
#define WR_OPCODE_ENUM_FC(code, id, text, sig, imm) OPFC_##id = code,
#define WR_OPCODE_ENUM_FD(code, id, text, sig, imm) OPFD_##id = code,

enum {
    WR_OPS_SINGLE(WR_OPCODE_ENUM)
    /* The bytes that introduce the two prefixed families; not instructions themselves. */
    OP_prefix_fc = 0xFC,
    OP_prefix_fd = 0xFD,
};

enum { WR_OPS_FC(WR_OPCODE_ENUM_FC) OPFC_COUNT };
enum { WR_OPS_FD(WR_OPCODE_ENUM_FD) OPFD_COUNT };

#undef WR_OPCODE_ENUM
#undef WR_OPCODE_ENUM_FC
#undef WR_OPCODE_ENUM_FD

#endif
