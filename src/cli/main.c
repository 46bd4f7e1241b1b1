/* wr: the command-line front end of libwr. */
#include <string.h>

#include "cli.h"

#ifndef WR_VERSION_STRING
#error "WR_VERSION_STRING comes from CMake"
#endif

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} subcommands[] = {
    {"validate", wr_cli_validate},
    {"inspect", wr_cli_inspect},
    {"run", wr_cli_run},
    {"compile", wr_cli_compile},
};

static void usage(FILE *out)
{
    fputs("usage: wr COMMAND [OPTIONS] FILE.wasm ...\n"
          "\n"
          "commands:\n"
          "  validate FILE.wasm         decode and validate a module\n"
          "  inspect FILE.wasm          list a module's imports and exports with their types\n"
          "  run [OPTIONS] FILE.wasm [ARGS...]\n"
          "                             run a WASI command (ARGS are its arguments), or call\n"
          "                             an export with ARGS read by its parameter types;\n"
          "                             FILE may be an object written by wr compile\n"
          "  compile FILE.wasm -o OUT   translate to C and build with the C compiler ($WR_CC,\n"
          "                             $CC or cc) into OUT, which wr run runs\n"
          "\n"
          "run options:\n"
          "  --invoke NAME              call the export NAME instead of _start\n"
          "  --compile                  run on the compiled tier (built through the cache,\n"
          "                             $XDG_CACHE_HOME/wr or ~/.cache/wr)\n"
          "  --timeout SECONDS          stop the run after SECONDS\n"
          "  --dir HOST[::GUEST]        give the program the host folder HOST (seen as GUEST)\n"
          "  --env NAME=VALUE           set an environment variable for the program\n"
          "  --trace-wasi               print every WASI call and its result to stderr\n"
          "\n"
          "options:\n"
          "  -h, --help                 show this help\n"
          "  -V, --version              show the version\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 || strcmp(command, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(command, "-V") == 0 || strcmp(command, "--version") == 0) {
        printf("wr %s\n", WR_VERSION_STRING);
        return 0;
    }
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
        if (strcmp(command, subcommands[i].name) == 0)
            return subcommands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "wr: unknown command '%s'\n", command);
    usage(stderr);
    return CLI_EXIT_USAGE;
}
