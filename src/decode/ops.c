/*
 * The op tables generated from oplist.h, and the immediate reader every stage shares
 * (see ops.h).
 */
#include "decode/ops.h"

#include <stdio.h>

/* The sig column of oplist.h, as the signature fields of a wr_opinfo. */
#define WR_SIG_CTX
#define WR_SIG_UN(t, r) .nparams = 1, .nresults = 1, .params = {WR_##t}, .result = WR_##r,
#define WR_SIG_CAST(t, r) WR_SIG_UN(t, r).cast = true,
#define WR_SIG_BIN(t, r) .nparams = 2, .nresults = 1, .params = {WR_##t, WR_##t}, .result = WR_##r,
#define WR_SIG_TERN(t) .nparams = 3, .nresults = 1, .params = {WR_##t, WR_##t, WR_##t}, .result = WR_##t,
#define WR_SIG_CONST(r) .nresults = 1, .result = WR_##r,
#define WR_SIG_LOAD(r, a) .nparams = 1, .nresults = 1, .params = {WR_I32}, .result = WR_##r, .align = a,
#define WR_SIG_STORE(t, a) .nparams = 2, .params = {WR_I32, WR_##t}, .align = a,
#define WR_SIG_LOAD_LANE(a)                                                                  \
    .nparams = 2, .nresults = 1, .params = {WR_I32, WR_V128}, .result = WR_V128, .align = a,   \
    .lanes = 16 >> (a),
