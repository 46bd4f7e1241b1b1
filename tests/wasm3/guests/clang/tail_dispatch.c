/* A bytecode interpreter whose handlers end in [[clang::musttail]] calls to the next
 * handler, the dispatch loop tail-calling interpreters use, built by clang-19 with
 * -mtail-call (return_call_indirect; ../build.sh) and run by ../../guests_test.sh against
 * the same source built natively. The program sums n..1: four handlers per round, so
 * n = 1,000,000 is 4 million tail calls, which must run in constant stack. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__has_attribute)
#if __has_attribute(musttail)
#define MUSTTAIL __attribute__((musttail))
#endif
#endif
#ifndef MUSTTAIL
#define MUSTTAIL /* a compiler without it: the native build relies on sibling-call optimization */
#endif

typedef struct {
    int64_t r[4];
} Regs;
typedef int64_t Handler(const uint8_t *pc, Regs *regs, int64_t acc, int64_t steps);

enum { LOAD, ADD, DEC, JNZ, HALT, OPS };
static Handler *const table[OPS];

#define NEXT(pc, regs, acc, steps) \
    MUSTTAIL return table[*(pc)]((pc), (regs), (acc), (steps) + 1)

static int64_t op_load(const uint8_t *pc, Regs *regs, int64_t acc, int64_t steps)
{
    acc = regs->r[pc[1]];
    NEXT(pc + 2, regs, acc, steps);
}

static int64_t op_add(const uint8_t *pc, Regs *regs, int64_t acc, int64_t steps)
{
    regs->r[pc[1]] += acc;
    NEXT(pc + 2, regs, acc, steps);
}

static int64_t op_dec(const uint8_t *pc, Regs *regs, int64_t acc, int64_t steps)
{
    regs->r[pc[1]]--;
    NEXT(pc + 2, regs, acc, steps);
}

static int64_t op_jnz(const uint8_t *pc, Regs *regs, int64_t acc, int64_t steps)
{
    pc = regs->r[pc[1]] ? pc - pc[2] : pc + 3;
    NEXT(pc, regs, acc, steps);
}

static int64_t op_halt(const uint8_t *pc, Regs *regs, int64_t acc, int64_t steps)
{
    (void)pc;
    (void)regs;
    (void)acc;
    return steps;
}

static Handler *const table[OPS] = {op_load, op_add, op_dec, op_jnz, op_halt};

int main(int argc, char **argv)
{
    int64_t n = argc > 1 ? atoll(argv[1]) : 1000;
    /* r0 counts down from n, r1 accumulates: LOAD r0; ADD r1; DEC r0; JNZ r0 back 6 bytes. */
    static const uint8_t program[] = {LOAD, 0, ADD, 1, DEC, 0, JNZ, 0, 6, HALT};
    Regs regs = {{n, 0, 0, 0}};
    int64_t steps = table[program[0]](program, &regs, 0, 0);
    printf("sum %lld after %lld steps\n", (long long)regs.r[1], (long long)steps);
    return 0;
}
