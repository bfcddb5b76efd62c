#include "meter_model/nv_store.hpp"

#include <sqlite3.h>

#include <cstring>
#include <stdexcept>

namespace dlms::meter {

namespace {
constexpr const char* kTables[] = {"profile", "billing", "events", "firmware", "daily"};
}

NvStore::NvStore(const std::string& path, Sync sync) {
  // No bulk page-cache allocation (SQLite's default: 20 pages, ~87 kB per connection, at its
  // first page fetch, before PRAGMA cache_size applies): pages are allocated one by one up to
  // the cache size. Process-wide, and only possible before SQLite initialises (the first
  // store opened does it; otherwise the call fails and changes nothing).
  static const int kPageCacheConfigured = sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
  (void)kPageCacheConfigured;
  // NOMUTEX: a store is used by one thread at a time (the meter's), so the connection needs no
  // lock of its own around every call (a whole-profile read makes ~60,000 of them).
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    const std::string m = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error("nv store: " + path + ": " + m);
  }
  // No lookaside: SQLite's per-connection pool of small allocations is heap the meter keeps
  // for nothing (its statements are few and prepared once; issue #8, under 5 MB per process).
  sqlite3_db_config(db_, SQLITE_DBCONFIG_LOOKASIDE, nullptr, 0, 0);
  sqlite3_busy_timeout(db_, 5000);
  exec("PRAGMA journal_mode=WAL");
  exec(sync == Sync::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  // Checkpoints (the only fsyncs under NORMAL) every 8192 pages instead of 1000: a commit per
  // minute of meter time at 100000x real time stays cheap; the WAL stays below ~32 MB.
  exec("PRAGMA wal_autocheckpoint=8192");
  // Page cache of 64 KiB instead of SQLite's default 2,000 KiB per connection: the store is
  // written in append order and the profiles are read in sequence order, each page once per
  // read (pages the cache lost come back from the OS's file cache), so a big cache buys
  // nothing; it is the meter's heap (issue #8: under 5 MB per process).
  exec("PRAGMA cache_size=-64");
  exec("CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value BLOB NOT NULL)");
  for (const char* t : kTables) {
    exec((std::string("CREATE TABLE IF NOT EXISTS ") + t +
          "(seq INTEGER PRIMARY KEY, t INTEGER NOT NULL, kind INTEGER NOT NULL, code INTEGER NOT NULL, data "
          "BLOB)")
             .c_str());
    Table tb;
    tb.name = t;
    tables_.push_back(tb);
  }
  put_ = prepare("INSERT OR REPLACE INTO kv(key,value) VALUES(?,?)");
  get_ = prepare("SELECT value FROM kv WHERE key=?");
}

NvStore::~NvStore() {
  if (!db_) return;
  try {
    commit();
  } catch (...) {
  }
  for (auto& t : tables_) {
    sqlite3_finalize(t.insert);
    sqlite3_finalize(t.erase);
    sqlite3_finalize(t.erase_kind);
    sqlite3_finalize(t.range);
  }
  sqlite3_finalize(put_);
  sqlite3_finalize(get_);
  sqlite3_close(db_);
}

void NvStore::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string m = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(std::string("nv store: ") + sql + ": " + m);
  }
}

sqlite3_stmt* NvStore::prepare(const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
    throw std::runtime_error("nv store: " + sql + ": " + sqlite3_errmsg(db_));
  return s;
}

NvStore::Table& NvStore::table(const char* name) {
  for (auto& t : tables_)
    if (std::strcmp(t.name, name) == 0) return t;
  throw std::logic_error(std::string("nv store: no table ") + name);
}

sqlite3_stmt* NvStore::statement(sqlite3_stmt*& slot, const char* sql_head, const char* table,
                                 const char* sql_tail) {
  if (slot == nullptr) slot = prepare(std::string(sql_head) + table + sql_tail);
  return slot;
}

void NvStore::begin() {
  if (!in_txn_) {
    exec("BEGIN");
    in_txn_ = true;
  }
}

void NvStore::commit() {
  if (in_txn_) {
    in_txn_ = false;
    exec("COMMIT");
  }
}

namespace {
// The current row of a "SELECT seq,t,kind,code,data" statement; data views the statement's blob.
StoredRowView row_view(sqlite3_stmt* s) {
  StoredRowView r;
  r.seq = sqlite3_column_int64(s, 0);
  r.t = sqlite3_column_int64(s, 1);
  r.kind = sqlite3_column_int64(s, 2);
  r.code = sqlite3_column_int64(s, 3);
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s, 4));
  r.data = std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, 4)));
  return r;
}

