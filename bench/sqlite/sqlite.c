/*
 * The SQLite amalgamation built with the benchmark's options (config.h). The amalgamation is
 * not in the repository: scripts/sqlite-amalgamation.sh fetches it, and the build puts its
 * folder on the include path.
 */
#include "config.h"

#include "sqlite3.c"
