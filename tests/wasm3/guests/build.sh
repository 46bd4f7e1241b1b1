#!/bin/sh
# Rebuild the WebAssembly 3.0 feature guests; the built .wasm files are kept in the tree, so
# building and testing wr never needs these tools.
# Most are assembled by wabt's wat2wasm (Debian, 1.0.32). Newer text goes through tools
# pinned in package.json / package-lock.json and installed from the npm registry on first
# use: Binaryen's wasm-as for typed function references ((ref null $t), call_ref,
# br_on_null), which wabt 1.0.32 cannot read, and for a table64 maximum beyond 32 bits,
# which wabt refuses (without the compact import section, a proposal wr does not read),
# and wabt 1.0.39 for exception handling
# (exnref, try_table).
# The programs in clang/ are compiled by Debian's clang-19 against Debian's wasi-libc and
# libc++ for wasm32 (scripts/deps.sh guests installs them). clang-19 emits exceptions (C++'s
# and those setjmp/longjmp are built on) in the legacy form (try/catch/rethrow) only, so Binaryen's wasm-opt --translate-to-exnref
# turns them into 3.0's try_table/throw_ref, as Emscripten does for its exnref output.
set -eu
cd "$(dirname "$0")"
npm_tools() {
    [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/wat2wasm ] ||
        npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
}
binaryen_guests="vtable.wat wasm_h_memory64.wat"
wabt_npm_guests="cpp_exceptions.wat host_exceptions.wat reactor_exceptions.wat wasm_h_tags.wat"
for wat in *.wat; do
    case " $binaryen_guests " in
    *" $wat "*)
        npm_tools
        node_modules/.bin/wasm-as --all-features --disable-compact-imports "$wat" -o "${wat%.wat}.wasm"
        ;;
    *)
        case " $wabt_npm_guests " in
        *" $wat "*)
            npm_tools
            node_modules/.bin/wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm"
            ;;
        *)
            wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm"
            ;;
        esac
        ;;
    esac
done

# clang/: wasm_cxa.cpp is the C++ exception runtime Debian's libc++abi for wasm32 lacks,
# wasm_setjmp.c the setjmp/longjmp runtime Debian's wasi-libc lacks (each says why).
wasi="--target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror"
clang-19 $wasi -mtail-call clang/tail_dispatch.c -o clang/tail_dispatch.wasm
npm_tools
clang++-19 $wasi -std=c++17 -fwasm-exceptions clang/cpp_exceptions.cpp clang/wasm_cxa.cpp \
    -o clang/cpp_exceptions.legacy.wasm
clang-19 $wasi -fwasm-exceptions -mllvm -wasm-enable-sjlj clang/setjmp_longjmp.c \
    clang/wasm_setjmp.c -o clang/setjmp_longjmp.legacy.wasm
for name in cpp_exceptions setjmp_longjmp; do
    node_modules/.bin/wasm-opt --enable-exception-handling --enable-reference-types \
        --translate-to-exnref clang/$name.legacy.wasm -o clang/$name.wasm
    rm clang/$name.legacy.wasm
done
