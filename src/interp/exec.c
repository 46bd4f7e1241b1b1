/*
 * The exec loop: runs internal code (see code.h and docs/interpreter.md).
 *
 * One C activation runs any depth of wasm calls: a call pushes a record (return pc,
 * frame, code, instance) on the store's record stack and continues in the callee; a
 * return pops it. Host functions are ordinary C calls and may re-enter through
 * wr_func_call, which starts a new activation above the current frames.
 *
 * Handlers are written once with CASE/NEXT and become computed-goto labels or switch
 * cases depending on the compiler.
 */
#include <stdatomic.h>
#include <string.h>

#include "compile/compile.h"
#include "decode/opcodes.h"
#include "interp/code.h"
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
#define DISPATCH() goto *pc->handler
#else
#define CASE(name) case IOP_##name:
#define DISPATCH() goto dispatch
#endif

#define NEXT(n)                                                                              \
    do {                                                                                     \
        pc += (n);                                                                           \
        DISPATCH();                                                                          \
    } while (0)

/* Operand fields: the first operand word holds U0/U1, the second U2/U3, the third U4. */
#define U0 pc[1].u32[0]
#define U1 pc[1].u32[1]
#define U2 pc[2].u32[0]
#define U3 pc[2].u32[1]
#define U4 pc[3].u32[0]

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
        T x = fp[U1].in;                                                                     \
        fp[U0].out = (expr);                                                                 \
        NEXT(2);                                                                             \
    }
#define BIN(name, T, in, out, expr)                                                          \
    CASE(name) {                                                                             \
        T x = fp[U1].in;                                                                     \
        T y = fp[U2].in;                                                                     \
        fp[U0].out = (expr);                                                                 \
        NEXT(3);                                                                             \
    }
#define BIN_IMM(name, T, in, out, expr)                                                      \
    CASE(name##_imm) {                                                                       \
        T x = fp[U1].in;                                                                     \
        T y = (T)pc[2].u64;                                                                  \
        fp[U0].out = (expr);                                                                 \
        NEXT(3);                                                                             \
    }
#define BIN_BOTH(name, T, in, out, expr) BIN(name, T, in, out, expr) BIN_IMM(name, T, in, out, expr)
/* Float immediates are bit patterns. */
#define FBIN_BOTH(name, T, in, out, expr)                                                    \
    BIN(name, T, in, out, expr)                                                              \
    CASE(name##_imm) {                                                                       \
        T x = fp[U1].in;                                                                     \
        wr_slot imm_;                                                                        \
        imm_.u64 = pc[2].u64;                                                                \
        T y = imm_.in;                                                                       \
        fp[U0].out = (expr);                                                                 \
        NEXT(3);                                                                             \
    }
/* Trapping ops through numeric.h: fn(x[, y], &result) returns a trap kind. */
#define UN_TRAP(name, T, in, R, out, fn)                                                     \
    CASE(name) {                                                                             \
        R r;                                                                                 \
        wr_trap_kind k = fn(fp[U1].in, &r);                                                  \
        if (k)                                                                               \
            TRAP(k);                                                                         \
        fp[U0].out = r;                                                                      \
        NEXT(2);                                                                             \
    }
#define BIN_TRAP(name, T, in, fn)                                                            \
    CASE(name) {                                                                             \
        T r;                                                                                 \
        wr_trap_kind k = fn(fp[U1].in, fp[U2].in, &r);                                       \
        if (k)                                                                               \
            TRAP(k);                                                                         \
        fp[U0].in = r;                                                                       \
        NEXT(3);                                                                             \
    }
/* Fused compare-and-branch on i32: [a|b][offset]. */
#define BR_CMP(name, T, in, op)                                                              \
    CASE(br_i32_##name) {                                                                    \
        if ((T)fp[U0].in op (T)fp[U1].in)                                                    \
            JUMP(pc[2].i32[0]);                                                              \
        NEXT(3);                                                                             \
    }                                                                                        \
    CASE(br_i32_##name##_imm) {                                                              \
        if ((T)fp[U0].in op (T)U1)                                                           \
            JUMP(pc[2].i32[0]);                                                              \
        NEXT(3);                                                                             \
    }
