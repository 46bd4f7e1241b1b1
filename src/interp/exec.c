/*
 * The exec loop: runs internal code (see code.h and docs/interpreter.md).
 *
 * One C activation runs any depth of wasm calls: a call pushes a record (return pc,
 * frame, code, instance) on the store's record stack and continues in the callee; a
 * return pops it. Host functions are ordinary C calls and may re-enter through
 * wr_func_call, which starts a new activation above the current frames.
 *
 * Handlers are written once with CASE/NEXT_OP and become computed-goto labels or switch
 * cases depending on the compiler. They reach operands only by the field names of their
 * op's format (F, SF and W below; formats and lengths are declared in ops.h).
 */
#include <stdatomic.h>
#include <string.h>

#include "compile/compile.h"
#include "decode/opcodes.h"
#include "interp/code.h"
#include "interp/exec_tables.h"
#include "interp/numeric.h"
#include "interp/simd.h"
#include "interp/simd_mem.h"
#include "runtime/guard.h"
#include "runtime/runtime.h"
#include "util/error.h"

#if defined(__GNUC__) && !defined(__clang__)
/* Each wasm float op is one IEEE operation; never fuse a multiply and an add. */
#pragma GCC optimize("fp-contract=off")
#endif

#if WR_THREADED
#define CASE(name) L_##name:
/* A handler that typical code never runs. GCC moves a cold label's code out of the way of
 * the others: without it the 3.0 reference handlers cost fib 12% and simd-dot 40% (code
 * layout, measured with wr-bench); clang has no label attributes. */
#if defined(__GNUC__) && !defined(__clang__)
#define COLD_CASE(name) L_##name: __attribute__((cold));
#else
#define COLD_CASE(name) CASE(name)
#endif
#define DISPATCH() goto *pc->handler
#else
#define CASE(name) case IOP_##name:
#define COLD_CASE(name) CASE(name)
#define DISPATCH() goto dispatch
#endif

#define NEXT(n)                                                                              \
    do {                                                                                     \
        pc += (n);                                                                           \
        DISPATCH();                                                                          \
    } while (0)
/* On to the next instruction after op `name`, whose length its format fixes (ops.h). */
#define NEXT_OP(name) NEXT(WR_LEN_##name)

/* The current instruction's operand fields and words, by the names of ops.h. */
#define F(field) WR_FIELD(pc, field)
#define SF(field) WR_SFIELD(pc, field)
#define W(word) WR_WORD(pc, word)

#define TRAP(kind)                                                                           \
    do {                                                                                     \
        trap = (kind);                                                                       \
        goto trapped;                                                                        \
    } while (0)

/* The guard frame always names the memory in use, so a fault in it becomes a trap. */
#if WR_HAVE_GUARD
#define GUARD_MEMORY(memory) (guard->base = (memory))
#else
#define GUARD_MEMORY(memory) ((void)guard)
#endif

#define RELOAD_MEMORY()                                                                      \
    do {                                                                                     \
        mbase = inst->memory0->base;                                                         \
        msize = inst->memory0->size;                                                         \
        GUARD_MEMORY(mbase);                                                                 \
    } while (0)

/* Declared locals start at zero; usually a few, where a memset call would cost more
 * than the loop (the empty asm keeps compilers from turning the loop into that call). */
#if defined(__GNUC__)
#define KEEP_LOOP(p) __asm__("" : "+r"(p))
#else
#define KEEP_LOOP(p) ((void)0)
#endif
#define ZERO_LOCALS()                                                                        \
    do {                                                                                     \
        wr_slot *z_ = fp + code->zero_start, *const zend_ = fp + code->zero_end;              \
        for (; z_ < zend_; z_++) {                                                           \
            KEEP_LOOP(z_);                                                                   \
            z_->u64 = 0;                                                                     \
        }                                                                                    \
    } while (0)

/* At calls and backward branches: interruption and fuel, one load and one branch
 * while neither is in play (see wr_store.attention). */
#define CHECKPOINT()                                                                         \
    do {                                                                                     \
        if (atomic_load_explicit(&st->attention, memory_order_relaxed)) {                    \
            if (atomic_load_explicit(&st->interrupt, memory_order_relaxed))                  \
                TRAP(WR_TRAP_INTERRUPTED);                                                   \
            if (st->engine->config.fuel && --st->fuel_left < 0)                              \
                TRAP(WR_TRAP_OUT_OF_FUEL);                                                   \
        }                                                                                    \
    } while (0)

#define JUMP(offset)                                                                         \
    do {                                                                                     \
        int32_t off_ = (offset);                                                             \
        if (off_ <= 0)                                                                       \
            CHECKPOINT();                                                                    \
        pc += off_;                                                                          \
        DISPATCH();                                                                          \
    } while (0)

/* Numeric handlers: x and y are the operands, of type T read from field `in`. */
#define UN(name, T, in, out, expr)                                                           \
    CASE(name) {                                                                             \
        T x = fp[F(UN_A)].in;                                                                \
        fp[F(F_DST)].out = (expr);                                                           \
        NEXT_OP(name);                                                                       \
    }
#define BIN(name, T, in, out, expr)                                                          \
    CASE(name) {                                                                             \
        T x = fp[F(BIN_A)].in;                                                               \
        T y = fp[F(BIN_B)].in;                                                               \
        fp[F(F_DST)].out = (expr);                                                           \
        NEXT_OP(name);                                                                       \
    }
