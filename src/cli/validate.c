/* wr validate FILE.wasm: decode and validate, nothing more. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "read_file.h"

int cli_validate(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fputs("usage: wr validate FILE.wasm\n", stderr);
        return CLI_EXIT_USAGE;
    }
    const char *path = argv[1];
    size_t len = 0;
    uint8_t *bytes = read_whole_file(path, &len);
    if (!bytes) {
        fprintf(stderr, "wr: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    wr_engine *engine = cli_engine_new();
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