/* The same on i64: [a|b][offset], or [a|imm][offset] with imm sign-extended. */
#define BR_CMP64(name, T, op)                                                                \
    CASE(br_i64_##name) {                                                                    \
        if ((T)fp[U0].u64 op (T)fp[U1].u64)                                                  \
            JUMP(pc[2].i32[0]);                                                              \
        NEXT(3);                                                                             \
    }                                                                                        \
    CASE(br_i64_##name##_imm) {                                                              \
        if ((T)fp[U0].u64 op (T)(int64_t)pc[1].i32[1])                                       \
            JUMP(pc[2].i32[0]);                                                              \
        NEXT(3);                                                                             \
    }
/* On f64, with x and y the operands: [a|b][offset], or [a|-][offset][imm64 bits]. */
#define BR_F64(name, expr)                                                                   \
    CASE(br_f64_##name) {                                                                    \
        double x = fp[U0].f64, y = fp[U1].f64;                                               \
        if (expr)                                                                            \
            JUMP(pc[2].i32[0]);                                                              \
        NEXT(3);                                                                             \
    }                                                                                        \
    CASE(br_f64_##name##_imm) {                                                              \
        wr_slot imm_;                                                                        \
        imm_.u64 = pc[3].u64;                                                                \
        double x = fp[U0].f64, y = imm_.f64;                                                 \
        if (expr)                                                                            \
            JUMP(pc[2].i32[0]);                                                              \
        NEXT(4);                                                                             \
    }
/* Memory accesses: the effective address of [-|address] [offset|addend] (the addend
 * comes from an i32.add folded into the access, so it wraps to 32 bits first), and the
 * bounds check, which the guarded handler (checked = 0) leaves to the guard region. */
#define EFFECTIVE_ADDRESS(slot) ((uint64_t)(uint32_t)(fp[slot].u32 + U3) + U2)
#define BOUNDS(checked, ea, n)                                                               \
    do {                                                                                     \
        if ((checked) && (ea) + (n) > msize)                                                 \
            TRAP(WR_TRAP_MEMORY_OOB);                                                        \
    } while (0)

/* Loads: [dst|address] [offset|addend]; stores: [address|value] [offset|addend]. */
#define LOAD_AS(name, checked, n, T, out, conv)                                              \
    CASE(name) {                                                                             \
        uint64_t ea = EFFECTIVE_ADDRESS(U1);                                                 \
        BOUNDS(checked, ea, n);                                                              \
        T v;                                                                                 \
        memcpy(&v, mbase + ea, n);                                                           \
        fp[U0].out = conv v;                                                                 \
        NEXT(3);                                                                             \
    }
#define LOAD(name, ...) LOAD_AS(name, 1, __VA_ARGS__) LOAD_AS(name##_g, 0, __VA_ARGS__)
/* value_expr is the stored value: a slot, or for the _imm forms the constant in U1,
 * zero-extended from 32 bits. */
#define STORE_AS(name, checked, n, T, value_expr)                                            \
    CASE(name) {                                                                             \
        uint64_t ea = EFFECTIVE_ADDRESS(U0);                                                 \
        BOUNDS(checked, ea, n);                                                              \
        T v = (T)(value_expr);                                                               \
        memcpy(mbase + ea, &v, n);                                                           \
        NEXT(3);                                                                             \
    }
