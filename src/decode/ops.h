/*
 * What every stage needs to know about a WebAssembly opcode, generated from the op list
 * (oplist.h): its text name, its stack effect when that is fixed, and the immediates
 * that follow it, with the one reader of those immediates. The validator and the
 * interpreter's translator and zero-locals scan read instructions through
 * wr_read_instruction, so they cannot disagree on where one ends; any other stage that
 * walks function bodies (a compiler, a disassembler) reads them the same way:
 *
 *     wr_reader r = {.base = m->bytes, .pos = f->body_offset, .end = f->body_end};
 *     while (!wr_reader_eof(&r)) {
 *         wr_imm imm;
 *         const wr_opinfo *op = wr_read_instruction(&r, &imm);
 *         if (!op)
 *             break;            // r.err says why
 *         switch (op->prefix) { ... op->code is an OP_*, OPFC_* or OPFD_* ... }
 *     }
 *
 * To iterate the ops themselves, expand the lists of oplist.h or walk the tables below.
 *
 * Look-ups fail closed: a number that is not an opcode has no entry (NULL), and the
 * reader turns it into the error "illegal opcode".
 *
 * Everything here is read-only and thread-safe. Pointers into the module (wr_imm.bytes,
 * wr_imm.labels) stay valid as long as the bytes the reader walks.
 */
#ifndef WR_DECODE_OPS_H
#define WR_DECODE_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/opcodes.h"
#include "util/reader.h"
#include "wr.h"

/* The immediates that follow an opcode (the imm column of oplist.h). */
typedef enum wr_immkind {
    WR_IMM_NONE = 0,
    WR_IMM_I32,         /* signed LEB128, 32 bits */
    WR_IMM_I64,         /* signed LEB128, 64 bits */
    WR_IMM_F32,         /* 4 bytes */
    WR_IMM_F64,         /* 8 bytes */
    WR_IMM_V128,        /* 16 bytes */
    WR_IMM_MEMARG,      /* flags (u32 below 128: the alignment, and in bit 6 whether a
                           memory index follows), the memory index, the offset (u64) */
    WR_IMM_LANE,        /* one lane index byte */
    WR_IMM_MEMARG_LANE, /* memarg, then a lane index byte */
    WR_IMM_SHUFFLE,     /* 16 lane index bytes */
    WR_IMM_INDEX,       /* one u32: a label, function, local, global, table, data or element */
    WR_IMM_INDEX2,      /* two u32, as written: call_indirect type and table, table.init
                           element and table, table.copy destination and source */
    WR_IMM_BLOCKTYPE,   /* 0x40, a value type, or a type index (s33) */
    WR_IMM_BR_TABLE,    /* a vector of labels, then the default label */
    WR_IMM_SELECT_T,    /* a vector of value types (valid code has exactly one) */
    WR_IMM_MEMORY,      /* a memory index (u32; 2.0 had a zero byte) */
    WR_IMM_MEMORY2,     /* two of them (memory.copy: destination, source) */
    WR_IMM_DATA_MEMORY, /* a data index (u32), then a memory index (memory.init) */
    WR_IMM_REFTYPE,     /* a reference type byte (ref.null) */
    WR_IMM_TRY_TABLE    /* a block type, then a vector of catch clauses (wr_read_catch) */
} wr_immkind;

typedef struct wr_opinfo {
    const char *name;  /* the text-format mnemonic; NULL marks a number that is no opcode */
    uint16_t code;     /* the byte, or the sub-opcode after a prefix */
    uint8_t prefix;    /* 0, OP_prefix_fc or OP_prefix_fd */
    uint8_t imm;       /* wr_immkind */
    /* The fixed stack effect; nparams and nresults both 0 when it depends on context
     * (no fixed signature is empty: each pops or pushes something). */
    uint8_t nparams;   /* 0..3 */
    uint8_t nresults;  /* 0 or 1 */
    uint8_t params[3]; /* wr_valtype, bottom of the stack first */
    uint8_t result;    /* wr_valtype when nresults is 1 */
    uint8_t align;     /* memarg ops: log2 of the natural alignment (largest allowed) */
    uint8_t lanes;     /* lane ops: the lane count, which lane indices must stay below */
    bool cast;         /* the result has the operand's bits (wrap, reinterpret) */
} wr_opinfo;

