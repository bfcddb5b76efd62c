#pragma once
// Output of the dlms command line: plain cells of values (CSV, text tables, JSON scalars),
// profile buffers streamed row by row from a codec::DataView, units of scaler_unit.

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "stack/codec/cosem_date_time.hpp"
#include "stack/codec/data_view.hpp"

namespace dlms::cli {

enum class Format { text, json, csv };

// "2026-11-25T00:15:00" (seconds always; "*" for fields not specified, e.g. "*-*-*T00:00:00";
// a deviation, when given, as "+01:00" of local time minus UTC per Blue Book sign inverted).
void append_date_time(std::string& out, const codec::CosemDateTime& t);

// One value as a cell: integers decimal, booleans true/false, floats shortest decimal,
// octet-strings of 12 octets that are date-times as date-times, other octet-strings hex,
// strings as they are, null empty, arrays/structures as {a;b;...}.
void append_cell(std::string& out, const codec::DataView& value);
// The same as a JSON value (strings quoted and escaped, numbers bare, containers as arrays).
void append_json(std::string& out, const codec::DataView& value);
// CSV quoting (RFC 4180) when the cell holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view cell);
void append_json_string(std::string& out, std::string_view s);

// The Blue Book's unit symbol of a scaler_unit unit enum ("Wh", "V", ...; "" for 255 count
// or unknown).
std::string_view unit_symbol(std::uint8_t unit) noexcept;

// A table of rows streamed to `out`: a header, then one line per row (CSV: comma separated;
// text: tab separated; JSON: {"columns":[...],"rows":[[...],...]} one row per line).
class TableWriter {
 public:
  TableWriter(std::ostream& out, Format format, std::vector<std::string> columns);
  TableWriter(const TableWriter&) = delete;
  TableWriter& operator=(const TableWriter&) = delete;
  ~TableWriter();

  // One row: the elements of a structure (any other value: one cell).
  void row(const codec::DataView& entry);
  // Rows of an array of structures (e.g. a profile buffer).
  void rows(const codec::DataView& array);
  // Ends the table (JSON closing brackets) and flushes.
  void finish();
  // Writes the rows so far without ending the table (a read failed half-way).
  void abandon();
  // Called before each write to the stream (e.g. to clear a progress bar on the terminal).
  void set_before_write(std::function<void()> f) { before_write_ = std::move(f); }
  [[nodiscard]] std::uint64_t row_count() const noexcept { return rows_; }

 private:
  void flush_if_full();
  void write_buffer();

  std::ostream& out_;
  Format format_;
  std::string buffer_;
  std::string cell_;
  std::uint64_t rows_ = 0;
  bool finished_ = false;
  std::function<void()> before_write_;
};

}  // namespace dlms::cli