#define STORE(name, n, T, in)                                                                \
    STORE_AS(name, 1, n, T, fp[U1].in) STORE_AS(name##_g, 0, n, T, fp[U1].in)
#define STORE_IMM(name, n, T) STORE_AS(name, 1, n, T, U1) STORE_AS(name##_g, 0, n, T, U1)

/* Arithmetic with a loaded right operand: [dst|a] [offset|addend] [address|-]. */
#define BIN_LOAD_AS(name, checked, T, field, expr)                                           \
    CASE(name) {                                                                             \
        uint64_t ea = EFFECTIVE_ADDRESS(U4);                                                 \
        BOUNDS(checked, ea, sizeof(T));                                                      \
        T x = fp[U1].field, y;                                                               \
        memcpy(&y, mbase + ea, sizeof y);                                                    \
        fp[U0].field = (expr);                                                               \
        NEXT(4);                                                                             \
    }
#define BIN_LOAD(name, ...) BIN_LOAD_AS(name, 1, __VA_ARGS__) BIN_LOAD_AS(name##_g, 0, __VA_ARGS__)

/* The SIMD accesses, with suffix `sfx` (empty or _g) and checked as above. */
#define SIMD_MEMORY_OPS(sfx, checked)                                                        \
    CASE(v128_load##sfx) {                                                                   \
        uint64_t ea = EFFECTIVE_ADDRESS(U1);                                                 \
        BOUNDS(checked, ea, 16);                                                             \
        memcpy(fp + U0, mbase + ea, 16);                                                     \
        NEXT(4);                                                                             \
    }                                                                                        \
    CASE(simd_load##sfx) {                                                                   \
        uint64_t ea = EFFECTIVE_ADDRESS(U1);                                                 \
        BOUNDS(checked, ea, pc[3].u32[1]);                                                   \
        wr_v128 r;                                                                           \
        wr_simd_load(pc[3].u32[0], mbase + ea, &r);                                          \
        memcpy(fp + U0, &r, sizeof r);                                                       \
        NEXT(4);                                                                             \
    }                                                                                        \
    CASE(simd_store##sfx) {                                                                  \
        uint64_t ea = EFFECTIVE_ADDRESS(U0);                                                 \
        BOUNDS(checked, ea, 16);                                                             \
        memcpy(mbase + ea, fp + U1, 16);                                                     \
        NEXT(3);                                                                             \
    }                                                                                        \
    CASE(simd_load_lane##sfx) {                                                              \
        uint32_t lane = pc[3].u32[1] & 0xFF, bytes = pc[3].u32[1] >> 8;                      \
        uint64_t ea = EFFECTIVE_ADDRESS(U1);                                                 \
        BOUNDS(checked, ea, bytes);                                                          \
        uint8_t v[16];                                                                       \
        memcpy(v, fp + pc[3].u32[0], 16);                                                    \
        memcpy(v + (lane * bytes & 15), mbase + ea, bytes);                                  \
        memcpy(fp + U0, v, 16);                                                              \
        NEXT(4);                                                                             \
    }                                                                                        \
    /* Always checked: a copy of a run-time size may write some bytes before faulting. */  \
    CASE(simd_store_lane##sfx) {                                                             \
        uint32_t lane = pc[3].u32[0], bytes = pc[3].u32[1];                                  \
        uint64_t ea = EFFECTIVE_ADDRESS(U0);                                                 \
        BOUNDS(1, ea, bytes);                                                                \
        uint8_t v[16];                                                                       \
        memcpy(v, fp + U1, 16);                                                              \
        memcpy(mbase + ea, v + (lane * bytes & 15), bytes);                                  \
        NEXT(4);                                                                             \
    }

/* A call to a function of the same module: [base|func] [wr_code *]. */
#define CALL_SAME_MODULE(zero_locals)                                                        \
    {                                                                                        \
        const wr_code *target = pc[2].ptr;                                                   \
        wr_slot *nfp = fp + U0;                                                              \
        if (rp >= rlimit || (size_t)(stack_end - nfp) < target->frame_slots)                 \
            TRAP(WR_TRAP_STACK_EXHAUSTED);                                                   \
        CHECKPOINT();                                                                        \
        *rp++ = (wr_callrec){pc + 3, fp, code, inst};                                        \
        fp = nfp;                                                                            \
        code = target;                                                                       \
        if (zero_locals)                                                                     \
            ZERO_LOCALS();                                                                   \
        pc = code->insns;                                                                    \
        DISPATCH();                                                                          \
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
        memcpy(&x, fp + U1, sizeof x);                                                       \
        memcpy(&y, fp + U2, sizeof y);                                                       \
        r = (V)(expr);                                                                       \
        memcpy(fp + U0, &r, sizeof r);                                                       \
        NEXT(3);                                                                             \
    }
#else
#define SIMD_BIN(name, V, expr)                                                              \
    CASE(simd_##name) {                                                                      \
        wr_v128 x, y, unused = {{0}}, r;                                                     \
        memcpy(&x, fp + U1, sizeof x);                                                       \
        memcpy(&y, fp + U2, sizeof y);                                                       \
        wr_simd_fn_for(OPFD_##name)(&r, &x, &y, &unused, 0);                                 \
        memcpy(fp + U0, &r, sizeof r);                                                       \
        NEXT(3);                                                                             \
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

static void push_frame(wr_error *err, wr_instance *inst, const wr_code *code, const wr_insn *pc)
{
    const wr_module *m = code->module;
    uint32_t offset = wr_code_offset(code, (uint32_t)(pc - code->insns));
    /* The code entry starts after its size field, a LEB128 the decoder has checked. */
    uint32_t entry = m->funcs[code->func_index].size_offset;
    while (m->bytes[entry++] & 0x80)
        ;
    wr_error_push_frame(err, inst, code->func_index, wr_module_func_name(m, code->func_index),
                        offset, offset >= entry ? offset - entry : 0);
}

/* inst runs code; each record holds its caller's instance. */
static void push_backtrace(wr_error *err, wr_instance *inst, const wr_code *code,
                           const wr_insn *pc, const wr_callrec *rp, const wr_callrec *rbase)
{
    push_frame(err, inst, code, pc);
    while (rp-- > rbase)
        push_frame(err, rp->instance, rp->code, rp->ret_pc - 1);
}

#if WR_THREADED
#define HANDLER(name) {.handler = &&L_##name},
#define HANDLER_IMM(name) {.handler = &&L_##name##_imm},
#define HANDLER_BR(name) {.handler = &&L_br_i32_##name}, {.handler = &&L_br_i32_##name##_imm},
#define HANDLER_BR64(name) {.handler = &&L_br_i64_##name}, {.handler = &&L_br_i64_##name##_imm},
#define HANDLER_BRF64(name) {.handler = &&L_br_f64_##name}, {.handler = &&L_br_f64_##name##_imm},
#define HANDLER_SIMD(name) {.handler = &&L_simd_##name},
#define HANDLER_GUARDED(name) {.handler = &&L_##name##_g},
#else
#define HANDLER(name) {.op = IOP_##name},
#define HANDLER_IMM(name) {.op = IOP_##name##_imm},
#define HANDLER_BR(name) {.op = IOP_br_i32_##name}, {.op = IOP_br_i32_##name##_imm},
#define HANDLER_BR64(name) {.op = IOP_br_i64_##name}, {.op = IOP_br_i64_##name##_imm},
#define HANDLER_BRF64(name) {.op = IOP_br_f64_##name}, {.op = IOP_br_f64_##name##_imm},
#define HANDLER_SIMD(name) {.op = IOP_simd_##name},
#define HANDLER_GUARDED(name) {.op = IOP_##name##_g},
#endif

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
#define WR_COMMON_HANDLERS                                                                   \
    WR_NUMERIC_OPS(HANDLER) WR_SAT_OPS(HANDLER) WR_IMM_OPS(HANDLER_IMM)                       \
    WR_I32_CMPS(HANDLER_BR) WR_I32_CMPS(HANDLER_BR64) WR_F64_BR_CMPS(HANDLER_BRF64)           \
    WR_SIMD_INLINE_OPS(HANDLER_SIMD) WR_OTHER_OPS(HANDLER)
    static const wr_insn checked_handlers[IOP_COUNT] = {
        WR_COMMON_HANDLERS WR_MEM_OPS(HANDLER) WR_MEM_OPS(HANDLER_GUARDED)
    };
    static const wr_insn guarded_handlers[IOP_COUNT] = {
        WR_COMMON_HANDLERS WR_MEM_OPS(HANDLER_GUARDED) WR_MEM_OPS(HANDLER_GUARDED)
    };
#undef WR_COMMON_HANDLERS
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
    CASE(br) JUMP(pc[1].i32[0]);
    CASE(br_if) {
        if (fp[U0].u32)
            JUMP(pc[1].i32[1]);
        NEXT(2);
    }
    CASE(br_unless) {
        if (!fp[U0].u32)
            JUMP(pc[1].i32[1]);
        NEXT(2);
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
        uint32_t i = fp[U0].u32;
        if (i > U1)
            i = U1;
        JUMP(pc[2 + i / 2].i32[i % 2]);
    }
    CASE(copy) {
        fp[U0] = fp[U1];
        NEXT(2);
    }
    CASE(copy_pair) {
        fp[U0] = fp[U1];
        fp[U2] = fp[U3];
        NEXT(3);
    }
    CASE(copy2) {
        fp[U0] = fp[U1];
        fp[U0 + 1] = fp[U1 + 1];
        NEXT(2);
    }
    CASE(const32) {
        fp[U0].u64 = U1;
        NEXT(2);
    }
    CASE(const64) {
        fp[U0].u64 = pc[2].u64;
        NEXT(3);
    }
    CASE(ret1) {
        fp[0] = fp[U0];
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
        callee = inst->funcs[U1];
        callee_fp = fp + U0;
        call_len = 2;
        goto do_call;
    }
    CASE(call_indirect) {
        const wr_table *table = inst->tables[U3];
        uint32_t i = fp[U1].u32;
        if (i >= table->size)
            TRAP(WR_TRAP_UNDEFINED_ELEMENT);
        callee = table->elems[i];
        if (!callee) {
            trap_index = i;
            TRAP(WR_TRAP_UNINITIALIZED_ELEMENT);
        }
        if (!wr_functype_equal(callee->type, &inst->module->types[U2]))
            TRAP(WR_TRAP_INDIRECT_TYPE_MISMATCH);
        callee_fp = fp + U0;
        call_len = 3;
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
            if (err) {
                if (err->kind == WR_ERR_TRAP)
                    push_backtrace(err, inst, code, pc, rp, rbase);
                goto out;
            }
            RELOAD_MEMORY();
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

    /* ---------------------------------------------------------------- parametric, variables */
    CASE(select) {
        fp[U0] = fp[U3].u32 ? fp[U1] : fp[U2];
        NEXT(3);
    }
    CASE(select2) {
        uint32_t src = fp[U3].u32 ? U1 : U2;
        fp[U0] = fp[src];
        fp[U0 + 1] = fp[src + 1];
        NEXT(3);
    }
    CASE(global_get) {
        fp[U0] = inst->globals[U1]->value[0];
        NEXT(2);
    }
    CASE(global_set) {
        inst->globals[U1]->value[0] = fp[U0];
        NEXT(2);
    }
    CASE(global_get2) {
        fp[U0] = inst->globals[U1]->value[0];
        fp[U0 + 1] = inst->globals[U1]->value[1];
        NEXT(2);
    }
    CASE(global_set2) {
        inst->globals[U1]->value[0] = fp[U0];
        inst->globals[U1]->value[1] = fp[U0 + 1];
        NEXT(2);
    }

    /* ---------------------------------------------------------------- references, tables */
    CASE(ref_is_null) {
        fp[U0].u32 = fp[U1].ref == NULL;
        NEXT(2);
    }
    CASE(ref_func) {
        fp[U0].ref = inst->funcs[U1];
        NEXT(2);
    }
    CASE(table_get) {
        const wr_table *table = inst->tables[U2];
        uint32_t i = fp[U1].u32;
        if (i >= table->size)
            TRAP(WR_TRAP_TABLE_OOB);
        fp[U0].ref = table->elems[i];
        NEXT(3);
    }
    CASE(table_set) {
        wr_table *table = inst->tables[U2];
        uint32_t i = fp[U0].u32;
        if (i >= table->size)
            TRAP(WR_TRAP_TABLE_OOB);
        table->elems[i] = fp[U1].ref;
        NEXT(3);
    }
    CASE(table_size) {
        fp[U0].u32 = inst->tables[U1]->size;
        NEXT(2);
    }
    CASE(table_grow) {
        int64_t old = wr_table_grow_elems(inst->tables[U3], fp[U2].u32, fp[U1].ref);
        fp[U0].u32 = (uint32_t)old;
        NEXT(3);
    }
    CASE(table_fill) {
        wr_table *table = inst->tables[U3];
        uint64_t i = fp[U0].u32, n = fp[U2].u32;
        if (i + n > table->size)
            TRAP(WR_TRAP_TABLE_OOB);
        for (uint64_t k = 0; k < n; k++)
            table->elems[i + k] = fp[U1].ref;
        NEXT(3);
    }
    CASE(table_copy) {
        wr_table *dst = inst->tables[U3], *src = inst->tables[U4];
        uint64_t d = fp[U0].u32, s = fp[U1].u32, n = fp[U2].u32;
        if (d + n > dst->size || s + n > src->size)
            TRAP(WR_TRAP_TABLE_OOB);
        if (n)
            memmove(dst->elems + d, src->elems + s, n * sizeof *dst->elems);
        NEXT(4);
    }
    CASE(table_init) {
        wr_trap_kind k = wr_table_init_segment(inst->tables[U3], &inst->elems[U4], fp[U0].u32,
                                               fp[U1].u32, fp[U2].u32);
        if (k)
            TRAP(k);
        NEXT(4);
    }
    CASE(elem_drop) {
        inst->elems[U0].count = 0;
        NEXT(2);
    }

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
    CASE(memory_size) {
        fp[U0].u32 = inst->memory0->pages;
        NEXT(2);
    }
    CASE(memory_grow) {
        int64_t old = wr_memory_grow_pages(inst->memory0, fp[U1].u32);
        fp[U0].u32 = (uint32_t)old;
        RELOAD_MEMORY();
        NEXT(2);
    }
    CASE(memory_fill) {
        uint64_t d = fp[U0].u32, n = fp[U2].u32;
        if (d + n > msize)
            TRAP(WR_TRAP_MEMORY_OOB);
        if (n)
            memset(mbase + d, (uint8_t)fp[U1].u32, n);
        NEXT(3);
    }
    CASE(memory_copy) {
        uint64_t d = fp[U0].u32, s = fp[U1].u32, n = fp[U2].u32;
        if (d + n > msize || s + n > msize)
            TRAP(WR_TRAP_MEMORY_OOB);
        if (n)
            memmove(mbase + d, mbase + s, n);
        NEXT(3);
    }
    CASE(memory_init) {
        const wr_mdata *seg = &inst->module->datas[U3];
        const uint8_t *data = inst->module->bytes + seg->data_offset;
        wr_trap_kind k = wr_memory_init_segment(inst->memory0, data, inst->data_sizes[U3],
                                                fp[U0].u32, fp[U1].u32, fp[U2].u32);
        if (k)
            TRAP(k);
        NEXT(3);
    }
    CASE(data_drop) {
        inst->data_sizes[U0] = 0;
        NEXT(2);
    }

    /* ---------------------------------------------------------------- SIMD */
    CASE(const128) {
        memcpy(fp + U0, &pc[3], 16);
        NEXT(5);
    }
    CASE(simd) {
        uint32_t shape = pc[4].u32[1];
        wr_v128 a, b, c, r;
        simd_operand(&a, fp, U1, shape & 3);
        simd_operand(&b, fp, U2, (shape >> 2) & 3);
        simd_operand(&c, fp, U3, (shape >> 4) & 3);
        ((wr_simd_fn)pc[3].ptr)(&r, &a, &b, &c, pc[4].u32[0]);
        if (shape & WR_SIMD_SCALAR_RESULT)
            fp[U0].u64 = r.u64[0];
        else
            memcpy(fp + U0, &r, sizeof r);
        NEXT(5);
    }
    CASE(simd_vv) {
        wr_v128 a, b, unused = {{0}}, r;
        memcpy(&a, fp + U1, sizeof a);
        memcpy(&b, fp + U2, sizeof b);
        ((wr_simd_fn)pc[3].ptr)(&r, &a, &b, &unused, pc[4].u32[0]);
        memcpy(fp + U0, &r, sizeof r);
        NEXT(5);
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
        memcpy(&a, fp + U1, sizeof a);
        memcpy(&b, fp + U2, sizeof b);
        wr_simd_shuffle(&r, &a, &b, (const uint8_t *)&pc[3]);
        memcpy(fp + U0, &r, sizeof r);
        NEXT(5);
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
