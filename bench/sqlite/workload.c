/*
 * The SQLite benchmark's workload (see workload.h): an order book of customers and orders in
 * an in-memory database, filled from a fixed pseudo-random sequence, then queried, updated
 * and checked. Every line of the report is computed by SQLite (its text rendering of numbers
 * included) or counted here, so the native and wasm builds must print the same bytes. The C
 * side keeps each order's customer, item and quantity, and every count SQLite returns that
 * can be derived from them is compared with its own: a wrong answer is an error, not just a
 * different checksum.
 */
#include "workload.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"

#define ITEMS 5000u          /* distinct item names */
#define REGIONS 8u
#define CUSTOMER_ORDERS 20u  /* orders per customer, on average */
#define BATCH 10000u         /* orders per insert transaction */
#define MAX_QTY 20u
#define LINE_MAX_LEN 512

typedef struct work {
    sqlite3 *db;
    workload_out_fn out;
    void *user;
    int status;               /* 0 while all is well, then what workload_run returns */
    uint32_t rng;
    uint32_t rows, customers;
    /* What C knows of order id (index id - 1); qty 0 marks a deleted order. */
    uint32_t *customer_of;
    uint16_t *item_of;
    uint8_t *qty_of;
} work;

/* xorshift32: the same sequence everywhere. */
static uint32_t next_random(work *w, uint32_t bound)
{
    uint32_t x = w->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    w->rng = x;
    return x % bound;
}

/* FNV-1a over a text, continuing from hash. */
static uint32_t hash_text(uint32_t hash, const unsigned char *text)
{
    for (; text && *text; text++)
        hash = (hash ^ *text) * 16777619u;
    return hash;
}

static void report(work *w, const char *fmt, ...)
{
    if (w->status == 2)
        return;
    char line[LINE_MAX_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (w->out(w->user, line) != 0)
        w->status = 2;
}

/* Records the first failure; later steps see w->status and do nothing. */
static void fail(work *w, const char *fmt, ...)
{
    if (w->status)
        return;
    char reason[LINE_MAX_LEN - 16];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof reason, fmt, ap);
    va_end(ap);
    report(w, "error: %s\n", reason);
    if (!w->status)
        w->status = 1;
}

static void fail_sqlite(work *w, const char *what)
{
    fail(w, "%s: %s", what, sqlite3_errmsg(w->db));
}