/* The tables behind the look-ups, indexed by opcode; entries with a NULL name are not
 * opcodes. Generated from oplist.h (ops.c). */
extern const wr_opinfo wr_opinfo_single_table[256];
extern const wr_opinfo wr_opinfo_fc_table[OPFC_COUNT];
extern const wr_opinfo wr_opinfo_fd_table[OPFD_COUNT];

static inline const wr_opinfo *wr_opinfo_present(const wr_opinfo *info)
{
    return info->name ? info : NULL;
}

/* The entry of a single-byte opcode, a 0xFC or a 0xFD sub-opcode; NULL when the number
 * is not an opcode. The prefix bytes themselves have no entry. */
static inline const wr_opinfo *wr_opinfo_single(uint8_t op)
{
    return wr_opinfo_present(&wr_opinfo_single_table[op]);
}
static inline const wr_opinfo *wr_opinfo_fc(uint32_t sub)
{
    return sub < OPFC_COUNT ? wr_opinfo_present(&wr_opinfo_fc_table[sub]) : NULL;
}
static inline const wr_opinfo *wr_opinfo_fd(uint32_t sub)
{
    return sub < OPFD_COUNT ? wr_opinfo_present(&wr_opinfo_fd_table[sub]) : NULL;
}

/* Does the op have a fixed stack effect (see wr_opinfo)? */
static inline bool wr_opinfo_fixed(const wr_opinfo *info)
{
    return info->nparams || info->nresults;
}

/* A block type as read: no values, one value type, or a function type's index. */
enum { WR_BLOCK_EMPTY = 0x40, WR_BLOCK_INDEXED = 0 };

/* The immediates of one instruction; which fields are set depends on the kind. */
typedef struct wr_imm {
    uint64_t bits;        /* I32 (its 32-bit pattern, zero-extended), I64, F32, F64 */
    uint32_t index;       /* INDEX; INDEX2 and DATA_MEMORY: the first index; BR_TABLE:
                             the default label; BLOCKTYPE WR_BLOCK_INDEXED: the type */
    uint32_t index2;      /* INDEX2: the second index */
    uint32_t align;       /* MEMARG, MEMARG_LANE: log2 of the alignment, as written
                             (without the memory-index bit) */
    uint64_t offset;      /* MEMARG, MEMARG_LANE */
    uint32_t memory;      /* MEMARG, MEMARG_LANE, MEMORY, DATA_MEMORY: the memory index;
                             MEMORY2: the destination's (index2: the source's) */
    bool memory_given;    /* MEMARG, MEMARG_LANE: the flags named a memory (bit 6) */
    uint32_t count;       /* BR_TABLE: labels before the default; SELECT_T: type count;
                             TRY_TABLE: catch clauses */
    uint8_t lane;         /* LANE, MEMARG_LANE */
    uint32_t type;        /* BLOCKTYPE: WR_BLOCK_EMPTY, WR_BLOCK_INDEXED or the value
                             type (a wr_valtype); SELECT_T: the type when count is 1;
                             REFTYPE: the nullable reference type ref.null makes */
    const uint8_t *bytes; /* V128, SHUFFLE: the 16 bytes; BLOCKTYPE with a value type
                             and SELECT_T with count 1: a one-element sequence of the
                             type's kind (wr_valtype_kind), static; MEMORY, MEMORY2,
                             DATA_MEMORY: the first memory index's bytes (2.0 wanted
                             single zero bytes there) */
    size_t labels;        /* BR_TABLE: reader position of the first of the count labels
                             (read them again with wr_read_u32); TRY_TABLE: of the first
                             catch clause (read them again with wr_read_catch) */
} wr_imm;

/* A catch clause of try_table (3.0 exception handling). */
enum { WR_CATCH = 0, WR_CATCH_REF = 1, WR_CATCH_ALL = 2, WR_CATCH_ALL_REF = 3 };
typedef struct wr_catch {
    uint8_t kind;   /* WR_CATCH... */
    uint32_t tag;   /* WR_CATCH and WR_CATCH_REF only */
    uint32_t label; /* the branch target, counted from outside the try_table */
} wr_catch;

