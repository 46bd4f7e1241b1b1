/*
 * The "spectest" host module that the testsuite's scripts import from.
 */
#ifndef SPECTEST_HOST_H
#define SPECTEST_HOST_H

#include <stdbool.h>

#include "wr.h"

/* Creates the module's functions, globals, table and memory in store and defines them in
 * linker under "spectest". Returns false when something could not be created. */
bool spectest_host_define(wr_linker *linker, wr_store *store);

#endif