#define WR_SIG_STORE_LANE(a) .nparams = 2, .params = {WR_I32, WR_V128}, .align = a, .lanes = 16 >> (a),
#define WR_SIG_EXTRACT(r, n) .nparams = 1, .nresults = 1, .params = {WR_V128}, .result = WR_##r, .lanes = n,
#define WR_SIG_REPLACE(t, n)                                                                  \
    .nparams = 2, .nresults = 1, .params = {WR_V128, WR_##t}, .result = WR_V128, .lanes = n,
#define WR_SIG_SHIFT() .nparams = 2, .nresults = 1, .params = {WR_V128, WR_I32}, .result = WR_V128,
#define WR_SIG_SHUFFLE() WR_SIG_BIN(V128, V128)

#define ENTRY(prefix_byte, enum_prefix, code_, id, text, sig, imm_)                          \
    [enum_prefix##id] = {.name = text, .code = code_, .prefix = prefix_byte,                  \
                         .imm = WR_IMM_##imm_, WR_SIG_##sig},
#define SINGLE(code, id, text, sig, imm) ENTRY(0, OP_, code, id, text, sig, imm)
#define FC(code, id, text, sig, imm) ENTRY(OP_prefix_fc, OPFC_, code, id, text, sig, imm)
#define FD(code, id, text, sig, imm) ENTRY(OP_prefix_fd, OPFD_, code, id, text, sig, imm)

const wr_opinfo wr_opinfo_single_table[256] = {WR_OPS_SINGLE(SINGLE)};
const wr_opinfo wr_opinfo_fc_table[OPFC_COUNT] = {WR_OPS_FC(FC)};
const wr_opinfo wr_opinfo_fd_table[OPFD_COUNT] = {WR_OPS_FD(FD)};

bool wr_is_valtype(uint8_t b)
{
    switch (b) {
    case WR_I32: case WR_I64: case WR_F32: case WR_F64: case WR_V128:
    case WR_FUNCREF: case WR_EXTERNREF: case WR_NULLFUNCREF: case WR_NULLEXTERNREF:
    case WR_EXNREF: case WR_NULLEXNREF:
        return true;
    default:
        return false;
    }
}

uint8_t wr_valtype_kind(wr_valtype t) { return (uint8_t)wr_valtype_val(t); }

/* One-element sequences of each kind, for block and select types. */
const uint8_t *wr_kind_seq(uint8_t kind)
{
    static const uint8_t seqs[] = {WR_I32, WR_I64, WR_F32, WR_F64, WR_V128, WR_FUNCREF,
                                   WR_EXTERNREF, WR_EXNREF};
    switch (kind) {
    case WR_I32: return &seqs[0];
    case WR_I64: return &seqs[1];
    case WR_F32: return &seqs[2];
    case WR_F64: return &seqs[3];
    case WR_V128: return &seqs[4];
    case WR_FUNCREF: return &seqs[5];
    case WR_EXTERNREF: return &seqs[6];
    case WR_EXNREF: return &seqs[7];
    default: return NULL;
    }
}

/* A heap type (s33): an abstract one as its one-byte code, or a type index. Indices past
 * what the encoding holds become WR_REF_MAX_INDEX, which no module has: "unknown type". */
static bool read_heaptype(wr_reader *r, bool nullable, wr_valtype *out)
{
    size_t pos = r->pos;
    int64_t ht = wr_read_sleb(r, 33);
    if (r->err)
        return false;
    if (ht >= 0) {
        uint32_t index = ht > WR_REF_MAX_INDEX ? WR_REF_MAX_INDEX : (uint32_t)ht;
        *out = wr_valtype_ref(index, nullable);
        return true;
    }
    uint8_t code = (uint8_t)(ht & 0x7F);
    if (ht < -64 || !wr_is_valtype(code) || !wr_valtype_is_ref((wr_valtype)code)) {
        r->pos = pos;
        wr_reader_fail(r, "malformed heap type");
        return false;
    }
    *out = (wr_valtype)(code | (nullable ? 0u : WR_REF_NONNULL));
    return true;
}

bool wr_read_valtype(wr_reader *r, wr_valtype *out)
{
    size_t pos = r->pos;
    uint8_t b = wr_read_u8(r);
    if (r->err)
        return false;
    if (b == WR_REFTYPE_NULL || b == WR_REFTYPE_NONNULL)
        return read_heaptype(r, b == WR_REFTYPE_NULL, out);
    if (!wr_is_valtype(b)) {
        r->pos = pos;
        /* Types are one-byte signed LEB128 numbers, so a continuation bit makes them too
         * long. */
        wr_reader_fail(r, b & 0x80 ? "integer representation too long" : "malformed value type");
        return false;
    }
    *out = (wr_valtype)b;
    return true;
}

static void read_memarg(wr_reader *r, wr_imm *imm)
{
    size_t pos = r->pos;
    uint32_t flags = wr_read_u32(r);
    /* Bit 6 names a memory (multi-memory); from bit 7 on nothing is defined. An alignment
     * from 32 to 63 is well-formed but invalid (the validator's "alignment must not be
     * larger than natural"). */
    if (flags >= 0x80 && !r->err) {
        r->pos = pos;
        wr_reader_fail(r, "malformed memop flags");
        return;
    }
    imm->memory_given = flags & 0x40;
    imm->align = flags & 0x3F;
    imm->memory = imm->memory_given ? wr_read_u32(r) : 0;
    imm->offset = wr_read_uleb(r, 64);
}

static void read_blocktype(wr_reader *r, wr_imm *imm)
{
    if (wr_reader_eof(r)) {
        wr_reader_fail(r, "unexpected end");
        return;
    }
    uint8_t b = r->base[r->pos];
    if (b == WR_BLOCK_EMPTY) {
        imm->type = b;
        r->pos++;
        return;
    }
    if (wr_is_valtype(b)) { /* the common one-byte case, without the general reader */
        r->pos++;
        imm->type = b;
        imm->bytes = wr_kind_seq(wr_valtype_kind((wr_valtype)b));
        return;
    }
    if (b == WR_REFTYPE_NULL || b == WR_REFTYPE_NONNULL) {
        wr_valtype t;
        if (wr_read_valtype(r, &t)) {
            imm->type = t;
            imm->bytes = wr_kind_seq(wr_valtype_kind(t));
        }
        return;
    }
    int64_t index = wr_read_sleb(r, 33);
    if (r->err)
        return;
    if (index < 0) {
        wr_reader_fail(r, "malformed value type");
        return;
    }
    imm->type = WR_BLOCK_INDEXED;
    imm->index = (uint32_t)index;
}

static void read_br_table(wr_reader *r, wr_imm *imm)
{
    imm->count = wr_read_u32(r);
    imm->labels = r->pos;
    /* Each label takes at least a byte, so this stops at the end of the body. */
    for (uint32_t i = 0; i < imm->count && !r->err; i++)
        wr_read_u32(r);
    imm->index = wr_read_u32(r);
}

/* select's type vector: valid code has exactly one type, and anything else is left for
 * the validator to reject ("invalid result arity") before the types matter. */
static void read_select_t(wr_reader *r, wr_imm *imm)
{
    imm->count = wr_read_u32(r);
    if (r->err || imm->count != 1)
        return;
    wr_valtype t;
    if (wr_read_valtype(r, &t)) {
        imm->type = t;
        imm->bytes = wr_kind_seq(wr_valtype_kind(t));
    }
}

bool wr_read_catch(wr_reader *r, wr_catch *out)
{
    size_t pos = r->pos;
    out->kind = wr_read_u8(r);
    if (!r->err && out->kind > WR_CATCH_ALL_REF) {
        r->pos = pos;
        wr_reader_fail(r, "malformed catch clause");
        return false;
    }
    out->tag = wr_catch_has_tag(out) ? wr_read_u32(r) : 0;
    out->label = wr_read_u32(r);
    return !r->err;
}

/* try_table's block type and catch clauses, each read once here so that a bad one is the
 * reader's error; the stages read them again from imm->labels. */
static void read_try_table(wr_reader *r, wr_imm *imm)
{
    read_blocktype(r, imm);
    if (r->err)
        return;
    imm->count = wr_read_u32(r);
    imm->labels = r->pos;
    wr_catch c;
    /* Each clause takes at least two bytes, so this stops at the end of the body. */
    for (uint32_t i = 0; i < imm->count && !r->err; i++)
        wr_read_catch(r, &c);
}

bool wr_read_imm_slow(wr_reader *r, wr_immkind kind, wr_imm *imm)
{
    switch (kind) {
    case WR_IMM_NONE:
        break;
    case WR_IMM_I32:
        imm->bits = (uint32_t)wr_read_s32(r);
        break;
    case WR_IMM_I64:
        imm->bits = (uint64_t)wr_read_s64(r);
        break;
    case WR_IMM_F32:
        imm->bits = wr_read_f32_bits(r);
        break;
    case WR_IMM_F64:
        imm->bits = wr_read_f64_bits(r);
        break;
    case WR_IMM_V128:
    case WR_IMM_SHUFFLE:
        imm->bytes = wr_read_bytes(r, 16);
        break;
    case WR_IMM_MEMARG:
        read_memarg(r, imm);
        break;
    case WR_IMM_LANE:
        imm->lane = wr_read_u8(r);
        break;
    case WR_IMM_MEMARG_LANE:
        read_memarg(r, imm);
        imm->lane = wr_read_u8(r);
        break;
    case WR_IMM_INDEX:
        imm->index = wr_read_u32(r);
        break;
    case WR_IMM_INDEX2:
        imm->index = wr_read_u32(r);
        imm->index2 = wr_read_u32(r);
        break;
    case WR_IMM_BLOCKTYPE:
        read_blocktype(r, imm);
        break;
    case WR_IMM_BR_TABLE:
        read_br_table(r, imm);
        break;
    case WR_IMM_SELECT_T:
        read_select_t(r, imm);
        break;
    case WR_IMM_MEMORY:
        imm->bytes = r->base + r->pos;
        imm->memory = wr_read_u32(r);
        break;
    case WR_IMM_MEMORY2:
        imm->bytes = r->base + r->pos;
        imm->memory = wr_read_u32(r);
        imm->index2 = wr_read_u32(r);
        break;
    case WR_IMM_DATA_MEMORY:
        imm->index = wr_read_u32(r);
        imm->bytes = r->base + r->pos;
        imm->memory = wr_read_u32(r);
        break;
    case WR_IMM_REFTYPE:
    {
        /* ref.null's heap type; imm->type is the nullable reference type it makes. */
        wr_valtype t;
        if (read_heaptype(r, true, &t))
            imm->type = t;
        break;
    }
    case WR_IMM_TRY_TABLE:
        read_try_table(r, imm);
        break;
    default:
        /* A kind this reader does not know must not read as "no immediates". */
        wr_reader_fail(r, "illegal opcode");
        break;
    }
    return !r->err;
}

/* The value types' text names, for messages of every stage (wr.h). */
const char *wr_valtype_name(wr_valtype type)
{
    switch ((uint32_t)type) {
    case WR_I32: return "i32";
    case WR_I64: return "i64";
    case WR_F32: return "f32";
    case WR_F64: return "f64";
    case WR_V128: return "v128";
    case WR_FUNCREF: return "funcref";
    case WR_EXTERNREF: return "externref";
    case WR_EXNREF: return "exnref";
    case WR_NULLFUNCREF: return "nullfuncref";
    case WR_NULLEXTERNREF: return "nullexternref";
    case WR_NULLEXNREF: return "nullexnref";
    case WR_FUNCREF | WR_REF_NONNULL: return "(ref func)";
    case WR_EXTERNREF | WR_REF_NONNULL: return "(ref extern)";
    case WR_EXNREF | WR_REF_NONNULL: return "(ref exn)";
    case WR_NULLFUNCREF | WR_REF_NONNULL: return "(ref nofunc)";
    case WR_NULLEXTERNREF | WR_REF_NONNULL: return "(ref noextern)";
    case WR_NULLEXNREF | WR_REF_NONNULL: return "(ref noexn)";
    }
    if (type & WR_REF_INDEXED)
        return wr_valtype_nullable(type) ? "(ref null $t)" : "(ref $t)";
    return "?";
}

char *wr_valtype_format(wr_valtype type, char *buf, size_t size)
{
    if (!buf || !size)
        return buf;
    if (type & WR_REF_INDEXED)
        snprintf(buf, size, "(ref %s%u)", wr_valtype_nullable(type) ? "null " : "",
                 wr_valtype_heap_index(type));
    else
        snprintf(buf, size, "%s", wr_valtype_name(type));
    return buf;
}