#define BIN_IMM(name, T, in, out, expr)                                                      \
    CASE(name##_imm) {                                                                       \
        T x = fp[F(BIN_A)].in;                                                               \
        T y = (T)W(BIN_IMM_WORD).u64;                                                        \
        fp[F(F_DST)].out = (expr);                                                           \
        NEXT_OP(name##_imm);                                                                 \
    }
#define BIN_BOTH(name, T, in, out, expr) BIN(name, T, in, out, expr) BIN_IMM(name, T, in, out, expr)
/* Float immediates are bit patterns. */
#define FBIN_BOTH(name, T, in, out, expr)                                                    \
    BIN(name, T, in, out, expr)                                                              \
    CASE(name##_imm) {                                                                       \
        T x = fp[F(BIN_A)].in;                                                               \
        wr_slot imm_;                                                                        \
        imm_.u64 = W(BIN_IMM_WORD).u64;                                                      \
        T y = imm_.in;                                                                       \
        fp[F(F_DST)].out = (expr);                                                           \
        NEXT_OP(name##_imm);                                                                 \
    }
/* Trapping ops through numeric.h: fn(x[, y], &result) returns a trap kind. */
#define UN_TRAP(name, T, in, R, out, fn)                                                     \
    CASE(name) {                                                                             \
        R r;                                                                                 \
        wr_trap_kind k = fn(fp[F(UN_A)].in, &r);                                             \
        if (k)                                                                               \
            TRAP(k);                                                                         \
        fp[F(F_DST)].out = r;                                                                \
        NEXT_OP(name);                                                                       \
    }
#define BIN_TRAP(name, T, in, fn)                                                            \
    CASE(name) {                                                                             \
        T r;                                                                                 \
        wr_trap_kind k = fn(fp[F(BIN_A)].in, fp[F(BIN_B)].in, &r);                           \
        if (k)                                                                               \
            TRAP(k);                                                                         \
        fp[F(F_DST)].in = r;                                                                 \
        NEXT_OP(name);                                                                       \
    }
/* Fused compare-and-branch on i32 (BR_CMP): b is a slot, or the constant itself. */
#define BR_CMP(name, T, in, op)                                                              \
    CASE(br_i32_##name) {                                                                    \
        if ((T)fp[F(BR_CMP_A)].in op (T)fp[F(BR_CMP_B)].in)                                  \
            JUMP(SF(BR_CMP_TARGET));                                                         \
        NEXT_OP(br_i32_##name);                                                              \
    }                                                                                        \
    CASE(br_i32_##name##_imm) {                                                              \
        if ((T)fp[F(BR_CMP_A)].in op (T)F(BR_CMP_B))                                         \
            JUMP(SF(BR_CMP_TARGET));                                                         \
        NEXT_OP(br_i32_##name##_imm);                                                        \
    }
/* The same on i64, the constant sign-extended from 32 bits. */
#define BR_CMP64(name, T, op)                                                                \
    CASE(br_i64_##name) {                                                                    \
        if ((T)fp[F(BR_CMP_A)].u64 op (T)fp[F(BR_CMP_B)].u64)                                \
            JUMP(SF(BR_CMP_TARGET));                                                         \
        NEXT_OP(br_i64_##name);                                                              \
    }                                                                                        \
    CASE(br_i64_##name##_imm) {                                                              \
        if ((T)fp[F(BR_CMP_A)].u64 op (T)(int64_t)SF(BR_CMP_B))                              \
            JUMP(SF(BR_CMP_TARGET));                                                         \
        NEXT_OP(br_i64_##name##_imm);                                                        \
    }
/* On f64, with x and y the operands; the constant form is BR_CMP_IMM64. */
#define BR_F64(name, expr)                                                                   \
    CASE(br_f64_##name) {                                                                    \
        double x = fp[F(BR_CMP_A)].f64, y = fp[F(BR_CMP_B)].f64;                             \
        if (expr)                                                                            \
            JUMP(SF(BR_CMP_TARGET));                                                         \
        NEXT_OP(br_f64_##name);                                                              \
    }                                                                                        \
    CASE(br_f64_##name##_imm) {                                                              \
        wr_slot imm_;                                                                        \
        imm_.u64 = W(BR_CMP_IMM64_WORD).u64;                                                 \
        double x = fp[F(BR_CMP_A)].f64, y = imm_.f64;                                        \
        if (expr)                                                                            \
            JUMP(SF(BR_CMP_TARGET));                                                         \
        NEXT_OP(br_f64_##name##_imm);                                                        \
    }
/* Memory accesses: the effective address for the address in `field` (the addend comes
 * from an i32.add folded into the access, so it wraps to 32 bits first), and the bounds
 * check, which the guarded handler (checked = 0) leaves to the guard region. */
#define EFFECTIVE_ADDRESS(field)                                                             \
    ((uint64_t)(uint32_t)(fp[F(field)].u32 + F(MEM_ADDEND)) + F(MEM_OFFSET))
#define BOUNDS(checked, ea, n)                                                               \
    do {                                                                                     \
        if ((checked) && (ea) + (n) > msize)                                                 \
            TRAP(WR_TRAP_MEMORY_OOB);                                                        \
    } while (0)

/* Loads (LOAD) and stores (STORE). */
#define LOAD_AS(name, checked, n, T, out, conv)                                              \
    CASE(name) {                                                                             \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_LOAD_ADDRESS);                                   \
        BOUNDS(checked, ea, n);                                                              \
        T v;                                                                                 \
        memcpy(&v, mbase + ea, n);                                                           \
        fp[F(F_DST)].out = conv v;                                                           \
        NEXT_OP(name);                                                                       \
    }
#define LOAD(name, ...) LOAD_AS(name, 1, __VA_ARGS__) LOAD_AS(name##_g, 0, __VA_ARGS__)
/* value_expr is the stored value: a slot, or for the _imm forms the constant in the
 * value field, zero-extended from 32 bits. */
#define STORE_AS(name, checked, n, T, value_expr)                                            \
    CASE(name) {                                                                             \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_STORE_ADDRESS);                                  \
        BOUNDS(checked, ea, n);                                                              \
        T v = (T)(value_expr);                                                               \
        memcpy(mbase + ea, &v, n);                                                           \
        NEXT_OP(name);                                                                       \
    }
#define STORE(name, n, T, in)                                                                \
    STORE_AS(name, 1, n, T, fp[F(MEM_VALUE)].in) STORE_AS(name##_g, 0, n, T, fp[F(MEM_VALUE)].in)
#define STORE_IMM(name, n, T)                                                                \
    STORE_AS(name, 1, n, T, F(MEM_VALUE)) STORE_AS(name##_g, 0, n, T, F(MEM_VALUE))

/* Arithmetic with a loaded right operand (LOAD_OPERAND). */
#define BIN_LOAD_AS(name, checked, T, field, expr)                                           \
    CASE(name) {                                                                             \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_OPERAND_ADDRESS);                                \
        BOUNDS(checked, ea, sizeof(T));                                                      \
        T x = fp[F(BIN_A)].field, y;                                                         \
        memcpy(&y, mbase + ea, sizeof y);                                                    \
        fp[F(F_DST)].field = (expr);                                                         \
        NEXT_OP(name);                                                                       \
    }
#define BIN_LOAD(name, ...) BIN_LOAD_AS(name, 1, __VA_ARGS__) BIN_LOAD_AS(name##_g, 0, __VA_ARGS__)

/* The SIMD accesses, with suffix `sfx` (empty or _g) and checked as above. LOAD_X: x is
 * the sub-opcode and y the bytes read; for a lane load x is the vector's slot and y the
 * lane | bytes << 8. STORE_X: x is the lane, y its bytes. */
#define SIMD_MEMORY_OPS(sfx, checked)                                                        \
    CASE(v128_load##sfx) {                                                                   \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_LOAD_ADDRESS);                                   \
        BOUNDS(checked, ea, 16);                                                             \
        memcpy(fp + F(F_DST), mbase + ea, 16);                                               \
        NEXT_OP(v128_load##sfx);                                                             \
    }                                                                                        \
    CASE(simd_load##sfx) {                                                                   \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_LOAD_ADDRESS);                                   \
        BOUNDS(checked, ea, F(MEM_Y));                                                       \
        wr_v128 r;                                                                           \
        wr_simd_load(F(MEM_X), mbase + ea, &r);                                              \
        memcpy(fp + F(F_DST), &r, sizeof r);                                                 \
        NEXT_OP(simd_load##sfx);                                                             \
    }                                                                                        \
    CASE(simd_store##sfx) {                                                                  \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_STORE_ADDRESS);                                  \
        BOUNDS(checked, ea, 16);                                                             \
        memcpy(mbase + ea, fp + F(MEM_VALUE), 16);                                           \
        NEXT_OP(simd_store##sfx);                                                            \
    }                                                                                        \
    CASE(simd_load_lane##sfx) {                                                              \
        uint32_t lane = F(MEM_Y) & 0xFF, bytes = F(MEM_Y) >> 8;                              \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_LOAD_ADDRESS);                                   \
        BOUNDS(checked, ea, bytes);                                                          \
        uint8_t v[16];                                                                       \
        memcpy(v, fp + F(MEM_X), 16);                                                        \
        memcpy(v + (lane * bytes & 15), mbase + ea, bytes);                                  \
        memcpy(fp + F(F_DST), v, 16);                                                        \
        NEXT_OP(simd_load_lane##sfx);                                                        \
    }                                                                                        \
    /* Always checked: a copy of a run-time size may write some bytes before faulting. */  \
    CASE(simd_store_lane##sfx) {                                                             \
        uint32_t lane = F(MEM_X), bytes = F(MEM_Y);                                          \
        uint64_t ea = EFFECTIVE_ADDRESS(MEM_STORE_ADDRESS);                                  \
        BOUNDS(1, ea, bytes);                                                                \
        uint8_t v[16];                                                                       \
        memcpy(v, fp + F(MEM_VALUE), 16);                                                    \
        memcpy(mbase + ea, v + (lane * bytes & 15), bytes);                                  \
        NEXT_OP(simd_store_lane##sfx);                                                       \
    }

/* An instruction carried out by its function in exec_tables.c, which may trap. */
#define OUT_OF_LINE(name)                                                                    \
    CASE(name) {                                                                             \
        wr_trap_kind k_ = wr_exec_##name(inst, fp, pc);                                      \
        if (k_)                                                                              \
            TRAP(k_);                                                                        \
        NEXT_OP(name);                                                                       \
    }

/* A call to a function of the same module (CALL). */
#define CALL_SAME_MODULE(zero_locals)                                                        \
    {                                                                                        \
        const wr_code *target = W(CALL_CODE_WORD).ptr;                                       \
        wr_slot *nfp = fp + F(CALL_BASE);                                                    \
        if (rp >= rlimit || (size_t)(stack_end - nfp) < target->frame_slots)                 \
            TRAP(WR_TRAP_STACK_EXHAUSTED);                                                   \
        CHECKPOINT();                                                                        \
        *rp++ = (wr_callrec){pc + WR_LEN_call, fp, code, inst};                              \
        fp = nfp;                                                                            \
        code = target;                                                                       \
        if (zero_locals)                                                                     \
            ZERO_LOCALS();                                                                   \
        pc = code->insns;                                                                    \
        DISPATCH();                                                                          \
    }

/* call_indirect's look-up of the callee in its table, with its traps. */
#define INDIRECT_CALLEE()                                                                    \
    do {                                                                                     \
        const wr_table *table = inst->tables[F(CALL_TABLE)];                                 \
        uint32_t i = wr_table_index(table->is64, fp[F(CALL_INDEX)]);                         \
        if (i >= table->size)                                                                \
            TRAP(WR_TRAP_UNDEFINED_ELEMENT);                                                 \
        callee = table->elems[i];                                                            \
        if (!callee) {                                                                       \
            trap_index = i;                                                                  \
            TRAP(WR_TRAP_UNINITIALIZED_ELEMENT);                                             \
        }                                                                                    \
        if (!wr_functype_equal(callee->type, &inst->module->types[F(CALL_TYPE)]))            \
            TRAP(WR_TRAP_INDIRECT_TYPE_MISMATCH);                                            \
    } while (0)

/* The slots a function's parameters take (a v128 takes two). */
static uint32_t param_slots(const wr_func *f)
{
    if (!f->host)
        return f->code->param_slots;
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->type->nparams; i++)
        n += wr_type_slots(f->type->types[i]);
    return n;
}

/* Two-vector SIMD ops with a handler of their own: [dst|a] [b|-]. GCC and clang
 * vector types make them a load, one vector instruction and a store; elsewhere they
 * call simd.h like the rest. */
#if defined(__GNUC__)
typedef uint8_t wr_u8x16 __attribute__((vector_size(16)));
typedef int8_t wr_i8x16 __attribute__((vector_size(16)));
typedef uint16_t wr_u16x8 __attribute__((vector_size(16)));
typedef uint32_t wr_u32x4 __attribute__((vector_size(16)));
typedef uint64_t wr_u64x2 __attribute__((vector_size(16)));
typedef float wr_f32x4 __attribute__((vector_size(16)));
typedef double wr_f64x2 __attribute__((vector_size(16)));
#define SIMD_BIN(name, V, expr)                                                              \
    CASE(simd_##name) {                                                                      \
        V x, y, r;                                                                           \
        memcpy(&x, fp + F(BIN_A), sizeof x);                                                 \
        memcpy(&y, fp + F(BIN_B), sizeof y);                                                 \
        r = (V)(expr);                                                                       \
        memcpy(fp + F(F_DST), &r, sizeof r);                                                 \
        NEXT_OP(simd_##name);                                                                \
    }
#else
#define SIMD_BIN(name, V, expr)                                                              \
    CASE(simd_##name) {                                                                      \
        wr_v128 x, y, unused = {{0}}, r;                                                     \
        memcpy(&x, fp + F(BIN_A), sizeof x);                                                 \
        memcpy(&y, fp + F(BIN_B), sizeof y);                                                 \
        wr_simd_fn_for(OPFD_##name)(&r, &x, &y, &unused, 0);                                 \
        memcpy(fp + F(F_DST), &r, sizeof r);                                                 \
        NEXT_OP(simd_##name);                                                                \
    }
#endif

/* Reads a SIMD operand as a vector: scalars go in the low bytes, the rest zero. */
static inline void simd_operand(wr_v128 *v, const wr_slot *fp, uint32_t slot, uint32_t kind)
{
    switch (kind) {
    case WR_SIMD_V128:
        memcpy(v, fp + slot, sizeof *v);
        break;
    case WR_SIMD_S32:
        v->u64[0] = fp[slot].u32;
        v->u64[1] = 0;
        break;
    case WR_SIMD_S64:
        v->u64[0] = fp[slot].u64;
        v->u64[1] = 0;
        break;
    default:
        memset(v, 0, sizeof *v);
        break;
    }
}

/* One exec activation's frames, for wr_error_push_frames: frame 0 runs code at pc in inst,
 * frame k > 0 is the caller saved in record rp - k. */
typedef struct {
    wr_instance *inst;
    const wr_code *code;
    const wr_insn *pc;
    const wr_callrec *rp;
} activation;

static void get_frame(void *ctx, size_t k, wr_frame *frame)
{
    const activation *a = ctx;
    wr_instance *inst = a->inst;
    const wr_code *code = a->code;
    const wr_insn *pc = a->pc;
    if (k > 0) {
        const wr_callrec *rec = a->rp - k;
        inst = rec->instance;
        code = rec->code;
        pc = rec->ret_pc - 1;
    }
    const wr_module *m = code->module;
    uint32_t offset = wr_code_offset(code, (uint32_t)(pc - code->insns));
    /* The code entry starts after its size field, a LEB128 the decoder has checked. */
    uint32_t entry = m->funcs[code->func_index].size_offset;
    while (m->bytes[entry++] & 0x80)
        ;
    *frame = (wr_frame){.func_index = code->func_index,
                        .func_name = wr_module_func_name(m, code->func_index),
                        .code_offset = offset, .instance = inst,
                        .func_offset = offset >= entry ? offset - entry : 0};
}

/* inst runs code; each record holds its caller's instance. */
static void push_backtrace(wr_error *err, wr_instance *inst, const wr_code *code,
                           const wr_insn *pc, const wr_callrec *rp, const wr_callrec *rbase)
{
    activation a = {inst, code, pc, rp};
    wr_error_push_frames(err, (size_t)(rp - rbase) + 1,
                         inst->store->engine->config.max_backtrace_frames, get_frame, &a);
}

/* The catch clause of code that takes exn raised at instruction word at, or NULL. */
static const wr_catchent *find_catch(const wr_code *code, const wr_instance *inst,
                                     const wr_exn *exn, uint32_t at)
{
    for (uint32_t i = code->ncatches; i-- > 0;) {
        const wr_catchent *h = &code->catches[i];
        if (at >= h->start && at < h->end &&
            (h->tag == WR_CATCH_ANY || inst->tags[h->tag] == exn->tag))
            return h;
    }
    return NULL;
}

/* Handler table entries, by designated initializer so no table depends on the order of
 * wr_iop: entry iop runs handler `name`, as the label of its code (computed goto) or its
 * op number (switch). */
#if WR_THREADED
#define HANDLER_AT(iop, name) [iop] = {.handler = &&L_##name},
#else
#define HANDLER_AT(iop, name) [iop] = {.op = IOP_##name},
#endif
#define HANDLER(name, format) HANDLER_AT(IOP_##name, name)
/* In the guarded table the checked memory ops run the guarded handlers too. */
#define HANDLER_AS_GUARDED(name, format) HANDLER_AT(IOP_##name, name##_g)

#if WR_HAVE_GUARD
typedef wr_guard_frame guard_frame;
#else
typedef void guard_frame;
#endif

#if defined(__GNUC__)
/* Its locals must not become locals of wr_exec, which holds the recovery point. */
__attribute__((noinline))
#endif
/* With handlers_out set, only hands out a handler table (label addresses exist only
 * inside this function): the checked one, or with guarded the one whose memory accesses
 * rely on guard regions (they differ only there). */
static wr_error *run(wr_store *st, const wr_func *func, wr_slot *fp, guard_frame *guard,
                     const wr_insn **handlers_out, bool guarded)
{
    /* IOP_NONE has no handler: the translator never emits it. */
#define WR_IOP HANDLER
    static const wr_insn checked_handlers[IOP_COUNT] = {WR_IOPS()};
    static const wr_insn guarded_handlers[IOP_COUNT] = {
        WR_COMMON_IOPS() WR_MEM_OPS(HANDLER_AS_GUARDED) WR_MEM_OPS(WR_IOP_MEM_GUARDED)
    };
#undef WR_IOP
    if (handlers_out) {
        *handlers_out = guarded ? guarded_handlers : checked_handlers;
        return NULL;
    }
    const wr_code *code = func->code;
    wr_instance *inst = func->instance;
    wr_callrec *const rbase = st->recs + st->rec_top;
    wr_callrec *const rlimit = st->recs + st->nrecs - 1;
    wr_callrec *rp = rbase;
    wr_slot *const stack_end = st->stack_end;
    wr_slot *const entry_top = st->stack_top;
    const uint32_t entry_rec_top = st->rec_top;
    const wr_insn *pc = code->insns;
    uint8_t *mbase;
    uint64_t msize;
    wr_trap_kind trap = WR_TRAP_NONE;
    uint32_t trap_index = 0; /* the element, for "uninitialized element N" */
    wr_error *err = NULL;
    /* Shared by the call instructions. */
    const wr_func *callee;
    wr_slot *callee_fp;
    uint32_t call_len;
    wr_exn *exn; /* the exception being thrown */

    if (rp > rlimit || (size_t)(stack_end - fp) < code->frame_slots) {
        err = wr_error_trap(WR_TRAP_STACK_EXHAUSTED);
        goto out;
    }
    ZERO_LOCALS();
    RELOAD_MEMORY();

#if WR_THREADED
    DISPATCH();
#else
dispatch:
    switch ((wr_iop)pc->op) {
#endif

    /* ---------------------------------------------------------------- control */
    CASE(unreachable) TRAP(WR_TRAP_UNREACHABLE);
    CASE(br) JUMP(SF(BR_TARGET));
    CASE(br_if) {
        if (fp[F(BR_IF_COND)].u32)
            JUMP(SF(BR_IF_TARGET));
        NEXT_OP(br_if);
    }
    CASE(br_unless) {
        if (!fp[F(BR_IF_COND)].u32)
            JUMP(SF(BR_IF_TARGET));
        NEXT_OP(br_unless);
    }
    BR_CMP(eq, uint32_t, u32, ==)
    BR_CMP(ne, uint32_t, u32, !=)
    BR_CMP(lt_s, int32_t, i32, <)
    BR_CMP(lt_u, uint32_t, u32, <)
    BR_CMP(gt_s, int32_t, i32, >)
    BR_CMP(gt_u, uint32_t, u32, >)
    BR_CMP(le_s, int32_t, i32, <=)
    BR_CMP(le_u, uint32_t, u32, <=)
    BR_CMP(ge_s, int32_t, i32, >=)
    BR_CMP(ge_u, uint32_t, u32, >=)
    BR_CMP64(eq, uint64_t, ==)
    BR_CMP64(ne, uint64_t, !=)
    BR_CMP64(lt_s, int64_t, <)
    BR_CMP64(lt_u, uint64_t, <)
    BR_CMP64(gt_s, int64_t, >)
    BR_CMP64(gt_u, uint64_t, >)
    BR_CMP64(le_s, int64_t, <=)
    BR_CMP64(le_u, uint64_t, <=)
    BR_CMP64(ge_s, int64_t, >=)
    BR_CMP64(ge_u, uint64_t, >=)
    BR_F64(eq, x == y)
    BR_F64(ne, x != y)
    BR_F64(lt, x < y)
    BR_F64(gt, x > y)
    BR_F64(le, x <= y)
    BR_F64(ge, x >= y)
    BR_F64(nlt, !(x < y))
    BR_F64(ngt, !(x > y))
    BR_F64(nle, !(x <= y))
    BR_F64(nge, !(x >= y))
    CASE(br_table) {
        uint32_t i = fp[F(BR_TABLE_INDEX)].u32;
        if (i > F(BR_TABLE_COUNT))
            i = F(BR_TABLE_COUNT);
        JUMP(SF(BR_TABLE_TARGETS + i));
    }
    CASE(copy) {
        fp[F(F_DST)] = fp[F(UN_A)];
        NEXT_OP(copy);
    }
    CASE(copy_pair) {
        fp[F(F_DST)] = fp[F(UN_A)];
        fp[F(PAIR_DST2)] = fp[F(PAIR_A2)];
        NEXT_OP(copy_pair);
    }
    CASE(copy2) {
        fp[F(F_DST)] = fp[F(UN_A)];
        fp[F(F_DST) + 1] = fp[F(UN_A) + 1];
        NEXT_OP(copy2);
    }
    CASE(const32) {
        fp[F(F_DST)].u64 = F(IMM_FIELD);
        NEXT_OP(const32);
    }
    CASE(const64) {
        fp[F(F_DST)].u64 = W(DST_IMM64_WORD).u64;
        NEXT_OP(const64);
    }
    CASE(ret1) {
        fp[0] = fp[F(SRC)];
        goto do_return;
    }
    CASE(ret) {
    do_return:
        if (rp == rbase)
            goto out;
        rp--;
        pc = rp->ret_pc;
        fp = rp->fp;
        code = rp->code;
        /* Within one instance mbase/msize are still current: memory.grow refreshes
         * them in place, and host calls reload them. */
        if (rp->instance != inst) {
            inst = rp->instance;
            RELOAD_MEMORY();
        }
        DISPATCH();
    }
    /* call: a callee in this module with no locals to zero; call_zero: with some. */
    CASE(call) CALL_SAME_MODULE(false)
    CASE(call_zero) CALL_SAME_MODULE(true)
    CASE(call_func) {
        callee = inst->funcs[F(CALL_FUNC)];
        callee_fp = fp + F(CALL_BASE);
        call_len = WR_LEN_call_func;
        goto do_call;
    }
    CASE(call_indirect) {
        INDIRECT_CALLEE();
        callee_fp = fp + F(CALL_BASE);
        call_len = WR_LEN_call_indirect;
    do_call:
        CHECKPOINT();
        if (callee->host || callee->code->native) {
            st->stack_top = fp + code->frame_slots;
            st->rec_top = (uint32_t)(rp - st->recs) + 1;
            GUARD_MEMORY(NULL);
            err = callee->host ? wr_call_host(st, callee, inst, callee_fp)
                               : wrc_exec(st, callee, callee_fp);
            st->stack_top = entry_top;
            st->rec_top = entry_rec_top;
            RELOAD_MEMORY();
            if (err && err->kind == WR_ERR_EXCEPTION)
                goto rethrow_error;
            if (err) {
                if (err->kind == WR_ERR_TRAP)
                    push_backtrace(err, inst, code, pc, rp, rbase);
                goto out;
            }
            NEXT(call_len);
        }
        const wr_code *target = callee->code;
        if (rp >= rlimit || (size_t)(stack_end - callee_fp) < target->frame_slots)
            TRAP(WR_TRAP_STACK_EXHAUSTED);
        *rp++ = (wr_callrec){pc + call_len, fp, code, inst};
        fp = callee_fp;
        code = target;
        ZERO_LOCALS();
        if (callee->instance != inst) {
            inst = callee->instance;
            RELOAD_MEMORY();
        }
        pc = code->insns;
        DISPATCH();
    }

    /* Tail calls: the arguments move to the frame's start and the callee runs in this
     * frame, pushing no record, so its return goes straight to this function's caller. */
    CASE(return_call) {
        callee = inst->funcs[F(CALL_FUNC)];
        goto do_tail_call;
    }
    COLD_CASE(call_ref) {
        callee = fp[F(CALL_INDEX)].ref;
        if (!callee)
            TRAP(WR_TRAP_NULL_FUNC_REF);
        callee_fp = fp + F(CALL_BASE);
        call_len = WR_LEN_call_ref;
        goto do_call;
    }
    COLD_CASE(return_call_ref) {
        callee = fp[F(CALL_INDEX)].ref;
        if (!callee)
            TRAP(WR_TRAP_NULL_FUNC_REF);
        goto do_tail_call;
    }
    CASE(return_call_indirect) {
        INDIRECT_CALLEE();
    do_tail_call:
        CHECKPOINT();
        memmove(fp, fp + F(CALL_BASE), param_slots(callee) * sizeof *fp);
        if (callee->host) {
            st->stack_top = fp + code->frame_slots;
            st->rec_top = (uint32_t)(rp - st->recs) + 1;
            GUARD_MEMORY(NULL);
            err = wr_call_host(st, callee, inst, fp);
            st->stack_top = entry_top;
            st->rec_top = entry_rec_top;
            RELOAD_MEMORY();
            if (err && err->kind == WR_ERR_EXCEPTION) {
                /* This frame was replaced by the callee's: the exception leaves it. */
                exn = wr_exn_from_error(st, err, &err);
                if (!exn)
                    goto out;
                goto unwind_frame;
            }
            if (err) {
                if (err->kind == WR_ERR_TRAP)
                    push_backtrace(err, inst, code, pc, rp, rbase);
                goto out;
            }
            goto do_return;
        }
        if ((size_t)(stack_end - fp) < callee->code->frame_slots)
            TRAP(WR_TRAP_STACK_EXHAUSTED);
        code = callee->code;
        ZERO_LOCALS();
        if (callee->instance != inst) {
            inst = callee->instance;
            RELOAD_MEMORY();
        }
        pc = code->insns;
        DISPATCH();
    }

    /* ---------------------------------------------------------------- exceptions (3.0)
     * A throw searches the running function's catch clauses (wr_code.catches) for one
     * covering the instruction and taking the tag, then each caller's at its call, popping
     * frames as it goes; none in this activation: the call ends with the exception as its
     * error, which a host function in between may return to pass it on (rethrow_error). */
    CASE(throw) {
        exn = wr_exn_new(st, inst->tags[F(THROW_TAG)], fp + F(THROW_BASE), &err);
        if (!exn)
            goto out;
        goto throwing;
    }
    CASE(throw_ref) {
        exn = fp[F(SRC)].ref;
        if (!exn)
            TRAP(WR_TRAP_NULL_EXNREF);
        goto throwing;
    }
    rethrow_error:
        exn = wr_exn_from_error(st, err, &err);
        if (!exn)
            goto out;
    throwing:
        for (;;) {
            const wr_catchent *h = find_catch(code, inst, exn, (uint32_t)(pc - code->insns));
            if (h) {
                /* catch_all and catch_all_ref hand over no values */
                uint32_t n = h->tag == WR_CATCH_ANY ? 0 : exn->tag->nslots;
                wr_slot *dst = fp + h->slot;
                memcpy(dst, exn->slots, n * sizeof *dst);
                if (h->ref) {
                    dst[n].u64 = 0;
                    dst[n].ref = exn;
                    exn->exposed = true;
                } else if (!exn->exposed) {
                    wr_exn_drop(st, exn);
                }
                pc = code->insns + h->pad;
                DISPATCH();
            }
        unwind_frame:
            if (rp == rbase) {
                err = wr_exn_error(exn);
                goto out;
            }
            rp--;
            pc = rp->ret_pc - 1; /* within the call instruction */
            fp = rp->fp;
            code = rp->code;
            if (rp->instance != inst) {
                inst = rp->instance;
                RELOAD_MEMORY();
            }
        }

    /* ---------------------------------------------------------------- parametric, variables */
    CASE(select) {
        fp[F(F_DST)] = fp[F(SEL_COND)].u32 ? fp[F(SEL_A)] : fp[F(SEL_B)];
        NEXT_OP(select);
    }
    CASE(select2) {
        uint32_t src = fp[F(SEL_COND)].u32 ? F(SEL_A) : F(SEL_B);
        fp[F(F_DST)] = fp[src];
        fp[F(F_DST) + 1] = fp[src + 1];
        NEXT_OP(select2);
    }
    CASE(global_get) {
        fp[F(F_DST)] = inst->globals[F(IMM_FIELD)]->value[0];
        NEXT_OP(global_get);
    }
    CASE(global_set) {
        inst->globals[F(IMM_FIELD)]->value[0] = fp[F(SRC)];
        NEXT_OP(global_set);
    }
    CASE(global_get2) {
        fp[F(F_DST)] = inst->globals[F(IMM_FIELD)]->value[0];
        fp[F(F_DST) + 1] = inst->globals[F(IMM_FIELD)]->value[1];
        NEXT_OP(global_get2);
    }
    CASE(global_set2) {
        inst->globals[F(IMM_FIELD)]->value[0] = fp[F(SRC)];
        inst->globals[F(IMM_FIELD)]->value[1] = fp[F(SRC) + 1];
        NEXT_OP(global_set2);
    }

    /* ---------------------------------------------------------------- references, tables */
    CASE(ref_is_null) {
        fp[F(F_DST)].u32 = fp[F(UN_A)].ref == NULL;
        NEXT_OP(ref_is_null);
    }
    COLD_CASE(ref_as_non_null) {
        if (!fp[F(UN_A)].ref)
            TRAP(WR_TRAP_NULL_REF);
        fp[F(F_DST)] = fp[F(UN_A)];
        NEXT_OP(ref_as_non_null);
    }
    COLD_CASE(br_null) {
        if (!fp[F(BR_IF_COND)].ref)
            JUMP(SF(BR_IF_TARGET));
        NEXT_OP(br_null);
    }
    COLD_CASE(br_non_null) {
        if (fp[F(BR_IF_COND)].ref)
            JUMP(SF(BR_IF_TARGET));
        NEXT_OP(br_non_null);
    }
    CASE(ref_func) {
        fp[F(F_DST)].ref = inst->funcs[F(IMM_FIELD)];
        NEXT_OP(ref_func);
    }
    OUT_OF_LINE(table_get)
    OUT_OF_LINE(table_set)
    OUT_OF_LINE(table_size)
    OUT_OF_LINE(table_grow)
    OUT_OF_LINE(table_fill)
    OUT_OF_LINE(table_copy)
    OUT_OF_LINE(table_init)
    OUT_OF_LINE(elem_drop)

    /* ---------------------------------------------------------------- memory */
    LOAD(i32_load, 4, uint32_t, u32, )
    LOAD(i64_load, 8, uint64_t, u64, )
    LOAD(i32_load8_s, 1, int8_t, i32, (int32_t))
    LOAD(i32_load8_u, 1, uint8_t, u32, (uint32_t))
    LOAD(i32_load16_s, 2, int16_t, i32, (int32_t))
    LOAD(i32_load16_u, 2, uint16_t, u32, (uint32_t))
    LOAD(i64_load8_s, 1, int8_t, i64, (int64_t))
    LOAD(i64_load8_u, 1, uint8_t, u64, (uint64_t))
    LOAD(i64_load16_s, 2, int16_t, i64, (int64_t))
    LOAD(i64_load16_u, 2, uint16_t, u64, (uint64_t))
    LOAD(i64_load32_s, 4, int32_t, i64, (int64_t))
    LOAD(i64_load32_u, 4, uint32_t, u64, (uint64_t))
    STORE(i32_store, 4, uint32_t, u32)
    STORE(i64_store, 8, uint64_t, u64)
    STORE(store8, 1, uint8_t, u32)
    STORE(store16, 2, uint16_t, u32)
    STORE_IMM(i32_store_imm, 4, uint32_t)
    STORE_IMM(i64_store_imm, 8, uint64_t)
    STORE_IMM(store8_imm, 1, uint8_t)
    STORE_IMM(store16_imm, 2, uint16_t)
    /* Any memory: the results are written as i64 (zero- or sign-extended), which is
     * right for a 64-bit memory and leaves the low half right for a 32-bit one. */
    CASE(memory_size) {
        fp[F(F_DST)].u64 = inst->memories[F(IMM_FIELD)]->pages;
        NEXT_OP(memory_size);
    }
    CASE(memory_grow) {
        wr_memory *mem = inst->memories[F(BIN_B)];
        wr_slot delta = fp[F(BIN_A)];
        fp[F(F_DST)].i64 = wr_memory_grow_pages(mem, mem->is64 ? delta.u64 : delta.u32);
        RELOAD_MEMORY();
        NEXT_OP(memory_grow);
    }
    OUT_OF_LINE(memory_fill)
    OUT_OF_LINE(memory_copy)
    OUT_OF_LINE(memory_init)
    OUT_OF_LINE(data_drop)
    OUT_OF_LINE(memx)

    /* ---------------------------------------------------------------- SIMD */
    CASE(const128) {
        memcpy(fp + F(F_DST), &W(V128_WORD), 16);
        NEXT_OP(const128);
    }
    CASE(simd) {
        uint32_t shape = F(SIMD_SHAPE);
        wr_v128 a, b, c, r;
        simd_operand(&a, fp, F(SIMD_A), shape & 3);
        simd_operand(&b, fp, F(SIMD_B), (shape >> 2) & 3);
        simd_operand(&c, fp, F(SIMD_C), (shape >> 4) & 3);
        ((wr_simd_fn)W(SIMD_FN_WORD).ptr)(&r, &a, &b, &c, F(SIMD_IMM));
        if (shape & WR_SIMD_SCALAR_RESULT)
            fp[F(F_DST)].u64 = r.u64[0];
        else
            memcpy(fp + F(F_DST), &r, sizeof r);
        NEXT_OP(simd);
    }
    CASE(simd_vv) {
        wr_v128 a, b, unused = {{0}}, r;
        memcpy(&a, fp + F(SIMD_A), sizeof a);
        memcpy(&b, fp + F(SIMD_B), sizeof b);
        ((wr_simd_fn)W(SIMD_FN_WORD).ptr)(&r, &a, &b, &unused, F(SIMD_IMM));
        memcpy(fp + F(F_DST), &r, sizeof r);
        NEXT_OP(simd_vv);
    }
    SIMD_BIN(v128_and, wr_u64x2, x & y)
    SIMD_BIN(v128_andnot, wr_u64x2, x & ~y)
    SIMD_BIN(v128_or, wr_u64x2, x | y)
    SIMD_BIN(v128_xor, wr_u64x2, x ^ y)
    SIMD_BIN(i8x16_add, wr_u8x16, x + y)
    SIMD_BIN(i8x16_sub, wr_u8x16, x - y)
    SIMD_BIN(i8x16_eq, wr_i8x16, x == y)
    SIMD_BIN(i16x8_add, wr_u16x8, x + y)
    SIMD_BIN(i16x8_sub, wr_u16x8, x - y)
    SIMD_BIN(i16x8_mul, wr_u16x8, x * y)
    SIMD_BIN(i32x4_add, wr_u32x4, x + y)
    SIMD_BIN(i32x4_sub, wr_u32x4, x - y)
    SIMD_BIN(i32x4_mul, wr_u32x4, x * y)
    SIMD_BIN(i64x2_add, wr_u64x2, x + y)
    SIMD_BIN(i64x2_sub, wr_u64x2, x - y)
    SIMD_BIN(f32x4_add, wr_f32x4, x + y)
    SIMD_BIN(f32x4_sub, wr_f32x4, x - y)
    SIMD_BIN(f32x4_mul, wr_f32x4, x * y)
    SIMD_BIN(f32x4_div, wr_f32x4, x / y)
    SIMD_BIN(f64x2_add, wr_f64x2, x + y)
    SIMD_BIN(f64x2_sub, wr_f64x2, x - y)
    SIMD_BIN(f64x2_mul, wr_f64x2, x * y)
    SIMD_BIN(f64x2_div, wr_f64x2, x / y)
    CASE(simd_shuffle) {
        wr_v128 a, b, r;
        memcpy(&a, fp + F(BIN_A), sizeof a);
        memcpy(&b, fp + F(BIN_B), sizeof b);
        wr_simd_shuffle(&r, &a, &b, (const uint8_t *)&W(V128_WORD));
        memcpy(fp + F(F_DST), &r, sizeof r);
        NEXT_OP(simd_shuffle);
    }
    SIMD_MEMORY_OPS(, 1)
    SIMD_MEMORY_OPS(_g, 0)
    BIN_LOAD(i32_add_load, uint32_t, u32, x + y)
    BIN_LOAD(i64_add_load, uint64_t, u64, x + y)
    BIN_LOAD(f32_add_load, float, f32, x + y)
    BIN_LOAD(f32_mul_load, float, f32, x * y)
    BIN_LOAD(f64_add_load, double, f64, x + y)
    BIN_LOAD(f64_sub_load, double, f64, x - y)
    BIN_LOAD(f64_mul_load, double, f64, x * y)

    /* ---------------------------------------------------------------- numeric */
    UN(i32_eqz, uint32_t, u32, u32, x == 0)
    BIN_BOTH(i32_eq, uint32_t, u32, u32, x == y)
    BIN_BOTH(i32_ne, uint32_t, u32, u32, x != y)
    BIN_BOTH(i32_lt_s, int32_t, i32, u32, x < y)
    BIN_BOTH(i32_lt_u, uint32_t, u32, u32, x < y)
    BIN_BOTH(i32_gt_s, int32_t, i32, u32, x > y)
    BIN_BOTH(i32_gt_u, uint32_t, u32, u32, x > y)
    BIN_BOTH(i32_le_s, int32_t, i32, u32, x <= y)
    BIN_BOTH(i32_le_u, uint32_t, u32, u32, x <= y)
    BIN_BOTH(i32_ge_s, int32_t, i32, u32, x >= y)
    BIN_BOTH(i32_ge_u, uint32_t, u32, u32, x >= y)
    UN(i64_eqz, uint64_t, u64, u32, x == 0)
    BIN_BOTH(i64_eq, uint64_t, u64, u32, x == y)
    BIN_BOTH(i64_ne, uint64_t, u64, u32, x != y)
    BIN_BOTH(i64_lt_s, int64_t, i64, u32, x < y)
    BIN_BOTH(i64_lt_u, uint64_t, u64, u32, x < y)
    BIN_BOTH(i64_gt_s, int64_t, i64, u32, x > y)
    BIN_BOTH(i64_gt_u, uint64_t, u64, u32, x > y)
    BIN_BOTH(i64_le_s, int64_t, i64, u32, x <= y)
    BIN_BOTH(i64_le_u, uint64_t, u64, u32, x <= y)
    BIN_BOTH(i64_ge_s, int64_t, i64, u32, x >= y)
    BIN_BOTH(i64_ge_u, uint64_t, u64, u32, x >= y)
    BIN(f32_eq, float, f32, u32, x == y)
    BIN(f32_ne, float, f32, u32, x != y)
    FBIN_BOTH(f32_lt, float, f32, u32, x < y)
    FBIN_BOTH(f32_gt, float, f32, u32, x > y)
    FBIN_BOTH(f32_le, float, f32, u32, x <= y)
    FBIN_BOTH(f32_ge, float, f32, u32, x >= y)
    BIN(f64_eq, double, f64, u32, x == y)
    BIN(f64_ne, double, f64, u32, x != y)
    FBIN_BOTH(f64_lt, double, f64, u32, x < y)
    FBIN_BOTH(f64_gt, double, f64, u32, x > y)
    FBIN_BOTH(f64_le, double, f64, u32, x <= y)
    FBIN_BOTH(f64_ge, double, f64, u32, x >= y)

    UN(i32_clz, uint32_t, u32, u32, wr_i32_clz(x))
    UN(i32_ctz, uint32_t, u32, u32, wr_i32_ctz(x))
    UN(i32_popcnt, uint32_t, u32, u32, wr_i32_popcnt(x))
    BIN_BOTH(i32_add, uint32_t, u32, u32, x + y)
    BIN(i32_sub, uint32_t, u32, u32, x - y)
    BIN_BOTH(i32_mul, uint32_t, u32, u32, x * y)
    BIN_TRAP(i32_div_s, uint32_t, u32, wr_i32_div_s)
    BIN_TRAP(i32_div_u, uint32_t, u32, wr_i32_div_u)
    BIN_TRAP(i32_rem_s, uint32_t, u32, wr_i32_rem_s)
    BIN_TRAP(i32_rem_u, uint32_t, u32, wr_i32_rem_u)
    BIN_BOTH(i32_and, uint32_t, u32, u32, x & y)
    BIN_BOTH(i32_or, uint32_t, u32, u32, x | y)
    BIN_BOTH(i32_xor, uint32_t, u32, u32, x ^ y)
    BIN_BOTH(i32_shl, uint32_t, u32, u32, x << (y & 31))
    BIN_BOTH(i32_shr_s, uint32_t, u32, u32, (uint32_t)((int32_t)x >> (y & 31)))
    BIN_BOTH(i32_shr_u, uint32_t, u32, u32, x >> (y & 31))
    BIN_BOTH(i32_rotl, uint32_t, u32, u32, wr_i32_rotl(x, y))
    BIN_BOTH(i32_rotr, uint32_t, u32, u32, wr_i32_rotr(x, y))

    UN(i64_clz, uint64_t, u64, u64, wr_i64_clz(x))
    UN(i64_ctz, uint64_t, u64, u64, wr_i64_ctz(x))
    UN(i64_popcnt, uint64_t, u64, u64, wr_i64_popcnt(x))
    BIN_BOTH(i64_add, uint64_t, u64, u64, x + y)
    BIN(i64_sub, uint64_t, u64, u64, x - y)
    BIN_BOTH(i64_mul, uint64_t, u64, u64, x * y)
    BIN_TRAP(i64_div_s, uint64_t, u64, wr_i64_div_s)
    BIN_TRAP(i64_div_u, uint64_t, u64, wr_i64_div_u)
    BIN_TRAP(i64_rem_s, uint64_t, u64, wr_i64_rem_s)
    BIN_TRAP(i64_rem_u, uint64_t, u64, wr_i64_rem_u)
    BIN_BOTH(i64_and, uint64_t, u64, u64, x & y)
    BIN_BOTH(i64_or, uint64_t, u64, u64, x | y)
    BIN_BOTH(i64_xor, uint64_t, u64, u64, x ^ y)
    BIN_BOTH(i64_shl, uint64_t, u64, u64, x << (y & 63))
    BIN_BOTH(i64_shr_s, uint64_t, u64, u64, (uint64_t)((int64_t)x >> (y & 63)))
    BIN_BOTH(i64_shr_u, uint64_t, u64, u64, x >> (y & 63))
    BIN_BOTH(i64_rotl, uint64_t, u64, u64, wr_i64_rotl(x, y))
    BIN_BOTH(i64_rotr, uint64_t, u64, u64, wr_i64_rotr(x, y))

    UN(f32_abs, float, f32, f32, wr_f32_abs(x))
    UN(f32_neg, float, f32, f32, wr_f32_neg(x))
    UN(f32_ceil, float, f32, f32, wr_f32_ceil(x))
    UN(f32_floor, float, f32, f32, wr_f32_floor(x))
    UN(f32_trunc, float, f32, f32, wr_f32_trunc(x))
    UN(f32_nearest, float, f32, f32, wr_f32_nearest(x))
    UN(f32_sqrt, float, f32, f32, __builtin_sqrtf(x))
    FBIN_BOTH(f32_add, float, f32, f32, x + y)
    FBIN_BOTH(f32_sub, float, f32, f32, x - y)
    FBIN_BOTH(f32_mul, float, f32, f32, x * y)
    FBIN_BOTH(f32_div, float, f32, f32, x / y)
    BIN(f32_min, float, f32, f32, wr_f32_min(x, y))
    BIN(f32_max, float, f32, f32, wr_f32_max(x, y))
    BIN(f32_copysign, float, f32, f32, wr_f32_copysign(x, y))
    UN(f64_abs, double, f64, f64, wr_f64_abs(x))
    UN(f64_neg, double, f64, f64, wr_f64_neg(x))
    UN(f64_ceil, double, f64, f64, wr_f64_ceil(x))
    UN(f64_floor, double, f64, f64, wr_f64_floor(x))
    UN(f64_trunc, double, f64, f64, wr_f64_trunc(x))
    UN(f64_nearest, double, f64, f64, wr_f64_nearest(x))
    UN(f64_sqrt, double, f64, f64, __builtin_sqrt(x))
    FBIN_BOTH(f64_add, double, f64, f64, x + y)
    FBIN_BOTH(f64_sub, double, f64, f64, x - y)
    FBIN_BOTH(f64_mul, double, f64, f64, x * y)
    FBIN_BOTH(f64_div, double, f64, f64, x / y)
    BIN(f64_min, double, f64, f64, wr_f64_min(x, y))
    BIN(f64_max, double, f64, f64, wr_f64_max(x, y))
    BIN(f64_copysign, double, f64, f64, wr_f64_copysign(x, y))

    UN_TRAP(i32_trunc_f32_s, float, f32, int32_t, i32, wr_i32_trunc_f32_s)
    UN_TRAP(i32_trunc_f32_u, float, f32, uint32_t, u32, wr_i32_trunc_f32_u)
    UN_TRAP(i32_trunc_f64_s, double, f64, int32_t, i32, wr_i32_trunc_f64_s)
    UN_TRAP(i32_trunc_f64_u, double, f64, uint32_t, u32, wr_i32_trunc_f64_u)
    UN(i64_extend_i32_s, int32_t, i32, i64, (int64_t)x)
    UN(i64_extend_i32_u, uint32_t, u32, u64, (uint64_t)x)
    UN_TRAP(i64_trunc_f32_s, float, f32, int64_t, i64, wr_i64_trunc_f32_s)
    UN_TRAP(i64_trunc_f32_u, float, f32, uint64_t, u64, wr_i64_trunc_f32_u)
    UN_TRAP(i64_trunc_f64_s, double, f64, int64_t, i64, wr_i64_trunc_f64_s)
    UN_TRAP(i64_trunc_f64_u, double, f64, uint64_t, u64, wr_i64_trunc_f64_u)
    UN(f32_convert_i32_s, int32_t, i32, f32, (float)x)
    UN(f32_convert_i32_u, uint32_t, u32, f32, (float)x)
    UN(f32_convert_i64_s, int64_t, i64, f32, (float)x)
    UN(f32_convert_i64_u, uint64_t, u64, f32, wr_f32_convert_i64_u(x))
    UN(f32_demote_f64, double, f64, f32, (float)x)
    UN(f64_convert_i32_s, int32_t, i32, f64, (double)x)
    UN(f64_convert_i32_u, uint32_t, u32, f64, (double)x)
    UN(f64_convert_i64_s, int64_t, i64, f64, (double)x)
    UN(f64_convert_i64_u, uint64_t, u64, f64, wr_f64_convert_i64_u(x))
    UN(f64_promote_f32, float, f32, f64, (double)x)
    UN(i32_extend8_s, uint32_t, u32, i32, (int32_t)(int8_t)x)
    UN(i32_extend16_s, uint32_t, u32, i32, (int32_t)(int16_t)x)
    UN(i64_extend8_s, uint64_t, u64, i64, (int64_t)(int8_t)x)
    UN(i64_extend16_s, uint64_t, u64, i64, (int64_t)(int16_t)x)
    UN(i64_extend32_s, uint64_t, u64, i64, (int64_t)(int32_t)x)
    UN(i32_trunc_sat_f32_s, float, f32, i32, wr_i32_trunc_sat_f32_s(x))
    UN(i32_trunc_sat_f32_u, float, f32, u32, wr_i32_trunc_sat_f32_u(x))
    UN(i32_trunc_sat_f64_s, double, f64, i32, wr_i32_trunc_sat_f64_s(x))
    UN(i32_trunc_sat_f64_u, double, f64, u32, wr_i32_trunc_sat_f64_u(x))
    UN(i64_trunc_sat_f32_s, float, f32, i64, wr_i64_trunc_sat_f32_s(x))
    UN(i64_trunc_sat_f32_u, float, f32, u64, wr_i64_trunc_sat_f32_u(x))
    UN(i64_trunc_sat_f64_s, double, f64, i64, wr_i64_trunc_sat_f64_s(x))
    UN(i64_trunc_sat_f64_u, double, f64, u64, wr_i64_trunc_sat_f64_u(x))

#if !WR_THREADED
    default:
        TRAP(WR_TRAP_UNREACHABLE);
    }
#endif

trapped:
    err = trap == WR_TRAP_UNINITIALIZED_ELEMENT ? wr_error_uninitialized_element(trap_index)
                                                : wr_error_trap(trap);
    push_backtrace(err, inst, code, pc, rp, rbase);
out:
    st->stack_top = entry_top;
    st->rec_top = entry_rec_top;
    return err;
}

wr_error *wr_exec(wr_store *store, const wr_func *func, wr_slot *fp)
{
    if (func->code->native)
        return wrc_exec(store, func, fp);
#if WR_HAVE_GUARD
    /* Nothing here changes between sigsetjmp and a jump back, so all of it is still
     * valid afterwards. */
    wr_slot *const entry_top = store->stack_top;
    const uint32_t entry_rec_top = store->rec_top;
    wr_guard_frame frame;
    frame.base = NULL;
    if (sigsetjmp(frame.recover, 0)) {
        wr_guard_recovered(&frame);
        store->stack_top = entry_top;
        store->rec_top = entry_rec_top;
        return wr_error_trap(WR_TRAP_MEMORY_OOB);
    }
    wr_guard_enter(&frame);
    wr_error *err = run(store, func, fp, &frame, NULL, false);
    wr_guard_leave(&frame);
    return err;
#else
    return run(store, func, fp, NULL, NULL, false);
#endif
}

const wr_insn *wr_interp_handlers(bool guarded)
{
    const wr_insn *handlers;
    run(NULL, NULL, NULL, NULL, &handlers, guarded);
    return handlers;
}