/* Reads one catch clause at r, which try_table's immediate has checked already. */
bool wr_read_catch(wr_reader *r, wr_catch *out);
static inline bool wr_catch_has_tag(const wr_catch *c) { return c->kind <= WR_CATCH_REF; }
static inline bool wr_catch_has_ref(const wr_catch *c) { return c->kind & 1; }

/* Reads the immediates of kind `kind` at r into imm. Encoding errors are the reader's
 * (r->err, in the specification's wording: "zero byte expected", "malformed memop
 * flags", "malformed value type", "malformed reference type", ...); what needs the
 * module to check (indices, alignment against the natural one, lane ranges, select's
 * type count) is left to the validator. Returns !r->err. */
bool wr_read_imm_slow(wr_reader *r, wr_immkind kind, wr_imm *imm);

static inline bool wr_read_imm(wr_reader *r, wr_immkind kind, wr_imm *imm)
{
    if (kind == WR_IMM_NONE)
        return !r->err;
    /* The common cases inline: indices and integer constants of one byte, memargs of
     * two (a one-byte LEB128 is always well-formed; alignments from 32 on are not). */
    size_t left = r->end - r->pos;
    const uint8_t *p = r->base + r->pos;
    if (left >= 1 && p[0] < 0x80) {
        if (kind == WR_IMM_INDEX) {
            imm->index = p[0];
            r->pos++;
            return true;
        }
        if (kind == WR_IMM_I32 || kind == WR_IMM_I64) {
            int64_t v = (int64_t)(p[0] ^ 0x40) - 0x40; /* sign-extends bit 6 */
            imm->bits = kind == WR_IMM_I32 ? (uint32_t)v : (uint64_t)v;
            r->pos++;
            return true;
        }
        if (kind == WR_IMM_MEMARG && left >= 2 && p[0] < 32 && p[1] < 0x80) {
            imm->align = p[0];
            imm->offset = p[1];
            imm->memory = 0;
            imm->memory_given = false;
            r->pos += 2;
            return true;
        }
    }
    return wr_read_imm_slow(r, kind, imm);
}

/* Reads one whole instruction at r: its opcode (the sub-opcode too after a prefix) and
 * its immediates. Returns its entry, or NULL with r->err set: "illegal opcode" for a
 * number that is no opcode, else the reader's reason. */
static inline const wr_opinfo *wr_read_instruction(wr_reader *r, wr_imm *imm)
{
    uint8_t op = wr_read_u8(r);
    const wr_opinfo *info;
    if (op == OP_prefix_fc)
        info = wr_opinfo_fc(wr_read_u32(r));
    else if (op == OP_prefix_fd)
        info = wr_opinfo_fd(wr_read_u32(r));
    else
        info = wr_opinfo_single(op);
    if (r->err)
        return NULL;
    if (!info) {
        wr_reader_fail(r, "illegal opcode");
        return NULL;
    }
    return wr_read_imm(r, (wr_immkind)info->imm, imm) ? info : NULL;
}

/* Is b a value type (the one-byte encodings of wr_valtype)? */
bool wr_is_valtype(uint8_t b);

/* The prefixes of a reference type with a heap type: (ref null ht) and (ref ht). */
enum { WR_REFTYPE_NULL = 0x63, WR_REFTYPE_NONNULL = 0x64 };

/* Reads a value type, one byte or a reference type prefix and its heap type, into *out.
 * Fails with "malformed value type" or "malformed heap type" (r->err). */
bool wr_read_valtype(wr_reader *r, wr_valtype *out);

/* What the execution tiers keep of a value type: its number type, or WR_FUNCREF for any
 * reference to a function (func, nofunc, a type index) and WR_EXTERNREF for extern and
 * noextern, with or without null. The uint8_t type arrays of decode/module.h hold these. */
uint8_t wr_valtype_kind(wr_valtype t);
/* A static one-element sequence holding kind, or NULL when kind is none. */
const uint8_t *wr_kind_seq(uint8_t kind);

#endif
