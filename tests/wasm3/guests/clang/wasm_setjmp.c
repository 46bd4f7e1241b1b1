/* The runtime of clang's WebAssembly setjmp/longjmp lowering (-mllvm -wasm-enable-sjlj),
 * which Debian's wasi-libc lacks (wasm_setjmp.h says why and what the compiler does):
 * __wasm_setjmp records which call of which function a jmp_buf returns to and under which
 * label; __wasm_longjmp throws the C longjmp tag (tag 1 of __builtin_wasm_throw) carrying the
 * buffer and value; every function that calls setjmp catches that tag and asks
 * __wasm_setjmp_test whether the buffer is one of its own live calls' (a nonzero label: jump
 * there) or not (0: the function throws it on). */
#include <stdint.h>

#include "wasm_setjmp.h"

void __wasm_setjmp(void *env, uint32_t label, void *invocation)
{
    struct wasm_jmp_buf *jb = env;
    jb->invocation = invocation;
    jb->label = label;
}

uint32_t __wasm_setjmp_test(void *env, void *invocation)
{
    struct wasm_jmp_buf *jb = env;
    return jb->invocation == invocation ? jb->label : 0;
}

_Noreturn void __wasm_longjmp(void *env, int val)
{
    struct wasm_jmp_buf *jb = env;
    jb->thrown.env = env;
    jb->thrown.val = val ? val : 1; /* C: longjmp(env, 0) makes setjmp return 1 */
    __builtin_wasm_throw(1, &jb->thrown);
}
