/* wr validate FILE.wasm: decode and validate, nothing more. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util/file.h"

int wr_cli_validate(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: wr validate FILE.wasm\n", stderr);
        return CLI_EXIT_USAGE;
    }
    const char *path = argv[1];
    uint8_t *bytes;
    size_t len;
    int err = wr_read_file(path, SIZE_MAX, &bytes, &len);
    if (err) {
        fprintf(stderr, "wr: cannot read %s: %s\n", path, strerror(err));
        return 1;
    }
    wr_engine *engine = wr_cli_engine_new(WR_TIER_INTERP);
    if (!engine) {
        free(bytes);
        return 1;
    }
    wr_error *e = wr_module_validate(engine, bytes, len);
    if (e) {
        fprintf(stderr, "%s: %s\n", path, wr_error_message(e));
        wr_error_free(e);
    } else {
        printf("%s: valid\n", path);
    }
    wr_engine_free(engine);
    free(bytes);
    return e ? 1 : 0;
}
