/* setjmp/longjmp the way C programs recover from errors (Lua's protected calls), built by
 * clang-19 with -mllvm -wasm-enable-sjlj, on exception handling (../build.sh), and run by
 * ../../guests_test.sh against the same source built natively with the host's <setjmp.h>:
 * an evaluator of prefix expressions that longjmps out of deep recursion on an error, nested
 * protected calls each with their own jmp_buf, a volatile local changed after setjmp,
 * longjmp(env, 0) making setjmp return 1, and many jumps in a loop. */
#include <stdio.h>
#include <string.h>

#ifdef __wasm__
#include "wasm_setjmp.h"
#else
#include <setjmp.h>
#endif

enum { ERR_SYNTAX = 1, ERR_DIV_ZERO, ERR_DEPTH };

static jmp_buf *handler; /* the innermost protected call's */

static _Noreturn void raise_error(int code)
{
    longjmp(*handler, code);
}

/* Evaluates a prefix expression: a digit, or + - * / followed by two expressions. */
static long eval(const char **p, int depth)
{
    if (depth > 50)
        raise_error(ERR_DEPTH);
    char c = *(*p)++;
    if (c >= '0' && c <= '9')
        return c - '0';
    if (!strchr("+-*/", c) || c == 0)
        raise_error(ERR_SYNTAX);
    long a = eval(p, depth + 1);
    long b = eval(p, depth + 1);
    switch (c) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default:
        if (b == 0)
            raise_error(ERR_DIV_ZERO);
        return a / b;
    }
}

/* Runs eval under its own handler, restoring the outer one however it ends. */
static int protected_eval(const char *text, long *result)
{
    jmp_buf here;
    jmp_buf *outer = handler;
    volatile int attempts = 0;
    handler = &here;
    int code = setjmp(here);
    attempts++;
    if (code == 0) {
        const char *p = text;
        *result = eval(&p, 0);
    }
    handler = outer;
    if (code)
        printf("  error %d after %d attempt(s)\n", code, attempts);
    return code;
}

/* A protected call inside a protected call: the inner error is handled inside, then the
 * outer one raised from between them reaches the outer handler. */
static int nested(void)
{
    jmp_buf here;
    jmp_buf *outer = handler;
    handler = &here;
    int code = setjmp(here);
    if (code == 0) {
        long r;
        int inner = protected_eval("/9-33", &r);
        printf("  inner protected call returned %d\n", inner);
        raise_error(ERR_SYNTAX + 10 * inner);
    }
    handler = outer;
    return code;
}

static jmp_buf zero_env;

static _Noreturn void jump_with_zero(void)
{
    longjmp(zero_env, 0);
}

int main(void)
{
    static const char *const inputs[] = {"+1*23", "-/82*3+11", "/5-22", "+1*2", "+1?", "*9*9*9*9"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        long r = 0;
        int code = protected_eval(inputs[i], &r);
        printf("%s -> %s%ld\n", inputs[i], code ? "error " : "", code ? (long)code : r);
    }
    char deep[128];
    memset(deep, '+', 100);
    strcpy(deep + 100, "11");
    long r;
    printf("deep -> %d\n", protected_eval(deep, &r));
    printf("nested -> %d\n", nested());
    int code = setjmp(zero_env);
    if (code == 0)
        jump_with_zero();
    printf("longjmp(env, 0) -> setjmp returned %d\n", code);
    volatile long total = 0; /* changed between setjmp and longjmp */
    for (volatile int i = 0; i < 10000; i++) {
        char text[4] = {'/', (char)('0' + i % 10), (char)('0' + i % 3), 0};
        jmp_buf here;
        handler = &here;
        int c = setjmp(here);
        if (c == 0) {
            const char *p = text;
            total += eval(&p, 0);
        } else {
            total -= c;
        }
    }
    printf("loop total %ld\n", total);
    return 0;
}
