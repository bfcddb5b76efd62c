#pragma once
// The meter's non-volatile memory: one SQLite database in WAL mode. Writes go into one open
// transaction that commit() closes; the engine calls commit() at its commit points (each
// profile capture, event and billing, and energy every minute of meter time and at shutdown),
// so a kill -9 loses at most what happened since the last commit point and never corrupts
// the file. synchronous=NORMAL survives the death of the process; FULL also an OS crash.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace dlms::meter {

struct StoredRow {
  std::int64_t seq = 0;
  std::int64_t t = 0;
  std::int64_t kind = 0;  // profile: status; event: log id; billing: 0
  std::int64_t code = 0;  // event code
  std::string data;
};

// A row as a scan hands it over: `data` points into SQLite's memory, valid during the call.
struct StoredRowView {
  std::int64_t seq = 0;
  std::int64_t t = 0;
  std::int64_t kind = 0;
  std::int64_t code = 0;
  std::string_view data;
};

// The sequence numbers a table holds: the lowest, the highest and how many rows (0: empty).
struct StoredSpan {
  std::int64_t first = 0;
  std::int64_t last = 0;
  std::int64_t count = 0;
};

// Not thread-safe: one thread at a time uses a store (its connection is opened NOMUTEX).
class NvStore {
 public:
  enum class Sync { kNormal, kFull };
  // Throws std::runtime_error when the file cannot be opened or is not a meter store.
  NvStore(const std::string& path, Sync sync);
  ~NvStore();
  NvStore(const NvStore&) = delete;
  NvStore& operator=(const NvStore&) = delete;

  std::optional<std::string> get(const std::string& key);
  void put(const std::string& key, const std::string& value);  // value may be binary

  // Tables: "profile", "billing", "events", "firmware", "daily" (the daily profile).
  void append(const char* table, const StoredRow& row);
  void erase_upto(const char* table, std::int64_t seq, std::int64_t kind = -1);  // seq <= given (of kind)
  std::vector<StoredRow> load(const char* table);
  // Calls `row` for every row of `table` with from <= seq <= to, in seq order, with one
  // statement (prepared once per table); returns how many rows it saw. Sees the open
  // transaction's writes. `row` must not call back into the store.
  std::size_t scan(const char* table, std::int64_t from, std::int64_t to,
                   const std::function<void(const StoredRowView&)>& row);
  StoredSpan span(const char* table);

  void commit();  // closes the open transaction (no-op when nothing was written)
  bool integrity_ok();

 private:
  void begin();
  void exec(const char* sql);
  sqlite3_stmt* prepare(const std::string& sql);
  sqlite3* db_ = nullptr;
  bool in_txn_ = false;
  sqlite3_stmt* put_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  // Statements are prepared on first use: each costs a few kB of heap, and most tables use
  // only some of them (the security counter store none).
  struct Table {
    const char* name = nullptr;
    sqlite3_stmt* insert = nullptr;
    sqlite3_stmt* erase = nullptr;
    sqlite3_stmt* erase_kind = nullptr;
    sqlite3_stmt* range = nullptr;
  };
  std::vector<Table> tables_;
  Table& table(const char* name);
  sqlite3_stmt* statement(sqlite3_stmt*& slot, const char* sql_head, const char* table, const char* sql_tail);
};

}  // namespace dlms::meter
