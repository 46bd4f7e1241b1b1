/*
 * A real guest (guests/sock_echo.wat) on a preopened loopback socket: it accepts one client,
 * which gets its line back upper-cased; a blocking sock_accept woken by wr_wasi_wake, or
 * trapped by an interrupt; and the same echo through `wr run --tcplisten`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "check.h"
#include "guest_util.h"
#include "sock_util.h"
#include "test_util.h"
#include "wasi/abi.h"
#include "wasi/state.h"

static check_counts counts;

static const char LINE[] = "hello, World 42\n";
static const char REPLY[] = "HELLO, WORLD 42\n";

/* An instance of the guest with a new loopback listener preopened; its port in *port. */
static bool guest_start(guest *g, const uint8_t *wasm, size_t len, uint16_t *port)
{
    int lfd = loopback_listener(port);
    CHECK_EQ(&counts, lfd >= 0, 1);
    if (lfd < 0)
        return false;
    guest_begin(g);
    CHECK_EQ(&counts, wr_wasi_config_preopen_socket(g->cfg, lfd), 1);
    bool started = guest_finish(g, wasm, len, &counts);
    close(lfd); /* the instance holds its own duplicate */
    return started;
}

typedef struct run {
    guest *g;
    int exit_code;
    wr_error *error;
} run;

static void *run_start(void *arg)
{
    run *r = arg;
    r->error = wr_wasi_run_start(r->g->wasi, r->g->instance, &r->exit_code);
    return NULL;
}

/* Connect, send LINE, and check that REPLY and then the end of the stream come back. */
static bool client_round_trip(uint16_t port)
{
    int fd = loopback_client(port);
    CHECK_EQ(&counts, fd >= 0, 1);
    if (fd < 0)
        return false;
    char reply[64];
    bool sent = send_text(fd, LINE);
    size_t len = sent ? read_all(fd, reply, sizeof reply) : 0;
    close(fd);
    CHECK_EQ(&counts, sent, 1);
    CHECK_EQ(&counts, len, strlen(REPLY));
    CHECK_EQ(&counts, len == strlen(REPLY) && memcmp(reply, REPLY, len) == 0, 1);
    return len == strlen(REPLY);
}

static void echo(const uint8_t *wasm, size_t len)
{
    printf("the guest echoes a client's line upper-cased\n");
    uint16_t port;
    guest g;
    if (!guest_start(&g, wasm, len, &port))
        return;
    run r = {&g, -1, NULL};
    pthread_t t;
    if (pthread_create(&t, NULL, run_start, &r) != 0) {
        counts.failed++;
        guest_end(&g);
        return;
    }
    if (!client_round_trip(port)) { /* the guest may still wait for a client: stop it */
        wr_store_interrupt(g.store);
        wr_wasi_wake(g.wasi);
    }
    pthread_join(t, NULL);
    if (r.error)
        printf("guest: %s\n", wr_error_message(r.error));
    CHECK_EQ(&counts, r.error == NULL, 1);
    CHECK_EQ(&counts, r.exit_code, 0);
    wr_error_free(r.error);
    guest_end(&g);
}

typedef struct later {
    guest *g;
    bool interrupt;
} later;

/* After 50 ms, so that the guest is blocked by then. */
static void *wake_later(void *arg)
{
    later *l = arg;
    usleep(50 * 1000);
    if (l->interrupt)
        wr_store_interrupt(l->g->store);
    wr_wasi_wake(l->g->wasi);
    return NULL;
}

/* accept_once while another thread wakes (and maybe interrupts) the guest. */
static int32_t accept_while_woken(guest *g, bool interrupt)
{
    later l = {g, interrupt};
    pthread_t t;
    if (pthread_create(&t, NULL, wake_later, &l) != 0) {
        counts.failed++;
        return 0;
    }
    uint64_t start = now_ms();
    wr_val result = {0};
    wr_error *e = wr_func_call(g->store, wr_instance_func(g->instance, "accept_once"), NULL, 0,
                               &result, 1);
    pthread_join(t, NULL);
    CHECK_EQ(&counts, now_ms() - start < 5000, 1);
    int32_t r = result.of.i32;
    if (e)
        r = INT32_MIN + (int32_t)wr_error_trap_kind(e);
    wr_error_free(e);
    return r;
}