static void exec(work *w, const char *sql)
{
    if (!w->status && sqlite3_exec(w->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_sqlite(w, sql);
}

static sqlite3_stmt *prepare(work *w, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (!w->status && sqlite3_prepare_v2(w->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        fail_sqlite(w, sql);
    return stmt;
}

/* Steps stmt once; true when it produced a row. */
static bool step_row(work *w, sqlite3_stmt *stmt, const char *what)
{
    if (w->status || !stmt)
        return false;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        fail_sqlite(w, what);
    return false;
}

/* Runs a statement to its end and returns how many rows it changed. */
static uint64_t run_changes(work *w, const char *sql)
{
    sqlite3_stmt *stmt = prepare(w, sql);
    while (step_row(w, stmt, sql)) {
    }
    sqlite3_finalize(stmt);
    return w->status ? 0 : (uint64_t)sqlite3_changes64(w->db);
}

/* The one integer a query returns. */
static int64_t query_int(work *w, const char *sql)
{
    sqlite3_stmt *stmt = prepare(w, sql);
    int64_t value = step_row(w, stmt, sql) ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    return value;
}

/* Hashes every row of a query, columns separated by '|'; returns the row count. */
static uint64_t hash_query(work *w, const char *sql, uint32_t *hash)
{
    sqlite3_stmt *stmt = prepare(w, sql);
    uint64_t count = 0;
    *hash = 2166136261u;
    while (step_row(w, stmt, sql)) {
        for (int c = 0; c < sqlite3_column_count(stmt); c++)
            *hash = hash_text(hash_text(*hash, sqlite3_column_text(stmt, c)),
                              (const unsigned char *)"|");
        count++;
    }
    sqlite3_finalize(stmt);
    return count;
}

static void expect(work *w, const char *what, uint64_t got, uint64_t expected)
{
    if (!w->status && got != expected)
        fail(w, "%s: SQLite says %llu, expected %llu", what, (unsigned long long)got,
             (unsigned long long)expected);
}

static void item_name(uint32_t item, char *out, size_t size)
{
    snprintf(out, size, "item-%04u", (unsigned)item);
}

static void create_and_fill(work *w)
{
    exec(w, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " region INTEGER NOT NULL);"
            "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER NOT NULL"
            " REFERENCES customers, item TEXT NOT NULL, qty INTEGER NOT NULL,"
            " price REAL NOT NULL);");
    exec(w, "BEGIN");
    sqlite3_stmt *stmt = prepare(w, "INSERT INTO customers VALUES (?1, ?2, ?3)");
    for (uint32_t id = 1; id <= w->customers && !w->status; id++) {
        char name[32];
        snprintf(name, sizeof name, "customer-%u", (unsigned)id);
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 3, next_random(w, REGIONS));
        step_row(w, stmt, "insert a customer");
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    exec(w, "COMMIT");

    uint32_t transactions = 0;
    stmt = prepare(w, "INSERT INTO orders VALUES (?1, ?2, ?3, ?4, ?5)");
    for (uint32_t id = 1; id <= w->rows && !w->status; id++) {
        if (id % BATCH == 1) {
            exec(w, "BEGIN");
            transactions++;
        }
        uint32_t i = id - 1;
        w->customer_of[i] = 1 + next_random(w, w->customers);
        w->item_of[i] = (uint16_t)next_random(w, ITEMS);
        w->qty_of[i] = (uint8_t)(1 + next_random(w, MAX_QTY));
        char item[16];
        item_name(w->item_of[i], item, sizeof item);
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_int64(stmt, 2, w->customer_of[i]);
        sqlite3_bind_text(stmt, 3, item, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 4, w->qty_of[i]);
        sqlite3_bind_double(stmt, 5, (double)(100 + next_random(w, 99900)) / 100.0);
        step_row(w, stmt, "insert an order");
        sqlite3_reset(stmt);
        if (id % BATCH == 0 || id == w->rows)
            exec(w, "COMMIT");
    }
    sqlite3_finalize(stmt);
    exec(w, "CREATE INDEX orders_item ON orders(item);"
            "CREATE INDEX orders_customer ON orders(customer, qty);");
    report(w, "insert: %u customers, %u orders in %u transactions, 2 indexes, %lld pages\n",
           (unsigned)w->customers, (unsigned)w->rows, (unsigned)transactions,
           (long long)query_int(w, "PRAGMA page_count"));
}

/* The sum of the quantities C knows, and how many orders are left. */
static uint64_t known_qty(const work *w, uint64_t *orders)
{
    uint64_t total = 0;
    *orders = 0;
    for (uint32_t i = 0; i < w->rows; i++) {
        total += w->qty_of[i];
        *orders += w->qty_of[i] != 0;
    }
    return total;
}

static void check_totals(work *w, const char *when)
{
    sqlite3_stmt *stmt = prepare(w, "SELECT count(*), sum(qty) FROM orders");
    if (!step_row(w, stmt, "count the orders")) {
        sqlite3_finalize(stmt);
        return;
    }
    uint64_t orders, qty = known_qty(w, &orders);
    char what[64];
    snprintf(what, sizeof what, "orders %s", when);
    expect(w, what, (uint64_t)sqlite3_column_int64(stmt, 0), orders);
    snprintf(what, sizeof what, "total quantity %s", when);
    expect(w, what, (uint64_t)sqlite3_column_int64(stmt, 1), qty);
    sqlite3_finalize(stmt);
}

/* Point queries through the item index, each checked against C's count of that item. */
static void lookups(work *w)
{
    uint32_t *per_item = calloc(ITEMS, sizeof *per_item);
    if (!per_item) {
        fail(w, "out of memory");
        return;
    }
    for (uint32_t i = 0; i < w->rows; i++)
        per_item[w->item_of[i]]++;
    sqlite3_stmt *stmt =
        prepare(w, "SELECT count(*), sum(qty), max(price) FROM orders WHERE item = ?1");
    uint32_t queries = w->rows / 2, hash = 2166136261u;
    uint64_t matched = 0;
    for (uint32_t q = 0; q < queries && !w->status; q++) {
        uint32_t item = next_random(w, ITEMS);
        char name[16];
        item_name(item, name, sizeof name);
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_TRANSIENT);
        if (step_row(w, stmt, "look up an item")) {
            expect(w, name, (uint64_t)sqlite3_column_int64(stmt, 0), per_item[item]);
            matched += per_item[item];
            for (int c = 0; c < 3; c++)
                hash = hash_text(hash, sqlite3_column_text(stmt, c));
        }
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    free(per_item);
    report(w, "lookup: %u queries by item, %llu orders matched, checksum %08x\n",
           (unsigned)queries, (unsigned long long)matched, (unsigned)hash);
}

/* Range scans of the (customer, qty) index: ten customers at a time, large orders only. */
static void ranges(work *w)
{
    sqlite3_stmt *stmt = prepare(w, "SELECT count(*), sum(qty) FROM orders"
                                    " WHERE customer BETWEEN ?1 AND ?1 + 9 AND qty > 15");
    uint32_t queries = w->customers, hash = 2166136261u;
    for (uint32_t q = 0; q < queries && !w->status; q++) {
        sqlite3_bind_int64(stmt, 1, 1 + next_random(w, w->customers));
        if (step_row(w, stmt, "scan a range of customers"))
            for (int c = 0; c < 2; c++)
                hash = hash_text(hash, sqlite3_column_text(stmt, c));
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    report(w, "range: %u scans by customer, checksum %08x\n", (unsigned)queries,
           (unsigned)hash);
}

/* A join and group-by per region, printed as SQLite renders it. */
static void regions(work *w)
{
    static const char sql[] =
        "SELECT c.region, count(*), sum(o.qty), printf('%.2f', sum(o.qty * o.price)),"
        " min(o.price), max(o.price), round(avg(o.price), 4)"
        " FROM orders o JOIN customers c ON c.id = o.customer"
        " GROUP BY c.region ORDER BY c.region";
    sqlite3_stmt *stmt = prepare(w, sql);
    uint64_t orders = 0;
    while (step_row(w, stmt, "sum up the regions")) {
        report(w, "region %s: %s orders, qty %s, revenue %s, price %s..%s, mean %s\n",
               sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1),
               sqlite3_column_text(stmt, 2), sqlite3_column_text(stmt, 3),
               sqlite3_column_text(stmt, 4), sqlite3_column_text(stmt, 5),
               sqlite3_column_text(stmt, 6));
        orders += (uint64_t)sqlite3_column_int64(stmt, 1);
    }
    sqlite3_finalize(stmt);
    uint64_t expected;
    known_qty(w, &expected);
    expect(w, "orders over all regions", orders, expected);
}

static void top_customers(work *w)
{
    static const char sql[] =
        "SELECT c.name, count(*), sum(o.qty) AS q, printf('%.2f', sum(o.qty * o.price))"
        " FROM orders o JOIN customers c ON c.id = o.customer"
        " GROUP BY o.customer ORDER BY q DESC, o.customer LIMIT 3";
    sqlite3_stmt *stmt = prepare(w, sql);
    while (step_row(w, stmt, "rank the customers"))
        report(w, "top: %s, %s orders, qty %s, spent %s\n", sqlite3_column_text(stmt, 0),
               sqlite3_column_text(stmt, 1), sqlite3_column_text(stmt, 2),
               sqlite3_column_text(stmt, 3));
    sqlite3_finalize(stmt);
}

/* Text matching over every row, checked against the item names C made. */
static void text_scan(work *w)
{
    uint64_t with_seven = 0;
    for (uint32_t i = 0; i < w->rows; i++) {
        char name[16];
        item_name(w->item_of[i], name, sizeof name);
        with_seven += strchr(name, '7') != NULL;
    }
    int64_t like = query_int(w, "SELECT count(*) FROM orders WHERE item LIKE '%7%'");
    expect(w, "orders whose item has a 7", (uint64_t)like, with_seven);
    uint32_t hash;
    uint64_t groups = hash_query(w, "SELECT upper(substr(item, 6, 2)) AS p, count(*),"
                                    " group_concat(DISTINCT qty % 3)"
                                    " FROM orders GROUP BY p ORDER BY p", &hash);
    report(w, "text: %lld orders match '%%7%%', %llu prefixes, checksum %08x\n",
           (long long)like, (unsigned long long)groups, (unsigned)hash);
}

static void update_and_delete(work *w)
{
    exec(w, "BEGIN");
    uint64_t raised = run_changes(w, "UPDATE orders SET qty = qty + 1 WHERE customer % 7 = 0");
    uint64_t repriced = run_changes(w, "UPDATE orders SET price = round(price * 1.1, 2)"
                                       " WHERE item IN (SELECT item FROM orders WHERE qty > 18"
                                       " GROUP BY item HAVING count(*) > 2)");
    uint64_t deleted = run_changes(w, "DELETE FROM orders WHERE id % 13 = 0");
    exec(w, "COMMIT");
    uint64_t expect_raised = 0;
    for (uint32_t i = 0; i < w->rows; i++) {
        if (w->customer_of[i] % 7 == 0) {
            w->qty_of[i]++;
            expect_raised++;
        }
    }
    for (uint32_t id = 13; id <= w->rows; id += 13)
        w->qty_of[id - 1] = 0;
    expect(w, "orders raised", raised, expect_raised);
    expect(w, "orders deleted", deleted, w->rows / 13);
    check_totals(w, "after the updates");
    report(w, "update: %llu raised, %llu repriced, %llu deleted\n", (unsigned long long)raised,
           (unsigned long long)repriced, (unsigned long long)deleted);
}

/* Every remaining row in id order and in index order, then SQLite's own consistency check. */
static void final_pass(work *w)
{
    uint32_t by_id, by_item;
    uint64_t rows = hash_query(w, "SELECT * FROM orders ORDER BY id", &by_id);
    hash_query(w, "SELECT item, qty, id FROM orders ORDER BY item, id", &by_item);
    uint64_t orders, qty = known_qty(w, &orders);
    expect(w, "orders left", rows, orders);
    report(w, "final: %llu orders, qty %llu, checksum %08x by id, %08x by item\n",
           (unsigned long long)rows, (unsigned long long)qty, (unsigned)by_id,
           (unsigned)by_item);
    sqlite3_stmt *stmt = prepare(w, "PRAGMA integrity_check");
    if (step_row(w, stmt, "check integrity"))
        report(w, "integrity: %s\n", sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
}

int workload_run(uint32_t rows, workload_out_fn out, void *user)
{
    work w = {.out = out, .user = user, .rng = 2463534242u, .rows = rows};
    if (rows < WORKLOAD_MIN_ROWS || rows > WORKLOAD_MAX_ROWS) {
        fail(&w, "rows must be %u to %u, not %u", WORKLOAD_MIN_ROWS, WORKLOAD_MAX_ROWS,
             (unsigned)rows);
        return w.status;
    }
    w.customers = rows / CUSTOMER_ORDERS;
    w.customer_of = calloc(rows, sizeof *w.customer_of);
    w.item_of = calloc(rows, sizeof *w.item_of);
    w.qty_of = calloc(rows, sizeof *w.qty_of);
    if (!w.customer_of || !w.item_of || !w.qty_of)
        fail(&w, "out of memory for %u rows", (unsigned)rows);
    else if (sqlite3_open(":memory:", &w.db) != SQLITE_OK)
        fail(&w, "cannot open a database: %s", w.db ? sqlite3_errmsg(w.db) : "out of memory");
    if (!w.status) {
        report(&w, "SQLite %s, %u rows\n", sqlite3_libversion(), (unsigned)rows);
        create_and_fill(&w);
        check_totals(&w, "after the inserts");
        lookups(&w);
        ranges(&w);
        regions(&w);
        top_customers(&w);
        text_scan(&w);
        update_and_delete(&w);
        final_pass(&w);
    }
    sqlite3_close(w.db);
    free(w.customer_of);
    free(w.item_of);
    free(w.qty_of);
    return w.status;
}
