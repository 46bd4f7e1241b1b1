/* wr: the command-line front end of libwr. Picks the subcommand from a table (a first
 * argument that names none is a module to run, as with wasmtime), and owns the process-wide
 * matters: SIGPIPE and the final check that standard output was written. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *synopsis;
} subcommands[] = {
    {"run", wr_cli_run, "run a WASI command, or call an export with --invoke"},
    {"validate", wr_cli_validate, "decode and validate modules (\"-\" reads standard input)"},
    {"inspect", wr_cli_inspect, "a module's name, start, imports, exports, custom sections"},
    {"compile", wr_cli_compile, "build FILE.wasm -o OUT with the C compiler; wr run OUT runs it"},
};
enum { NSUBCOMMANDS = sizeof subcommands / sizeof subcommands[0] };

/* The exit statuses, for the help; docs/wr.1 has the same table. */
enum { GUEST_STATUS = -1 };
static const struct {
    int status;
    const char *meaning;
} exit_statuses[] = {
    {0, "success (a WASI command that returned or called proc_exit(0))"},
    {GUEST_STATUS, "a WASI command's own proc_exit(N)"},
    {CLI_EXIT_FAILURE, "a module that cannot be read, decoded, validated or linked; a failed write"},
    {CLI_EXIT_USAGE, "a command line that cannot be understood"},
    {CLI_EXIT_TRAP, "a trap, an uncaught exception, an exhausted limit or a timeout (128 + "
                    "SIGABRT, as wasmtime)"},
};

static void usage(FILE *out)
{
    fputs("usage: wr COMMAND [OPTIONS] ...\n"
          "       wr [RUN OPTIONS] FILE.wasm [ARGS...]   (the same as wr run)\n\ncommands:\n",
          out);
    for (size_t i = 0; i < NSUBCOMMANDS; i++)
        fprintf(out, "  %-10s %s\n", subcommands[i].name, subcommands[i].synopsis);
    fputs("  help CMD   the options of a command (also wr CMD --help)\n"
          "\noptions:\n"
          "  -h, --help     show this help\n"
          "  -V, --version  show the version\n"
          "\nexit status:\n",
          out);
    for (size_t i = 0; i < sizeof exit_statuses / sizeof exit_statuses[0]; i++) {
        if (exit_statuses[i].status == GUEST_STATUS)
            fprintf(out, "  %-4s %s\n", "N", exit_statuses[i].meaning);
        else
            fprintf(out, "  %-4d %s\n", exit_statuses[i].status, exit_statuses[i].meaning);
    }
}

static int find_subcommand(const char *name)
{
    for (int i = 0; i < NSUBCOMMANDS; i++)
        if (strcmp(name, subcommands[i].name) == 0)
            return i;
    return -1;
}

/* wr help [COMMAND] */
static int help(int argc, char **argv)
{
    if (argc < 3) {
        usage(stdout);
        return 0;
    }
    int i = find_subcommand(argv[2]);
    if (i < 0) {
        fputs("wr help: unknown command '", stderr);
        wr_cli_print_text(stderr, argv[2]);
        fputs("'\n", stderr);
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    char *help_argv[] = {argv[2], "--help", NULL};
    return subcommands[i].run(2, help_argv);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0)
        return help(1, argv);
    if (strcmp(command, "help") == 0)
        return help(argc, argv);
    if (strcmp(command, "-V") == 0 || strcmp(command, "--version") == 0) {
        printf("wr %s\n", wr_version());
        return 0;
    }
    int i = find_subcommand(command);
    if (i >= 0)
        return subcommands[i].run(argc - 1, argv + 1);
    /* Run options or a file: an implicit "run", whose argv[0] is wr's own. A bare word that
     * is no file is more likely a mistyped command. */
    if (command[0] == '-' || strchr(command, '.') || strchr(command, '/') ||
        access(command, F_OK) == 0)
        return wr_cli_run(argc, argv);
    fputs("wr: unknown command '", stderr);
    wr_cli_print_text(stderr, command);
    fputs("' (and no such file to run)\n", stderr);
    usage(stderr);
    return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* A closed pipe on standard output becomes a write error (EPIPE) that is reported, not a
     * silent death by signal; WASI programs see the same error from fd_write. */
    signal(SIGPIPE, SIG_IGN);
    int status = dispatch(argc, argv);
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "wr: cannot write to standard output: %s\n",
                errno ? strerror(errno) : "write error");
        if (status == 0)
            status = CLI_EXIT_FAILURE;
    }
    return status;
}