static void wakeups(const uint8_t *wasm, size_t len)
{
    printf("a blocking sock_accept woken by a wake, stopped by an interrupt\n");
    uint16_t port;
    guest g;
    if (!guest_start(&g, wasm, len, &port))
        return;
    CHECK_EQ(&counts, accept_while_woken(&g, false), -WASI_EINTR);
    CHECK_EQ(&counts, accept_while_woken(&g, true), INT32_MIN + WR_TRAP_INTERRUPTED);
    wr_store_clear_interrupt(g.store);
    wr_wasi_clear_wake(g.wasi);
    /* Still usable: a waiting client is accepted at once (fd 4: stdio, then the listener). */
    int client = loopback_client(port);
    CHECK_EQ(&counts, client >= 0, 1);
    wr_val result = {0};
    wr_error *e = wr_func_call(g.store, wr_instance_func(g.instance, "accept_once"), NULL, 0,
                               &result, 1);
    CHECK_EQ(&counts, e == NULL, 1);
    CHECK_EQ(&counts, result.of.i32, 4);
    wr_error_free(e);
    if (client >= 0)
        close(client);
    guest_end(&g);
}

/* The exit status of pid, killing it when it is still running after the time limit. */
static int wait_child(pid_t pid)
{
    int status = 0;
    uint64_t give_up = now_ms() + SOCK_TEST_TIMEOUT_S * 1000;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (now_ms() > give_up) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        usleep(10 * 1000);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_cli(char *const argv[])
{
    pid_t pid;
    if (posix_spawn(&pid, argv[0], NULL, NULL, argv, environ) != 0)
        return -1;
    return wait_child(pid);
}

/* A client of a server that may not be listening yet. */
static int client_with_retries(uint16_t port)
{
    uint64_t give_up = now_ms() + SOCK_TEST_TIMEOUT_S * 1000;
    int fd;
    while ((fd = loopback_client(port)) < 0 && now_ms() < give_up)
        usleep(20 * 1000);
    return fd;
}

static void cli(void)
{
    printf("wr run --tcplisten\n");
    /* A port that was free a moment ago; wr binds it again (SO_REUSEADDR). */
    uint16_t port;
    int probe = loopback_listener(&port);
    CHECK_EQ(&counts, probe >= 0, 1);
    if (probe < 0)
        return;
    close(probe);
    char addr[32];
    snprintf(addr, sizeof addr, "127.0.0.1:%u", (unsigned)port);
    char *argv[] = {WR_CLI, "run", "--tcplisten", addr, WASI_GUESTS_DIR "/sock_echo.wasm", NULL};
    pid_t pid;
    CHECK_EQ(&counts, posix_spawn(&pid, WR_CLI, NULL, NULL, argv, environ), 0);
    int fd = client_with_retries(port);
    CHECK_EQ(&counts, fd >= 0, 1);
    if (fd >= 0) {
        char reply[64];
        CHECK_EQ(&counts, send_text(fd, LINE), 1);
        size_t len = read_all(fd, reply, sizeof reply);
        CHECK_EQ(&counts, len == strlen(REPLY) && memcmp(reply, REPLY, len) == 0, 1);
        close(fd);
    }
    CHECK_EQ(&counts, wait_child(pid), 0);

    char *bad[] = {WR_CLI, "run", "--tcplisten", "no-port", WASI_GUESTS_DIR "/sock_echo.wasm", NULL};
    CHECK_EQ(&counts, run_cli(bad), 2);
}

int main(void)
{
    size_t len;
    uint8_t *wasm = load_guest(WASI_GUESTS_DIR "/sock_echo.wasm", &len);
    CHECK_EQ(&counts, wasm != NULL && len > 0, 1);
    if (wasm) {
        echo(wasm, len);
        wakeups(wasm, len);
    }
    free(wasm);
    cli();
    return check_report(&counts);
}
