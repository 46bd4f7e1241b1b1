/* The wasi_snapshot_preview1 import table: names, signatures, argument names and kinds
 * (what the trace shows; 'P' marks a path's pointer, its length follows). */
#include "wasi/handlers.h"

static const char *const args_args_get[] = {"argv", "argv_buf"};
static const char *const args_args_sizes_get[] = {"argc", "argv_buf_size"};
static const char *const args_environ_get[] = {"environ", "environ_buf"};
static const char *const args_environ_sizes_get[] = {"environc", "environ_buf_size"};
static const char *const args_clock_res_get[] = {"id", "resolution"};
static const char *const args_clock_time_get[] = {"id", "precision", "time"};
static const char *const args_fd_advise[] = {"fd", "offset", "len", "advice"};
static const char *const args_fd_allocate[] = {"fd", "offset", "len"};
static const char *const args_fd_close[] = {"fd"};
static const char *const args_fd_datasync[] = {"fd"};
static const char *const args_fd_fdstat_get[] = {"fd", "stat"};
static const char *const args_fd_fdstat_set_flags[] = {"fd", "flags"};
static const char *const args_fd_fdstat_set_rights[] = {"fd", "rights_base", "rights_inheriting"};
static const char *const args_fd_filestat_get[] = {"fd", "buf"};
static const char *const args_fd_filestat_set_size[] = {"fd", "size"};
static const char *const args_fd_filestat_set_times[] = {"fd", "atim", "mtim", "fst_flags"};
static const char *const args_fd_pread[] = {"fd", "iovs", "iovs_len", "offset", "nread"};
static const char *const args_fd_prestat_get[] = {"fd", "buf"};
static const char *const args_fd_prestat_dir_name[] = {"fd", "path", "path_len"};
static const char *const args_fd_pwrite[] = {"fd", "iovs", "iovs_len", "offset", "nwritten"};
static const char *const args_fd_read[] = {"fd", "iovs", "iovs_len", "nread"};
static const char *const args_fd_readdir[] = {"fd", "buf", "buf_len", "cookie", "bufused"};
static const char *const args_fd_renumber[] = {"fd", "to"};
static const char *const args_fd_seek[] = {"fd", "offset", "whence", "newoffset"};
static const char *const args_fd_sync[] = {"fd"};
static const char *const args_fd_tell[] = {"fd", "offset"};
static const char *const args_fd_write[] = {"fd", "iovs", "iovs_len", "nwritten"};
static const char *const args_path_create_directory[] = {"fd", "path", "path_len"};
static const char *const args_path_filestat_get[] = {"fd", "flags", "path", "path_len", "buf"};
static const char *const args_path_filestat_set_times[] = {"fd", "flags", "path", "path_len", "atim", "mtim", "fst_flags"};
static const char *const args_path_link[] = {"old_fd", "old_flags", "old_path", "old_path_len", "new_fd", "new_path", "new_path_len"};
static const char *const args_path_open[] = {"fd", "dirflags", "path", "path_len", "oflags", "rights_base", "rights_inheriting", "fdflags", "opened_fd"};
static const char *const args_path_readlink[] = {"fd", "path", "path_len", "buf", "buf_len", "bufused"};
static const char *const args_path_remove_directory[] = {"fd", "path", "path_len"};
static const char *const args_path_rename[] = {"fd", "old_path", "old_path_len", "new_fd", "new_path", "new_path_len"};
static const char *const args_path_symlink[] = {"old_path", "old_path_len", "fd", "new_path", "new_path_len"};
static const char *const args_path_unlink_file[] = {"fd", "path", "path_len"};
static const char *const args_poll_oneoff[] = {"in", "out", "nsubscriptions", "nevents"};
static const char *const args_proc_exit[] = {"rval"};
static const char *const args_proc_raise[] = {"sig"};
static const char *const args_random_get[] = {"buf", "buf_len"};
static const char *const args_sock_accept[] = {"fd", "flags", "result_fd"};
static const char *const args_sock_recv[] = {"fd", "ri_data", "ri_data_len", "ri_flags", "ro_datalen", "ro_flags"};
static const char *const args_sock_send[] = {"fd", "si_data", "si_data_len", "si_flags", "so_datalen"};
static const char *const args_sock_shutdown[] = {"fd", "how"};

