/*
 * The benchmark's SQLite operating-system layer (config.h sets SQLITE_OS_OTHER, so SQLite
 * calls sqlite3_os_init here instead of using its Unix layer). The workload keeps its
 * database in memory and SQLite its temporary data too, so no file is ever opened: opening
 * one fails. Time and randomness are fixed, which makes every run, native or wasm, do the
 * same work and print the same text.
 */
#include <string.h>

#include "config.h"
#include "sqlite3.h"

/* 2026-01-01 00:00:00 UTC as a Julian day number in milliseconds, SQLite's time format. */
#define FIXED_TIME_MS 212633985600000LL

static int vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                    int *out_flags)
{
    (void)vfs, (void)name, (void)flags, (void)out_flags;
    file->pMethods = NULL; /* tells SQLite there is nothing to close */
    return SQLITE_CANTOPEN;
}

static int vfs_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs, (void)name, (void)sync_dir;
    return SQLITE_IOERR_DELETE;
}

static int vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *result)
{
    (void)vfs, (void)name, (void)flags;
    *result = 0; /* no file exists */
    return SQLITE_OK;
}

static int vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int size, char *out)
{
    (void)vfs;
    sqlite3_snprintf(size, out, "%s", name);
    return SQLITE_OK;
}

/* The same bytes on every call: SQLite only wants them for names and seeds. */
static int vfs_randomness(sqlite3_vfs *vfs, int size, char *out)
{
    (void)vfs;
    for (int i = 0; i < size; i++)
        out[i] = (char)(i * 37 + 11);
    return size;
}

/* Nothing waits for anyone in a single-threaded in-memory database. */
static int vfs_sleep(sqlite3_vfs *vfs, int microseconds)
{
    (void)vfs;
    return microseconds;
}

static int vfs_current_time_ms(sqlite3_vfs *vfs, sqlite3_int64 *ms)
{
    (void)vfs;
    *ms = FIXED_TIME_MS;
    return SQLITE_OK;
}

static int vfs_current_time(sqlite3_vfs *vfs, double *julian_day)
{
    (void)vfs;
    *julian_day = (double)FIXED_TIME_MS / 86400000.0;
    return SQLITE_OK;
}

static int vfs_last_error(sqlite3_vfs *vfs, int size, char *out)
{
    (void)vfs;
    if (size > 0)
        out[0] = '\0';
    return 0;
}

int sqlite3_os_init(void)
{
    /* SQLite keeps a pointer to its VFS in its process-wide list (and links it there), so it
     * must live as long as the process. */
    static sqlite3_vfs vfs = {
        .iVersion = 2,
        .szOsFile = (int)sizeof(sqlite3_file),
        .mxPathname = 512,
        .zName = "wr-bench",
        .xOpen = vfs_open,
        .xDelete = vfs_delete,
        .xAccess = vfs_access,
        .xFullPathname = vfs_full_pathname,
        .xRandomness = vfs_randomness,
        .xSleep = vfs_sleep,
        .xCurrentTime = vfs_current_time,
        .xGetLastError = vfs_last_error,
        .xCurrentTimeInt64 = vfs_current_time_ms,
    };
    return sqlite3_vfs_register(&vfs, 1);
}

int sqlite3_os_end(void)
{
    return SQLITE_OK;
}
