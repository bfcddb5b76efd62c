#pragma once
// The meter's non-volatile memory: one SQLite database in WAL mode. Writes go into one open
// transaction that commit() closes; the engine calls commit() at its commit points (each
// profile capture, event and billing, and energy every minute of meter time and at shutdown),
// so a kill -9 loses at most what happened since the last commit point and never corrupts
// the file. synchronous=NORMAL survives the death of the process; FULL also an OS crash.
#include <cstdint>
#include <optional>
#include <string>
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
  struct Table {
    std::string name;
    sqlite3_stmt* insert = nullptr;
    sqlite3_stmt* erase = nullptr;
    sqlite3_stmt* erase_kind = nullptr;
  };
  std::vector<Table> tables_;
  Table& table(const char* name);
};

}  // namespace dlms::meter
