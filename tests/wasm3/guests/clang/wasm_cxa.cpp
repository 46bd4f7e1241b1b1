/* The C++ exception runtime the clang-built guests link, because Debian's libc++abi for
 * wasm32 (libc++abi-19-dev-wasm32, 1:19.1.7) is built without exceptions: its archive has
 * cxa_noexception.o in place of cxa_exception.o and cxa_personality.o, so it defines no
 * __cxa_allocate_exception, __cxa_throw, __cxa_begin_catch, __cxa_end_catch, __cxa_rethrow
 * or personality, and Debian packages no libunwind for wasm32 (_Unwind_CallPersonality,
 * __wasm_lpad_context). This file supplies exactly those, for code built with
 * -fwasm-exceptions, single-threaded:
 *
 * - A throw allocates a header in front of the object and throws the header's address with
 *   the C++ tag (__builtin_wasm_throw(0, ...), the tag wasm-ld names __cpp_exception).
 * - A catch pad stores its landing-pad index and its function's LSDA (the exception table,
 *   in the form LLVM emits for WebAssembly: one call-site record per landing pad, in order,
 *   each a ULEB128 landing pad and a ULEB128 action) in __wasm_lpad_context, then calls
 *   _Unwind_CallPersonality, which walks that pad's action chain and stores the type-table
 *   index of the first clause that takes the exception in the context's selector (0: none;
 *   the pad then rethrows). Types match by libc++abi's own type_info classes (can_catch),
 *   so derived-to-base and qualification conversions are C++'s.
 * - Caught exceptions form a stack; a handler count per exception, negated while it is
 *   rethrown, decides when __cxa_end_catch destroys it (the Itanium C++ ABI's scheme).
 *
 * Not here: exception specifications (negative type indices; C++17 has none but throw()),
 * std::exception_ptr, foreign exceptions (a catch pad only receives the C++ tag). */
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <typeinfo>

namespace __cxxabiv1 {
/* The base of libc++abi's type_info classes, declared with its virtual functions in its
 * order so that calls bind to libc++abi's definitions (private_typeinfo.o). */
class __shim_type_info : public std::type_info {
public:
    ~__shim_type_info() override;
    virtual void noop1() const;
    virtual void noop2() const;
    virtual bool can_catch(const __shim_type_info *thrown_type, void *&adjusted_ptr) const = 0;
};
} // namespace __cxxabiv1

namespace {

using __cxxabiv1::__shim_type_info;

/* In front of each thrown object; 16-byte aligned so the object keeps the largest
 * alignment malloc gives. */
struct alignas(16) Exception {
    const std::type_info *type;
    void *(*destructor)(void *); /* in wasm's C++ ABI a destructor returns its argument */
    Exception *next_caught;
    int handlers;   /* active catch clauses; negative while rethrown */
    void *adjusted; /* the object as the matching clause sees it (a base subobject) */
};

Exception *caught; /* the exceptions being handled, innermost first */

void *object_of(Exception *x) { return x + 1; }

[[noreturn]] void fail(const char *why)
{
    std::fprintf(stderr, "wasm_cxa: %s\n", why);
    std::abort();
}

/* A LEB128 number at *p, moving *p past it; sign-extended from its last byte when signed_. */
uintptr_t read_leb(const uint8_t **p, bool signed_)
{
    uintptr_t value = 0;
    unsigned shift = 0;
    uint8_t byte;
    do {
        byte = *(*p)++;
        value |= (uintptr_t)(byte & 0x7f) << shift;
        shift += 7;
    } while (byte & 0x80);
    if (signed_ && (byte & 0x40) && shift < 8 * sizeof value)
        value |= ~(uintptr_t)0 << shift;
    return value;
}

/* DWARF pointer encodings (the low nibble is the format): the ones LLVM emits for wasm32. */
enum { PE_ABSPTR = 0x00, PE_ULEB128 = 0x01, PE_UDATA4 = 0x03, PE_SDATA4 = 0x0b, PE_OMIT = 0xff };

size_t encoded_size(uint8_t encoding)
{
    switch (encoding & 0x0f) {
    case PE_ABSPTR: return sizeof(uintptr_t);
    case PE_UDATA4: case PE_SDATA4: return 4;
    default: fail("unsupported type-table encoding in an LSDA");
    }
}

uintptr_t read_encoded(const uint8_t **p, uint8_t encoding)
{
    if ((encoding & 0x0f) == PE_ULEB128)
        return read_leb(p, false);
    if ((encoding & 0xf0) != 0) /* pc-relative, indirect...: no such thing in wasm32 */
        fail("unsupported pointer encoding in an LSDA");
    uint32_t value;
    size_t size = encoded_size(encoding);
    std::memcpy(&value, *p, size);
    *p += size;
    return value;
}

/* Whether a catch clause for catch_type (null: catch (...)) takes x; sets x->adjusted. */
bool takes(const std::type_info *catch_type, Exception *x)
{
    void *adjusted = object_of(x);
    if (catch_type && !static_cast<const __shim_type_info *>(catch_type)->can_catch(
                          static_cast<const __shim_type_info *>(x->type), adjusted))
        return false;
    x->adjusted = adjusted;
    return true;
}

void destroy(Exception *x)
{
    if (x->destructor)
        x->destructor(object_of(x));
    std::free(x);
}

} // namespace

