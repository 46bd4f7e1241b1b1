/* setjmp/longjmp for the clang-built guests: Debian's wasi-libc (0.0~git20220510) has no
 * setjmp.h, and none of the runtime that clang's WebAssembly lowering of setjmp/longjmp
 * (-mllvm -wasm-enable-sjlj, built on exception handling) calls; wasm_setjmp.c supplies that
 * runtime. The compiler recognizes setjmp and longjmp by name: each setjmp call becomes a
 * __wasm_setjmp call plus a catch of the C longjmp tag in its function, each longjmp call a
 * __wasm_longjmp call, which throws that tag. */
#ifndef WASM_SETJMP_H
#define WASM_SETJMP_H

/* What __wasm_setjmp records and __wasm_longjmp throws (wasm_setjmp.c). */
struct wasm_jmp_buf {
    void *invocation; /* the setjmp caller's call: its frame, as the compiler identifies it */
    unsigned label;   /* which setjmp of that function, as the compiler numbers them */
    struct {
        void *env;
        int val;
    } thrown;         /* what the catch receives; the compiler reads env then val */
};
typedef struct wasm_jmp_buf jmp_buf[1];

int setjmp(jmp_buf env);
_Noreturn void longjmp(jmp_buf env, int val);

#endif
