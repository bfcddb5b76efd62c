#include "apps/dlms/output.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

namespace dlms::cli {
namespace {

// Rows are written in chunks of about this size (a few write calls per profile, little heap).
constexpr std::size_t kFlushSize = 1U << 13U;
constexpr std::array<char, 16> kHexDigits = {'0', '1', '2', '3', '4', '5', '6', '7',
                                             '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

template <class T>
void append_number(std::string& out, T v) {
  std::array<char, 32> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

void append_digits(std::string& out, unsigned v, std::size_t width, std::uint16_t not_specified) {
  if (v == not_specified) {
    out += '*';
    return;
  }
  std::array<char, 8> buf{};
  std::size_t n = width;
  for (std::size_t i = 0; i < width; ++i) {
    buf[width - 1 - i] = static_cast<char>('0' + v % 10U);
    v /= 10U;
  }
  out.append(buf.data(), n);
}

void append_hex(std::string& out, ByteSpan bytes) {
  for (const std::uint8_t b : bytes) {
    out += kHexDigits[b >> 4U];
    out += kHexDigits[b & 0x0FU];
  }
}

// A date-time in an octet-string(12) when its fields are plausible (Blue Book 4.1.6.1).
bool looks_like_date_time(ByteSpan b, codec::CosemDateTime& t) {
  if (b.size() != codec::CosemDateTime::kSize) {
    return false;
  }
  Result<codec::CosemDateTime> d = codec::CosemDateTime::decode(b);
  if (!d || !d->valid()) {
    return false;
  }
  t = *d;
  return true;
}

void append_float(std::string& out, double v) {
  std::array<char, 64> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), r.ptr);
}

// Scalars shared by cells and JSON; false for strings and containers.
bool append_number_value(std::string& out, const codec::DataView& v) {
  using codec::DataType;
  switch (v.type()) {
    case DataType::integer:
    case DataType::long_:
    case DataType::double_long:
    case DataType::long64: {
      std::int64_t x = 0;
      if (v.get(x)) {
        append_number(out, x);
      }
      return true;
    }
    case DataType::unsigned_:
    case DataType::long_unsigned:
    case DataType::double_long_unsigned:
    case DataType::long64_unsigned:
    case DataType::enum_: {
      std::uint64_t x = 0;
      if (v.get(x)) {
        append_number(out, x);
      }
      return true;
    }
    case DataType::float32:
    case DataType::float64:
      if (auto d = v.as_double()) {
        append_float(out, *d);
      }
      return true;
    case DataType::bcd:
      if (auto d = v.as_bcd()) {
        append_hex(out, ByteSpan(&*d, 1));
      }
      return true;
    default: return false;
  }
}

}  // namespace

void append_date_time(std::string& out, const codec::CosemDateTime& t) {
  append_digits(out, t.year, 4, codec::cosem_time_value::year_not_specified);
  out += '-';
  append_digits(out, t.month, 2, codec::cosem_time_value::not_specified);
  out += '-';
  append_digits(out, t.day_of_month, 2, codec::cosem_time_value::not_specified);
  out += 'T';
  append_digits(out, t.hour, 2, codec::cosem_time_value::not_specified);
  out += ':';
  append_digits(out, t.minute, 2, codec::cosem_time_value::not_specified);
  out += ':';
  append_digits(out, t.second, 2, codec::cosem_time_value::not_specified);
}

void append_cell(std::string& out, const codec::DataView& v) {
  using codec::DataType;
  if (append_number_value(out, v)) {
    return;
  }
  switch (v.type()) {
    case DataType::null_data:
    case DataType::dont_care: return;
    case DataType::boolean:
      if (auto b = v.as_bool()) {
        out += *b ? "true" : "false";
      }
      return;
    case DataType::octet_string: {
      const ByteSpan b = v.as_octets().value();
      codec::CosemDateTime t;
      if (looks_like_date_time(b, t)) {
        append_date_time(out, t);
      } else {
        append_hex(out, b);
      }
      return;
    }
    case DataType::visible_string:
    case DataType::utf8_string: out += v.as_string().value(); return;
    case DataType::date_time:
      if (auto t = v.as_date_time()) {
        append_date_time(out, *t);
      }
      return;
    case DataType::bit_string: {
      const codec::BitStringView bits = v.as_bit_string().value();
      for (std::size_t i = 0; i < bits.bit_count; ++i) {
        out += bits.bit(i) ? '1' : '0';
      }
      return;
    }
    case DataType::array:
    case DataType::structure: {
      out += '{';
      bool first = true;
      for (const codec::DataView e : v.elements()) {
        if (!first) {
          out += ';';
        }
        first = false;
        append_cell(out, e);
      }
      out += '}';
      return;
    }
    default: append_hex(out, v.encoded()); return;
  }
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          std::array<char, 8> buf{};
          std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned>(c));
          out += buf.data();
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_json(std::string& out, const codec::DataView& v) {
  using codec::DataType;
  if (v.type() == DataType::float32 || v.type() == DataType::float64) {
    const double d = v.as_double().value_or(0.0);
    if (d != d || d - d != 0.0) {  // NaN or infinity: no JSON number
      out += "null";
      return;
    }
  }
  if (append_number_value(out, v)) {
    return;
  }
  switch (v.type()) {
    case DataType::null_data:
    case DataType::dont_care: out += "null"; return;
    case DataType::boolean: out += v.as_bool().value_or(false) ? "true" : "false"; return;
    case DataType::array:
    case DataType::structure: {
      out += '[';
      bool first = true;
      for (const codec::DataView e : v.elements()) {
        if (!first) {
          out += ',';
        }
        first = false;
        append_json(out, e);
      }
      out += ']';
      return;
    }
    default: {
      std::string cell;
      append_cell(cell, v);
      append_json_string(out, cell);
    }
  }
}

void append_csv_field(std::string& out, std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (const char c : cell) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
}

std::string_view unit_symbol(std::uint8_t unit) noexcept {
  // Blue Book 4.3.2, scaler_unit: the unit enumeration (values 1..65 and some above).
  static constexpr std::array<std::string_view, 66> kUnits = {
      "",         "a",    "mo",    "wk",      "d",       "h",      "min",      "s",       "°",    "°C",
      "currency", "m",    "m/s",   "m3",      "m3",      "m3/h",   "m3/h",     "m3/d",    "m3/d", "l",
      "kg",       "N",    "Nm",    "Pa",      "bar",     "J",      "J/h",      "W",       "VA",   "var",
      "Wh",       "VAh",  "varh",  "A",       "C",       "V",      "V/m",      "F",       "Ω",    "Ωm2/m",
      "Wb",       "T",    "A/m",   "H",       "Hz",      "1/(Wh)", "1/(varh)", "1/(VAh)", "V2h",  "A2h",
      "kg/s",     "S",    "K",     "1/(V2h)", "1/(A2h)", "1/m3",   "%",        "Ah",      "",     "",
      "Wh/m3",    "J/m3", "Mol %", "g/m3",    "Pa s",    "J/kg"};
  return unit < kUnits.size() ? kUnits[unit] : std::string_view();
}

TableWriter::TableWriter(std::ostream& out, Format format, std::vector<std::string> columns)
    : out_(out), format_(format) {
  buffer_.reserve(kFlushSize + 1024);
  if (format_ == Format::json) {
    buffer_ += "{\"columns\":[";
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i != 0) {
        buffer_ += ',';
      }
      append_json_string(buffer_, columns[i]);
    }
    buffer_ += "],\"rows\":[";
    return;
  }
  if (columns.empty()) {
    return;
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i != 0) {
      buffer_ += format_ == Format::csv ? ',' : '\t';
    }
    if (format_ == Format::csv) {
      append_csv_field(buffer_, columns[i]);
    } else {
      buffer_ += columns[i];
    }
  }
  buffer_ += '\n';
}

