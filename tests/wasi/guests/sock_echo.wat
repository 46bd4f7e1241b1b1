;; A guest for the socket tests: accept one connection on the first preopened socket, read a
;; line with sock_recv, send it back upper-cased with sock_send, shut down and close.
;; Memory: accepted fd at 0, iovec at 16, ro_datalen at 32, ro_flags at 36, so_datalen at 40,
;; fdstat at 64, the line at 1024.
(module
  (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func $shutdown (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)

  ;; The lowest fd from 3 up whose filetype is socket_stream (6), or -1.
  (func $find_socket (result i32)
    (local $fd i32)
    (local.set $fd (i32.const 3))
    (loop $next
      (if (call $fdstat (local.get $fd) (i32.const 64))
        (then (return (i32.const -1))))
      (if (i32.eq (i32.load8_u (i32.const 64)) (i32.const 6))
        (then (return (local.get $fd))))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br $next))
    (unreachable))

  ;; One blocking sock_accept: the new fd, or minus the errno.
  (func $accept_once (export "accept_once") (result i32)
    (local $err i32)
    (local.set $err (call $accept (call $find_socket) (i32.const 0) (i32.const 0)))
    (if (result i32) (local.get $err)
      (then (i32.sub (i32.const 0) (local.get $err)))
      (else (i32.load (i32.const 0)))))

  ;; Exit codes: 100 + errno when the accept fails, 2..6 for the step that failed.
  (func (export "_start")
    (local $conn i32) (local $len i32) (local $n i32) (local $i i32) (local $c i32)
    (local.set $conn (call $accept_once))
    (if (i32.lt_s (local.get $conn) (i32.const 0))
      (then (call $exit (i32.sub (i32.const 100) (local.get $conn)))))
    ;; Read until the line ends, the stream ends or the buffer is full.
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $len) (i32.const 1024)))
        (i32.store (i32.const 16) (i32.add (i32.const 1024) (local.get $len)))
        (i32.store (i32.const 20) (i32.sub (i32.const 1024) (local.get $len)))
        (if (call $recv (local.get $conn) (i32.const 16) (i32.const 1) (i32.const 0)
                        (i32.const 32) (i32.const 36))
          (then (call $exit (i32.const 2))))
        (local.set $n (i32.load (i32.const 32)))
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $len (i32.add (local.get $len) (local.get $n)))
        (br_if $done (i32.eq (i32.load8_u (i32.add (i32.const 1023) (local.get $len)))
                             (i32.const 10)))
        (br $more)))
    (block $upper_done
      (loop $upper
        (br_if $upper_done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))
          (then (i32.store8 (i32.add (i32.const 1024) (local.get $i))
                            (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $upper)))
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (local.get $len))
    (if (call $send (local.get $conn) (i32.const 16) (i32.const 1) (i32.const 0) (i32.const 40))
      (then (call $exit (i32.const 3))))
    (if (i32.ne (i32.load (i32.const 40)) (local.get $len))
      (then (call $exit (i32.const 4))))
    (if (call $shutdown (local.get $conn) (i32.const 2))
      (then (call $exit (i32.const 5))))
    (if (call $close (local.get $conn))
      (then (call $exit (i32.const 6))))))
