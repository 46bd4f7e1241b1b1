/*
 * The workload as a WASI command (workload.wasm, built by build-wasm.sh): `workload ROWS`
 * prints the report on stdout. Exit status: workload_run's, or 2 for bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>

#include "workload.h"

static int print_line(void *user, const char *line)
{
    return fputs(line, user) < 0;
}

int main(int argc, char **argv)
{
    char *end = NULL;
    unsigned long rows = argc == 2 ? strtoul(argv[1], &end, 10) : 0;
    if (argc != 2 || !end || end == argv[1] || *end || rows > WORKLOAD_MAX_ROWS) {
        fprintf(stderr, "usage: workload ROWS   (%u to %u)\n", WORKLOAD_MIN_ROWS,
                WORKLOAD_MAX_ROWS);
        return 2;
    }
    int status = workload_run((uint32_t)rows, print_line, stdout);
    if (fflush(stdout) != 0 && status == 0)
        status = 2;
    return status;
}