TableWriter::~TableWriter() { finish(); }

void TableWriter::write_buffer() {
  if (buffer_.empty()) {
    return;
  }
  if (before_write_) {
    before_write_();
  }
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void TableWriter::flush_if_full() {
  if (buffer_.size() >= kFlushSize) {
    write_buffer();
  }
}

void TableWriter::row(const codec::DataView& entry) {
  const bool structure = entry.type() == codec::DataType::structure;
  if (format_ == Format::json) {
    buffer_ += rows_ == 0 ? "\n" : ",\n";
    if (structure) {
      append_json(buffer_, entry);
    } else {
      buffer_ += '[';
      append_json(buffer_, entry);
      buffer_ += ']';
    }
  } else {
    const char separator = format_ == Format::csv ? ',' : '\t';
    auto cell = [&](const codec::DataView& v) {
      if (format_ == Format::csv) {
        // Numbers never need CSV quoting: straight into the row (most cells of a profile).
        if (append_number_value(buffer_, v)) {
          return;
        }
        cell_.clear();
        append_cell(cell_, v);
        append_csv_field(buffer_, cell_);
      } else {
        append_cell(buffer_, v);
      }
    };
    if (structure) {
      bool first = true;
      for (const codec::DataView v : entry.elements()) {
        if (!first) {
          buffer_ += separator;
        }
        first = false;
        cell(v);
      }
    } else {
      cell(entry);
    }
    buffer_ += '\n';
  }
  ++rows_;
  flush_if_full();
}

void TableWriter::rows(const codec::DataView& array) {
  for (const codec::DataView entry : array.elements()) {
    row(entry);
  }
}

void TableWriter::finish() {
  if (finished_) {
    return;
  }
  finished_ = true;
  if (format_ == Format::json) {
    buffer_ += rows_ == 0 ? "]}\n" : "\n]}\n";
  }
  write_buffer();
  out_.flush();
}

void TableWriter::abandon() {
  if (finished_) {
    return;
  }
  finished_ = true;
  write_buffer();
  out_.flush();
}

}  // namespace dlms::cli