const wasi_import wasi_imports[] = {
    {"args_get", "ii", "pp", true, wasi_args_get, args_args_get},
    {"args_sizes_get", "ii", "pp", true, wasi_args_sizes_get, args_args_sizes_get},
    {"environ_get", "ii", "pp", true, wasi_environ_get, args_environ_get},
    {"environ_sizes_get", "ii", "pp", true, wasi_environ_sizes_get, args_environ_sizes_get},
    {"clock_res_get", "ii", "up", true, wasi_clock_res_get, args_clock_res_get},
    {"clock_time_get", "iIi", "uup", true, wasi_clock_time_get, args_clock_time_get},
    {"fd_advise", "iIIi", "uuuu", true, wasi_fd_advise, args_fd_advise},
    {"fd_allocate", "iII", "uuu", true, wasi_fd_allocate, args_fd_allocate},
    {"fd_close", "i", "u", true, wasi_fd_close, args_fd_close},
    {"fd_datasync", "i", "u", true, wasi_fd_datasync, args_fd_datasync},
    {"fd_fdstat_get", "ii", "up", true, wasi_fd_fdstat_get, args_fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", "ux", true, wasi_fd_fdstat_set_flags, args_fd_fdstat_set_flags},
    {"fd_fdstat_set_rights", "iII", "uxx", true, wasi_fd_fdstat_set_rights, args_fd_fdstat_set_rights},
    {"fd_filestat_get", "ii", "up", true, wasi_fd_filestat_get, args_fd_filestat_get},
    {"fd_filestat_set_size", "iI", "uu", true, wasi_fd_filestat_set_size, args_fd_filestat_set_size},
    {"fd_filestat_set_times", "iIIi", "uuux", true, wasi_fd_filestat_set_times, args_fd_filestat_set_times},
    {"fd_pread", "iiiIi", "upuup", true, wasi_fd_pread, args_fd_pread},
    {"fd_prestat_get", "ii", "up", true, wasi_fd_prestat_get, args_fd_prestat_get},
    {"fd_prestat_dir_name", "iii", "upu", true, wasi_fd_prestat_dir_name, args_fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", "upuup", true, wasi_fd_pwrite, args_fd_pwrite},
    {"fd_read", "iiii", "upup", true, wasi_fd_read, args_fd_read},
    {"fd_readdir", "iiiIi", "upuup", true, wasi_fd_readdir, args_fd_readdir},
    {"fd_renumber", "ii", "uu", true, wasi_fd_renumber, args_fd_renumber},
    {"fd_seek", "iIii", "usup", true, wasi_fd_seek, args_fd_seek},
    {"fd_sync", "i", "u", true, wasi_fd_sync, args_fd_sync},
    {"fd_tell", "ii", "up", true, wasi_fd_tell, args_fd_tell},
    {"fd_write", "iiii", "upup", true, wasi_fd_write, args_fd_write},
    {"path_create_directory", "iii", "uPu", true, wasi_path_create_directory, args_path_create_directory},
    {"path_filestat_get", "iiiii", "uxPup", true, wasi_path_filestat_get, args_path_filestat_get},
    {"path_filestat_set_times", "iiiiIIi", "uxPuuux", true, wasi_path_filestat_set_times, args_path_filestat_set_times},
    {"path_link", "iiiiiii", "uxPuuPu", true, wasi_path_link, args_path_link},
    {"path_open", "iiiiiIIii", "uxPuxxxxp", true, wasi_path_open, args_path_open},
    {"path_readlink", "iiiiii", "uPupup", true, wasi_path_readlink, args_path_readlink},
    {"path_remove_directory", "iii", "uPu", true, wasi_path_remove_directory, args_path_remove_directory},
    {"path_rename", "iiiiii", "uPuuPu", true, wasi_path_rename, args_path_rename},
    {"path_symlink", "iiiii", "PuuPu", true, wasi_path_symlink, args_path_symlink},
    {"path_unlink_file", "iii", "uPu", true, wasi_path_unlink_file, args_path_unlink_file},
    {"poll_oneoff", "iiii", "ppup", true, wasi_poll_oneoff, args_poll_oneoff},
    {"proc_exit", "i", "u", false, wasi_proc_exit, args_proc_exit},
    {"proc_raise", "i", "u", true, wasi_proc_raise, args_proc_raise},
    {"sched_yield", "", "", true, wasi_sched_yield, NULL},
    {"random_get", "ii", "pu", true, wasi_random_get, args_random_get},
    {"sock_accept", "iii", "uxp", true, wasi_sock_accept, args_sock_accept},
    {"sock_recv", "iiiiii", "upuxpp", true, wasi_sock_recv, args_sock_recv},
    {"sock_send", "iiiii", "upuxp", true, wasi_sock_send, args_sock_send},
    {"sock_shutdown", "ii", "ux", true, wasi_sock_shutdown, args_sock_shutdown},
};

const size_t wasi_import_count = sizeof wasi_imports / sizeof wasi_imports[0];
