/* The wasi_snapshot_preview1 import table: names, signatures, argument names, and which
 * arguments are (pointer, length) paths the trace hook shows as text. */
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
    {"args_get", "ii", true, wasi_args_get, args_args_get, {-1, -1}},
    {"args_sizes_get", "ii", true, wasi_args_sizes_get, args_args_sizes_get, {-1, -1}},
    {"environ_get", "ii", true, wasi_environ_get, args_environ_get, {-1, -1}},
    {"environ_sizes_get", "ii", true, wasi_environ_sizes_get, args_environ_sizes_get, {-1, -1}},
    {"clock_res_get", "ii", true, wasi_clock_res_get, args_clock_res_get, {-1, -1}},
    {"clock_time_get", "iIi", true, wasi_clock_time_get, args_clock_time_get, {-1, -1}},
    {"fd_advise", "iIIi", true, wasi_fd_advise, args_fd_advise, {-1, -1}},
    {"fd_allocate", "iII", true, wasi_fd_allocate, args_fd_allocate, {-1, -1}},
    {"fd_close", "i", true, wasi_fd_close, args_fd_close, {-1, -1}},
    {"fd_datasync", "i", true, wasi_fd_datasync, args_fd_datasync, {-1, -1}},
    {"fd_fdstat_get", "ii", true, wasi_fd_fdstat_get, args_fd_fdstat_get, {-1, -1}},
    {"fd_fdstat_set_flags", "ii", true, wasi_fd_fdstat_set_flags, args_fd_fdstat_set_flags, {-1, -1}},
    {"fd_fdstat_set_rights", "iII", true, wasi_fd_fdstat_set_rights, args_fd_fdstat_set_rights, {-1, -1}},
    {"fd_filestat_get", "ii", true, wasi_fd_filestat_get, args_fd_filestat_get, {-1, -1}},
    {"fd_filestat_set_size", "iI", true, wasi_fd_filestat_set_size, args_fd_filestat_set_size, {-1, -1}},
    {"fd_filestat_set_times", "iIIi", true, wasi_fd_filestat_set_times, args_fd_filestat_set_times, {-1, -1}},
    {"fd_pread", "iiiIi", true, wasi_fd_pread, args_fd_pread, {-1, -1}},
    {"fd_prestat_get", "ii", true, wasi_fd_prestat_get, args_fd_prestat_get, {-1, -1}},
    {"fd_prestat_dir_name", "iii", true, wasi_fd_prestat_dir_name, args_fd_prestat_dir_name, {-1, -1}},
    {"fd_pwrite", "iiiIi", true, wasi_fd_pwrite, args_fd_pwrite, {-1, -1}},
    {"fd_read", "iiii", true, wasi_fd_read, args_fd_read, {-1, -1}},
    {"fd_readdir", "iiiIi", true, wasi_fd_readdir, args_fd_readdir, {-1, -1}},
    {"fd_renumber", "ii", true, wasi_fd_renumber, args_fd_renumber, {-1, -1}},
    {"fd_seek", "iIii", true, wasi_fd_seek, args_fd_seek, {-1, -1}},
    {"fd_sync", "i", true, wasi_fd_sync, args_fd_sync, {-1, -1}},
    {"fd_tell", "ii", true, wasi_fd_tell, args_fd_tell, {-1, -1}},
    {"fd_write", "iiii", true, wasi_fd_write, args_fd_write, {-1, -1}},
    {"path_create_directory", "iii", true, wasi_path_create_directory, args_path_create_directory, {1, -1}},
    {"path_filestat_get", "iiiii", true, wasi_path_filestat_get, args_path_filestat_get, {2, -1}},
    {"path_filestat_set_times", "iiiiIIi", true, wasi_path_filestat_set_times, args_path_filestat_set_times, {2, -1}},
    {"path_link", "iiiiiii", true, wasi_path_link, args_path_link, {2, 5}},
    {"path_open", "iiiiiIIii", true, wasi_path_open, args_path_open, {2, -1}},
    {"path_readlink", "iiiiii", true, wasi_path_readlink, args_path_readlink, {1, -1}},
    {"path_remove_directory", "iii", true, wasi_path_remove_directory, args_path_remove_directory, {1, -1}},
    {"path_rename", "iiiiii", true, wasi_path_rename, args_path_rename, {1, 4}},
    {"path_symlink", "iiiii", true, wasi_path_symlink, args_path_symlink, {0, 3}},
    {"path_unlink_file", "iii", true, wasi_path_unlink_file, args_path_unlink_file, {1, -1}},
    {"poll_oneoff", "iiii", true, wasi_poll_oneoff, args_poll_oneoff, {-1, -1}},
    {"proc_exit", "i", false, wasi_proc_exit, args_proc_exit, {-1, -1}},
    {"proc_raise", "i", true, wasi_proc_raise, args_proc_raise, {-1, -1}},
    {"sched_yield", "", true, wasi_sched_yield, NULL, {-1, -1}},
    {"random_get", "ii", true, wasi_random_get, args_random_get, {-1, -1}},
    {"sock_accept", "iii", true, wasi_sock_accept, args_sock_accept, {-1, -1}},
    {"sock_recv", "iiiiii", true, wasi_sock_recv, args_sock_recv, {-1, -1}},
    {"sock_send", "iiiii", true, wasi_sock_send, args_sock_send, {-1, -1}},
    {"sock_shutdown", "ii", true, wasi_sock_shutdown, args_sock_shutdown, {-1, -1}},
};

const size_t wasi_import_count = sizeof wasi_imports / sizeof wasi_imports[0];