extern "C" {

/* What a catch pad tells the personality, and what it reads back (LLVM's layout). */
struct LandingPadContext {
    uintptr_t lpad_index;
    uintptr_t lsda;
    uintptr_t selector;
};
LandingPadContext __wasm_lpad_context;

enum { URC_HANDLER_FOUND = 6, URC_CONTINUE_UNWIND = 8 };

int _Unwind_CallPersonality(void *thrown)
{
    Exception *x = static_cast<Exception *>(thrown);
    __wasm_lpad_context.selector = 0;
    const uint8_t *p = reinterpret_cast<const uint8_t *>(__wasm_lpad_context.lsda);
    if (!p)
        return URC_CONTINUE_UNWIND;
    uint8_t lp_start_encoding = *p++;
    if (lp_start_encoding != PE_OMIT)
        read_encoded(&p, lp_start_encoding);
    uint8_t type_encoding = *p++;
    const uint8_t *type_table_end = nullptr;
    if (type_encoding != PE_OMIT) {
        uintptr_t offset = read_leb(&p, false);
        type_table_end = p + offset;
    }
    uint8_t site_encoding = *p++;
    uintptr_t sites_length = read_leb(&p, false);
    const uint8_t *actions = p + sites_length;
    uintptr_t action = 0;
    for (uintptr_t site = 0;; site++) {
        if (p >= actions)
            fail("landing pad index past the LSDA's call-site table");
        read_encoded(&p, site_encoding); /* the landing pad: the record's position says it */
        action = read_leb(&p, false);
        if (site == __wasm_lpad_context.lpad_index)
            break;
    }
    if (action == 0) /* cleanups only */
        return URC_CONTINUE_UNWIND;
    const uint8_t *record = actions + action - 1;
    for (;;) {
        intptr_t type_index = (intptr_t)read_leb(&record, true);
        if (type_index < 0)
            fail("exception specifications are not supported");
        if (type_index > 0) {
            if (!type_table_end)
                fail("a catch clause without a type table in an LSDA");
            const uint8_t *entry = type_table_end - (uintptr_t)type_index * encoded_size(type_encoding);
            auto catch_type = reinterpret_cast<const std::type_info *>(
                read_encoded(&entry, type_encoding));
            if (takes(catch_type, x)) {
                __wasm_lpad_context.selector = (uintptr_t)type_index;
                return URC_HANDLER_FOUND;
            }
        }
        const uint8_t *next = record;
        intptr_t offset = (intptr_t)read_leb(&next, true);
        if (offset == 0)
            return URC_CONTINUE_UNWIND;
        record += offset;
    }
}

void *__cxa_allocate_exception(size_t size) noexcept
{
    void *header = std::malloc(sizeof(Exception) + size);
    if (!header)
        std::terminate();
    std::memset(header, 0, sizeof(Exception));
    return object_of(static_cast<Exception *>(header));
}

void __cxa_free_exception(void *object) noexcept
{
    std::free(static_cast<Exception *>(object) - 1);
}

[[noreturn]] void __cxa_throw(void *object, std::type_info *type, void *(*destructor)(void *))
{
    Exception *x = static_cast<Exception *>(object) - 1;
    x->type = type;
    x->destructor = destructor;
    x->adjusted = object;
    __builtin_wasm_throw(0, x);
}

void *__cxa_get_exception_ptr(void *thrown) noexcept
{
    return static_cast<Exception *>(thrown)->adjusted;
}

void *__cxa_begin_catch(void *thrown) noexcept
{
    Exception *x = static_cast<Exception *>(thrown);
    if (x != caught) {
        x->next_caught = caught;
        caught = x;
    }
    x->handlers = (x->handlers < 0 ? -x->handlers : x->handlers) + 1;
    return x->adjusted;
}

void __cxa_end_catch()
{
    Exception *x = caught;
    if (!x)
        return;
    if (x->handlers < 0) { /* rethrown: it lives on, no longer caught here */
        if (++x->handlers == 0)
            caught = x->next_caught;
    } else if (--x->handlers == 0) {
        caught = x->next_caught;
        destroy(x);
    }
}

[[noreturn]] void __cxa_rethrow()
{
    Exception *x = caught;
    if (!x)
        std::terminate();
    x->handlers = -x->handlers;
    __builtin_wasm_throw(0, x);
}

} // extern "C"
