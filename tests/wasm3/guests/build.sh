#!/bin/sh
# Rebuild the WebAssembly 3.0 feature guests; the built .wasm files are kept in the tree.
# Most are assembled by wabt's wat2wasm (Debian). wabt 1.0.32 cannot read typed function
# references ((ref null $t), call_ref, br_on_null), so those guests go through Binaryen's
# wasm-as, pinned in package.json and installed from the npm registry on first use.
set -eu
cd "$(dirname "$0")"
binaryen_guests="vtable.wat"
for wat in *.wat; do
    case " $binaryen_guests " in
    *" $wat "*)
        [ -x node_modules/.bin/wasm-as ] ||
            npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
        node_modules/.bin/wasm-as --all-features "$wat" -o "${wat%.wat}.wasm"
        ;;
    *)
        wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm"
        ;;
    esac
done
