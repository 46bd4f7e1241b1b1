// C++ exceptions as clang-19 compiles them with -fwasm-exceptions (built by ../build.sh, run
// by ../../guests_test.sh against the same source built natively): a throw several frames
// down, destructors run on the way up, catch by type and by base class, a clause that does
// not match passed by, catch by value, rethrow, catch (...), and with the argument
// "uncaught" an exception leaving main (std::terminate natively; an uncaught exception, exit
// status 134, in wr). Each step prints what happened, so the whole output is compared.
#include <cstdio>
#include <cstring>
#include <stdexcept>

static bool verbose = true;

struct Guard {
    int id;
    explicit Guard(int i) : id(i) {}
    ~Guard()
    {
        if (verbose)
            std::printf("~Guard %d\n", id);
    }
};

struct Failure {
    int code;
};

// Copied into a by-value handler and destroyed twice: the exception object at the end of
// the handler, the handler's copy before that.
struct Tracked {
    int value;
    explicit Tracked(int v) : value(v) { std::printf("Tracked(%d)\n", value); }
    Tracked(const Tracked &other) : value(other.value + 1) { std::printf("copy -> %d\n", value); }
    ~Tracked() { std::printf("~Tracked(%d)\n", value); }
};

__attribute__((noinline)) static int descend(int depth, int code)
{
    Guard g(depth);
    if (depth == 0) {
        if (code < 0)
            throw std::runtime_error("negative code");
        if (code == 0)
            throw 7;
        throw Failure{code};
    }
    return descend(depth - 1, code) + 1;
}

static int catch_by_type(int depth, int code)
{
    try {
        return descend(depth, code);
    } catch (const Failure &f) {
        std::printf("caught Failure %d\n", f.code);
        return f.code;
    } catch (const std::exception &e) {
        std::printf("caught std::exception: %s\n", e.what());
        return -1;
    } catch (...) {
        std::printf("caught something else\n");
        return -2;
    }
}

// A frame whose clause does not take the exception: its cleanup runs, the exception goes on.
__attribute__((noinline)) static int pass_by(int code)
{
    Guard g(50);
    try {
        return descend(3, code);
    } catch (const std::logic_error &e) {
        std::printf("wrong: caught logic_error %s\n", e.what());
        return 0;
    }
}

static int passed_up(int code)
{
    try {
        return pass_by(code);
    } catch (const std::runtime_error &e) {
        std::printf("caught runtime_error after pass_by: %s\n", e.what());
        return -3;
    } catch (Failure f) {
        std::printf("caught Failure by value %d\n", f.code);
        return f.code;
    }
}

static int rethrow_once(int code)
{
    try {
        try {
            Guard g(100);
            descend(2, code);
        } catch (Failure &f) {
            std::printf("rethrowing %d\n", f.code);
            f.code *= 10;
            throw;
        }
    } catch (Failure &f) {
        std::printf("caught rethrown %d\n", f.code);
        return f.code;
    }
    return 0;
}

static int by_value()
{
    try {
        Guard g(200);
        throw Tracked(5);
    } catch (Tracked t) {
        std::printf("caught Tracked by value %d\n", t.value);
        return t.value;
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && !std::strcmp(argv[1], "uncaught")) {
        std::printf("throwing past main\n");
        std::fflush(stdout);
        descend(3, 5);
        return 0;
    }
    std::printf("%d\n", catch_by_type(3, 42));
    std::printf("%d\n", catch_by_type(2, -1));
    std::printf("%d\n", catch_by_type(1, 0));
    std::printf("%d\n", passed_up(-1));
    std::printf("%d\n", passed_up(8));
    std::printf("%d\n", rethrow_once(9));
    std::printf("%d\n", by_value());
    // Many throws through frames of different depths: no exception outlives its handler.
    verbose = false;
    long sum = 0;
    for (int i = 1; i <= 10000; i++) {
        try {
            descend(i % 7, i);
        } catch (Failure &f) {
            sum += f.code;
        }
    }
    std::printf("sum %ld\n", sum);
    return 0;
}
