#!/bin/sh
# Rebuild the WebAssembly 3.0 feature guests; the built .wasm files are kept in the tree.
# Most are assembled by wabt's wat2wasm (Debian, 1.0.32). Newer text goes through tools
# pinned in package.json / package-lock.json and installed from the npm registry on first
# use: Binaryen's wasm-as for typed function references ((ref null $t), call_ref,
# br_on_null), which wabt 1.0.32 cannot read, and wabt 1.0.39 for exception handling
# (exnref, try_table).
set -eu
cd "$(dirname "$0")"
binaryen_guests="vtable.wat"
wabt_npm_guests="cpp_exceptions.wat host_exceptions.wat reactor_exceptions.wat"
for wat in *.wat; do
    case " $binaryen_guests " in
    *" $wat "*)
        [ -x node_modules/.bin/wasm-as ] ||
            npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
        node_modules/.bin/wasm-as --all-features "$wat" -o "${wat%.wat}.wasm"
        ;;
    *)
        case " $wabt_npm_guests " in
        *" $wat "*)
            [ -x node_modules/.bin/wat2wasm ] ||
                npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
            node_modules/.bin/wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm"
            ;;
        *)
            wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm"
            ;;
        esac
        ;;
    esac
done