void step_done(sqlite3* db, sqlite3_stmt* s) {
  const int rc = sqlite3_step(s);
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string("nv store: ") + sqlite3_errmsg(db));
}
}  // namespace

void NvStore::put(const std::string& key, const std::string& value) {
  begin();
  sqlite3_bind_text(put_, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_bind_blob(put_, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  step_done(db_, put_);
}

std::optional<std::string> NvStore::get(const std::string& key) {
  sqlite3_bind_text(get_, 1, key.c_str(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  std::optional<std::string> out;
  if (sqlite3_step(get_) == SQLITE_ROW) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(get_, 0));
    out = std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(get_, 0)));
  }
  sqlite3_reset(get_);
  sqlite3_clear_bindings(get_);
  return out;
}

void NvStore::append(const char* name, const StoredRow& row) {
  begin();
  auto& t = table(name);
  sqlite3_stmt* s = statement(t.insert, "INSERT INTO ", t.name, "(seq,t,kind,code,data) VALUES(?,?,?,?,?)");
  sqlite3_bind_int64(s, 1, row.seq);
  sqlite3_bind_int64(s, 2, row.t);
  sqlite3_bind_int64(s, 3, row.kind);
  sqlite3_bind_int64(s, 4, row.code);
  sqlite3_bind_blob(s, 5, row.data.data(), static_cast<int>(row.data.size()), SQLITE_TRANSIENT);
  step_done(db_, s);
}

void NvStore::erase_upto(const char* name, std::int64_t seq, std::int64_t kind) {
  begin();
  auto& t = table(name);
  sqlite3_stmt* s = kind < 0 ? statement(t.erase, "DELETE FROM ", t.name, " WHERE seq<=?")
                             : statement(t.erase_kind, "DELETE FROM ", t.name, " WHERE seq<=? AND kind=?");
  sqlite3_bind_int64(s, 1, seq);
  if (kind >= 0) sqlite3_bind_int64(s, 2, kind);
  step_done(db_, s);
}

std::vector<StoredRow> NvStore::load(const char* name) {
  std::vector<StoredRow> rows;
  sqlite3_stmt* s = prepare(std::string("SELECT seq,t,kind,code,data FROM ") + name + " ORDER BY seq");
  while (sqlite3_step(s) == SQLITE_ROW) {
    const StoredRowView v = row_view(s);
    rows.push_back(StoredRow{v.seq, v.t, v.kind, v.code, std::string(v.data)});
  }
  sqlite3_finalize(s);
  return rows;
}

std::size_t NvStore::scan(const char* name, std::int64_t from, std::int64_t to,
                          const std::function<void(const StoredRowView&)>& row) {
  auto& t = table(name);
  sqlite3_stmt* s = statement(t.range, "SELECT seq,t,kind,code,data FROM ", t.name,
                              " WHERE seq>=? AND seq<=? ORDER BY seq");
  // Resets the statement however the scan ends (a row callback may throw).
  struct Reset {
    sqlite3_stmt* s;
    explicit Reset(sqlite3_stmt* st) : s(st) {}
    Reset(const Reset&) = delete;
    Reset& operator=(const Reset&) = delete;
    ~Reset() { sqlite3_reset(s); }
  } const reset{s};
  sqlite3_bind_int64(s, 1, from);
  sqlite3_bind_int64(s, 2, to);
  std::size_t n = 0;
  int rc = 0;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    row(row_view(s));
    ++n;
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(std::string("nv store: ") + sqlite3_errmsg(db_));
  return n;
}

StoredSpan NvStore::span(const char* name) {
  sqlite3_stmt* s = prepare(std::string("SELECT min(seq),max(seq),count(*) FROM ") + table(name).name);
  StoredSpan out;
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
    out.first = sqlite3_column_int64(s, 0);
    out.last = sqlite3_column_int64(s, 1);
    out.count = sqlite3_column_int64(s, 2);
  }
  sqlite3_finalize(s);
  return out;
}

bool NvStore::integrity_ok() {
  sqlite3_stmt* s = prepare("PRAGMA integrity_check");
  bool ok = sqlite3_step(s) == SQLITE_ROW &&
            std::strcmp(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "ok") == 0;
  sqlite3_finalize(s);
  return ok;
}

}  // namespace dlms::meter
