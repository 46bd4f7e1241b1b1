/* Every wasi_snapshot_preview1 function, as the table in wasi_table.c calls it:
 * arguments in the witx order, widened to 64 bits. */
#ifndef WR_WASI_HANDLERS_H
#define WR_WASI_HANDLERS_H

#include "wasi/state.h"

uint16_t wasi_args_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_args_sizes_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_environ_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_environ_sizes_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_clock_res_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_clock_time_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_advise(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_allocate(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_close(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_datasync(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_fdstat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_fdstat_set_flags(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_fdstat_set_rights(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_filestat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_filestat_set_size(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_filestat_set_times(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_pread(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_prestat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_prestat_dir_name(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_pwrite(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_read(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_readdir(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_renumber(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_seek(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_sync(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_tell(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_fd_write(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_create_directory(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_filestat_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_filestat_set_times(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_link(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_open(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_readlink(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_remove_directory(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_rename(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_symlink(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_path_unlink_file(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_poll_oneoff(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_proc_exit(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_proc_raise(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_sched_yield(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_random_get(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_sock_accept(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_sock_recv(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_sock_send(wr_wasi *w, const guest_mem *m, const uint64_t *a);
uint16_t wasi_sock_shutdown(wr_wasi *w, const guest_mem *m, const uint64_t *a);

/* Write a filestat in the ABI layout (FILESTAT_SIZE bytes). */
void wasi_put_filestat(uint8_t *p, const wasi_filestat *st);

#endif
