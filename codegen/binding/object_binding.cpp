#include "codegen/binding/object_binding.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <exception>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "codegen/binding/meter_activity_calendar.hpp"
#include "codegen/binding/meter_special_days.hpp"
#include "codegen/binding/meter_value_source.hpp"
#include "codegen/binding/value_conversion.hpp"
#include "cosem_objects/activity_calendar.hpp"
#include "cosem_objects/clock.hpp"
#include "cosem_objects/disconnect_control.hpp"
#include "cosem_objects/image_transfer.hpp"
#include "cosem_objects/profile_generic.hpp"
#include "cosem_objects/script_table.hpp"
#include "cosem_objects/special_days_table.hpp"
#include "meter_model/sha256.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::binding {

namespace {

using apdu::ActionResult;
namespace axdr = codec::axdr;

// ---- Clock (class 8): the meter's real-time clock as the ClockSource ----
class MeterClockSource final : public cosem::ClockSource {
 public:
  explicit MeterClockSource(meter::Meter& m) : meter_(m) {}
  std::int64_t now_ms() override { return meter_.meter_time(); }
  bool set_ms(std::int64_t utc_ms) override {
    try {
      meter_.set("clock.time", utc_ms);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }
  // shift_time within +-900 s whole seconds is the meter's own shift (event 4/5, profile
  // status); anything else is a time adjustment.
  bool shift_ms(std::int64_t delta_ms) override {
    if (delta_ms % 1000 == 0 && delta_ms >= -900'000 && delta_ms <= 900'000) {
      try {
        meter_.invoke("clock.shift_s", delta_ms / 1000);
        return true;
      } catch (const std::exception&) {
        return false;
      }
    }
    return set_ms(now_ms() + delta_ms);
  }
  // Attribute 3 time_zone is the meter's clock.offset_min with the sign turned: the meter keeps
  // local standard time minus UTC, the Blue Book's time_zone is UTC minus local standard time
  // (4.5.1 / 4.1.6.1 deviation; Paris: offset +60, time_zone -60).
  std::optional<std::int16_t> time_zone() override {
    try {
      return static_cast<std::int16_t>(-meter_.get("clock.offset_min").get<int>());
    } catch (const std::exception&) {
      return std::int16_t{0};
    }
  }
  bool set_time_zone(std::int16_t minutes) override {
    try {
      meter_.set("clock.offset_min", -static_cast<int>(minutes));
      return true;
    } catch (const std::exception&) {
      return false;  // outside the meter's -720..840 offset
    }
  }
  // Local time is the meter's own (its offset and DST rule), as every other time the meter's
  // objects show (profile and log entries, capture times).
  std::optional<Zone> zone_at(std::int64_t utc_s) override {
    try {
      meter::TimeZone tz;
      tz.offset_min = meter_.get("clock.offset_min").get<int>();
      tz.dst_enabled = meter_.get("clock.dst_enabled").get<bool>();
      const bool dst = tz.dst_active(utc_s * 1000);
      return Zone{static_cast<std::int16_t>(-tz.total_offset_min(utc_s * 1000)), dst};
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

 private:
  meter::Meter& meter_;
};

// The value bound to attribute `attribute` of the object a capture object names, if it is a
// meter quantity (so a profile column is rendered as that object renders it).
const MeterValueSource* column_source(const LogicalDevice& ld, const cosem::CaptureObjectDefinition& d) {
  cosem::InterfaceClass* o = ld.find(d.class_id, d.logical_name);
  if (o == nullptr) {
    return nullptr;
  }
  return dynamic_cast<const MeterValueSource*>(o->source(d.attribute_index));
}

// ---- Profile generic (class 7) over the meter's load profile, billing history and logs ----
// Columns follow the object's capture_objects: the Clock's time is the entry's time, the
// other columns come from the entry by what they capture (below), rendered in the captured
// object's own binding format. Captures, resets and reconfiguration are the meter's business
// (it captures on its schedule): the methods are refused with temporary-failure.
class MeterProfileSource : public cosem::ProfileSource {
 public:
  MeterProfileSource(meter::Meter& m, const LogicalDevice& ld, cosem::ProfileGeneric& profile)
      : meter_(m), ld_(ld), profile_(profile) {}

  bool encode_value(std::uint64_t sequence, std::size_t column, ByteWriter& out) override {
    const auto columns = profile_.capture_objects();
    if (column >= columns.size()) {
      return false;
    }
    try {
      return encode_column(sequence, column, columns[column], out);
    } catch (const std::exception&) {
      return false;
    }
  }
  ActionResult capture(std::span<const cosem::CaptureObjectDefinition> /*columns*/) override {
    return ActionResult::temporary_failure;
  }
  ActionResult reset() override { return ActionResult::temporary_failure; }

 protected:
  virtual bool encode_column(std::uint64_t sequence, std::size_t column,
                             const cosem::CaptureObjectDefinition& d, ByteWriter& out) = 0;

  bool encode_time(std::int64_t utc_ms, ByteWriter& out) const {
    return encode_quantity(utc_ms, BindingFormat{codec::DataType::octet_string, 0, true},
                           time_context(meter_), out) == apdu::DataAccessResult::success;
  }
  bool encode_as_column(const cosem::CaptureObjectDefinition& d, const nlohmann::json& v,
                        ByteWriter& out) const {
    const MeterValueSource* s = column_source(ld_, d);
    const BindingFormat f =
        s != nullptr ? s->format() : BindingFormat{codec::DataType::double_long, 0, false};
    return encode_quantity(v, f, time_context(meter_), out) == apdu::DataAccessResult::success;
  }

  meter::Meter& meter_;
  const LogicalDevice& ld_;
  cosem::ProfileGeneric& profile_;
};

template <class Container>
const typename Container::value_type* entry_at(const Container& c, std::uint64_t sequence) {
  if (c.empty()) {
    return nullptr;
  }
  const auto first = static_cast<std::uint64_t>(c.front().seq);
  if (sequence < first || sequence - first >= c.size()) {
    return nullptr;
  }
  const auto& e = c[static_cast<std::size_t>(sequence - first)];
  return static_cast<std::uint64_t>(e.seq) == sequence ? &e : nullptr;
}

bool is_clock(const cosem::CaptureObjectDefinition& d) { return d.class_id == 8; }
bool is_status(const cosem::CaptureObjectDefinition& d) {
  return d.class_id == 1 && d.logical_name.c() == 96 &&
         d.logical_name.d() == 10;  // 0.0.96.10.x: profile status
}

// A profile of channel values the meter captures on its own schedule: the load profile
// (profile.load, 16 channels, 15 min) and the daily profile (profile.daily, 1..16 channels at
// local midnight; 1.0.99.2.0.255). Columns: the Clock (entry time), a profile status object
// 0.0.96.10.x (the entry's status), and the channels in capture order.
struct ChannelProfile {
  const meter::ProfileLog& (meter::Meter::*entries)() const;
  std::size_t capacity;
  const char* channels;  // the meter's channel-list quantity
};
constexpr ChannelProfile kLoadProfile{&meter::Meter::load_profile, meter::kLoadProfileCapacity,
                                      "profile.load.capture_objects"};
constexpr ChannelProfile kDailyProfile{&meter::Meter::daily_profile, meter::kDailyProfileCapacity,
                                       "profile.daily.capture_objects"};

class ChannelProfileSource final : public MeterProfileSource {
 public:
  ChannelProfileSource(meter::Meter& m, const LogicalDevice& ld, cosem::ProfileGeneric& p,
                       const ChannelProfile& kind)
      : MeterProfileSource(m, ld, p), kind_(kind) {}
  [[nodiscard]] std::uint32_t entries_in_use() const noexcept override {
    return static_cast<std::uint32_t>(entries().size());
  }
  [[nodiscard]] std::uint32_t profile_entries() const noexcept override {
    return static_cast<std::uint32_t>(kind_.capacity);
  }
  [[nodiscard]] std::uint64_t first_sequence() const noexcept override {
    const auto& p = entries();
    return p.empty() ? 1 : static_cast<std::uint64_t>(p.first_sequence());
  }

  // The meter's channel list follows the capture objects (each channel column's bound
  // quantity); false when a column is not a meter quantity or the meter refuses the list.
  bool sync_channels() {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& d : profile_.capture_objects()) {
      if (is_clock(d) || is_status(d)) {
        continue;
      }
      const MeterValueSource* s = column_source(ld_, d);
      if (s == nullptr) {
        return false;
      }
      names.push_back(s->quantity());
    }
    try {
      if (meter_.get(kind_.channels) != names) {
        meter_.set(kind_.channels, names);
      }
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

 protected:
  // One look-up per cell: the log serves a row's cells from its cache (with a store, the
  // sequential read of a whole profile costs one query per ProfileLog::kBatch rows).
  bool encode_column(std::uint64_t sequence, std::size_t column, const cosem::CaptureObjectDefinition& d,
                     ByteWriter& out) override {
    if (sequence > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return false;
    }
    const meter::ProfileEntry* e = entries().find(static_cast<std::int64_t>(sequence));
    if (e == nullptr) {
      return false;
    }
    if (is_clock(d)) {
      return encode_time(e->time, out);
    }
    if (is_status(d)) {
      axdr::write_unsigned(out, static_cast<std::uint8_t>(e->status));
      return out.ok();
    }
    std::size_t channel = 0;  // channel columns are numbered after the clock and status columns
    const auto columns = profile_.capture_objects();
    for (std::size_t i = 0; i < column; ++i) {
      channel += (is_clock(columns[i]) || is_status(columns[i])) ? 0 : 1;
    }
    if (channel >= e->values.size()) {
      return false;
    }
    return encode_as_column(d, e->values[channel], out);
  }

 private:
  [[nodiscard]] const meter::ProfileLog& entries() const noexcept { return (meter_.*kind_.entries)(); }

  ChannelProfile kind_;
};

class BillingProfileSource final : public MeterProfileSource {
 public:
  using MeterProfileSource::MeterProfileSource;
  [[nodiscard]] std::uint32_t entries_in_use() const noexcept override {
    return static_cast<std::uint32_t>(meter_.billing_history().size());
  }
  [[nodiscard]] std::uint32_t profile_entries() const noexcept override {
    return static_cast<std::uint32_t>(meter::kBillingCapacity);
  }
  [[nodiscard]] std::uint64_t first_sequence() const noexcept override {
    const auto& p = meter_.billing_history();
    return p.empty() ? 1 : static_cast<std::uint64_t>(p.front().seq);
  }

 protected:
  // Columns: the Clock (billing time), the billing counter (0.0.0.1.0.255), and any object
  // bound to a quantity of the billing snapshot (energies in mJ there, Wh in the catalogue).
  bool encode_column(std::uint64_t sequence, std::size_t /*column*/, const cosem::CaptureObjectDefinition& d,
                     ByteWriter& out) override {
    const meter::BillingEntry* e = entry_at(meter_.billing_history(), sequence);
    if (e == nullptr) {
      return false;
    }
    if (is_clock(d)) {
      return encode_time(e->time, out);
    }
    const MeterValueSource* s = column_source(ld_, d);
    if (s == nullptr) {
      return false;
    }
    if (s->quantity() == "billing.counter") {
      return encode_as_column(d, e->counter, out);
    }
    const auto it = e->values.find(s->quantity());
    if (it == e->values.end()) {
      return false;
    }
    nlohmann::json v = *it;
    if (s->quantity().rfind("energy.", 0) == 0 && v.is_number()) {
      v = v.get<double>() / 3'600'000.0;  // mJ -> Wh
    }
    return encode_as_column(d, v, out);
  }
};

class EventLogSource final : public MeterProfileSource {
 public:
  EventLogSource(meter::Meter& m, const LogicalDevice& ld, cosem::ProfileGeneric& p, meter::EventLog log)
      : MeterProfileSource(m, ld, p), log_(log) {}
  [[nodiscard]] std::uint32_t entries_in_use() const noexcept override {
    return static_cast<std::uint32_t>(meter_.event_log(log_).size());
  }
  [[nodiscard]] std::uint32_t profile_entries() const noexcept override {
    return static_cast<std::uint32_t>(meter::kEventLogCapacity);
  }
  [[nodiscard]] std::uint64_t first_sequence() const noexcept override {
    const auto& p = meter_.event_log(log_);
    return p.empty() ? 1 : static_cast<std::uint64_t>(p.front().seq);
  }

 protected:
  // Event numbers are global across logs: a log's entries are found by search, not offset.
  bool encode_column(std::uint64_t sequence, std::size_t /*column*/, const cosem::CaptureObjectDefinition& d,
                     ByteWriter& out) override {
    const meter::EventRecord* e = nullptr;
    for (const auto& r : meter_.event_log(log_)) {
      if (static_cast<std::uint64_t>(r.seq) == sequence) {
        e = &r;
        break;
      }
    }
    if (e == nullptr) {
      return false;
    }
    if (is_clock(d)) {
      return encode_time(e->time, out);
    }
    if (d.class_id == 1 && d.logical_name.c() == 96 && d.logical_name.d() == 11) {  // event code object
      if (column_source(ld_, d) != nullptr) {
        return encode_as_column(d, e->code, out);  // as the event code object renders its value
      }
      axdr::write_unsigned(out, static_cast<std::uint8_t>(e->code));
      return out.ok();
    }
    axdr::write_double_long_unsigned(out, static_cast<std::uint32_t>(e->value));  // e.g. outage duration, s
    return out.ok();
  }

 private:
  meter::EventLog log_;
};

// ---- Display lists (Profile generic 0.0.21.0.1 scroll, 0.0.21.0.2 manual) ----
// capture_objects are the items the meter displays (display.scroll_list / manual_list): each
// the attribute of the object bound to that meter quantity (attribute 2 preferred; the Clock's
// time for clock.time). The buffer holds one entry: the items' current values as their
// objects render them. A client's new capture_objects becomes the meter's list (every item
// must be bound to a meter quantity); at binding the object takes the meter's list (which
// the meter keeps across restarts).
class DisplayListSource final : public cosem::ProfileSource {
 public:
  DisplayListSource(meter::Meter& m, const LogicalDevice& ld, cosem::ProfileGeneric& p, std::string quantity)
      : meter_(m), ld_(ld), profile_(p), quantity_(std::move(quantity)) {}

  [[nodiscard]] std::uint32_t entries_in_use() const noexcept override { return 1; }
  [[nodiscard]] std::uint32_t profile_entries() const noexcept override { return 1; }
  [[nodiscard]] std::uint64_t first_sequence() const noexcept override { return 1; }
  bool encode_value(std::uint64_t sequence, std::size_t column, ByteWriter& out) override {
    const auto columns = profile_.capture_objects();
    if (sequence != 1 || column >= columns.size()) {
      return false;
    }
    const auto& d = columns[column];
    cosem::InterfaceClass* o = ld_.find(d.class_id, d.logical_name);
    if (o == nullptr) {
      return false;
    }
    server::GetCursor cursor;
    const server::RequestContext local;
    return o->get(local, d.attribute_index, nullptr, cursor, out) == apdu::DataAccessResult::success &&
           !cursor.more;
  }
  // The buffer is live: a capture has nothing to add, a reset nothing to forget.
  ActionResult capture(std::span<const cosem::CaptureObjectDefinition> /*columns*/) override {
    return ActionResult::success;
  }
  ActionResult reset() override { return ActionResult::temporary_failure; }
  bool reconfigure(std::span<const cosem::CaptureObjectDefinition> columns) override {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& d : columns) {
      const std::string q = quantity_of(d);
      if (q.empty()) {
        return false;
      }
      names.push_back(q);
    }
    try {
      meter_.set(quantity_, names);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

  // The object's capture_objects become the meter's list; false (nothing changed) when an item
  // of the list has no object here.
  bool follow_meter() {
    const nlohmann::json names = meter_.get(quantity_);
    std::vector<std::uint8_t> bytes(8 + 20 * names.size());
    ByteWriter w(bytes);
    axdr::begin_array(w, names.size());
    for (const auto& n : names) {
      const auto item = object_of(n.is_string() ? n.get<std::string>() : std::string());
      if (!item) {
        return false;
      }
      axdr::begin_structure(w, 4);
      axdr::write_long_unsigned(w, item->object->class_id());
      axdr::write_octet_string(w, ByteSpan(item->object->logical_name().bytes));
      axdr::write_integer(w, item->attribute);
      axdr::write_long_unsigned(w, 0);
    }
    return w.ok() && profile_.set_static(3, w.written()) == apdu::DataAccessResult::success;
  }

 private:
  struct Item {
    cosem::InterfaceClass* object;
    std::int8_t attribute;
  };
  [[nodiscard]] std::string quantity_of(const cosem::CaptureObjectDefinition& d) const {
    if (is_clock(d) && d.attribute_index == 2) {
      return "clock.time";
    }
    const MeterValueSource* s = column_source(ld_, d);
    return s != nullptr ? s->quantity() : std::string();
  }
  [[nodiscard]] std::optional<Item> object_of(const std::string& quantity) const {
    for (auto* o : ld_.objects()) {
      if (quantity == "clock.time" && o->class_id() == 8) {
        return Item{o, 2};
      }
    }
    for (std::int8_t a = 2; a <= static_cast<std::int8_t>(cosem::InterfaceClass::kMaxAttributes); ++a) {
      for (auto* o : ld_.objects()) {
        if (a > o->attribute_count()) {
          continue;
        }
        const auto* s = dynamic_cast<const MeterValueSource*>(o->source(a));
        if (s != nullptr && s->quantity() == quantity) {
          return Item{o, a};
        }
      }
    }
    return std::nullopt;
  }

  meter::Meter& meter_;
  const LogicalDevice& ld_;
  cosem::ProfileGeneric& profile_;
  std::string quantity_;
};

// ---- Disconnect control (class 70): the meter's relay as the actuator ----
class MeterDisconnectActuator final : public cosem::DisconnectActuator {
 public:
  explicit MeterDisconnectActuator(meter::Meter& m) : meter_(m) {}
  [[nodiscard]] cosem::DisconnectControlState control_state() const noexcept override {
    return static_cast<cosem::DisconnectControlState>(meter_.relay_state());
  }
  [[nodiscard]] bool output_state() const noexcept override {
    return meter_.relay_state() == meter::RelayState::kConnected;
  }
  [[nodiscard]] std::uint8_t control_mode() const noexcept override {
    try {
      return static_cast<std::uint8_t>(meter_.get("relay.control_mode").get<int>());
    } catch (...) {
      return 0;
    }
  }
  bool set_control_mode(std::uint8_t mode) noexcept override {
    try {
      meter_.set("relay.control_mode", mode);
      return true;
    } catch (...) {
      return false;
    }
  }
  bool apply(cosem::DisconnectTransition t, cosem::DisconnectControlState to) noexcept override {
    using T = cosem::DisconnectTransition;
    const char* action = nullptr;
    switch (t) {
      case T::b_remote_disconnect:
      case T::c_remote_disconnect: action = "relay.remote_disconnect"; break;
      case T::a_remote_reconnect:
      case T::d_remote_reconnect: action = "relay.remote_reconnect"; break;
      case T::e_manual_reconnect: action = "relay.manual_reconnect"; break;
      case T::f_manual_disconnect: action = "relay.manual_disconnect"; break;
      case T::g_local_disconnect: action = "relay.local_disconnect"; break;
      case T::h_local_reconnect: action = "relay.local_reconnect"; break;
    }
    try {
      meter_.invoke(action);
      return control_state() == to;
    } catch (...) {
      return false;
    }
  }

 private:
  meter::Meter& meter_;
};

// ---- Image transfer (class 18): the meter's firmware store ----
// The meter checks an image against a SHA-256 given at initiation, which the DLMS transfer
// does not carry: the adapter collects the blocks and, at verify, hands the meter the whole
// image (hex text, in 256-character blocks) with its hash; activation is the meter's.
class MeterImageStore final : public cosem::ImageStore {
 public:
  static constexpr std::uint32_t kMaxImage = 1U << 20;
  explicit MeterImageStore(meter::Meter& m) : meter_(m) {}

  [[nodiscard]] std::uint32_t max_image_size() const noexcept override { return kMaxImage; }
  ActionResult initiate(ByteSpan identifier, std::uint32_t size) override {
    if (size == 0 || size > kMaxImage || identifier.empty()) {
      return ActionResult::other_reason;
    }
    id_.assign(identifier.begin(), identifier.end());
    image_.assign(size, 0);
    received_.assign(size, false);
    return ActionResult::success;
  }
  ActionResult write_block(std::uint32_t offset, ByteSpan data) override {
    if (offset > image_.size() || data.size() > image_.size() - offset) {
      return ActionResult::other_reason;
    }
    std::copy(data.begin(), data.end(), image_.begin() + offset);
    std::fill(received_.begin() + offset,
              received_.begin() + offset + static_cast<std::ptrdiff_t>(data.size()), true);
    return ActionResult::success;
  }
  ActionResult verify() override {
    if (image_.empty() || std::find(received_.begin(), received_.end(), false) != received_.end()) {
      return ActionResult::other_reason;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (const std::uint8_t b : image_) {
      hex += kHex[b >> 4U];
      hex += kHex[b & 0xFU];
    }
    try {
      constexpr std::size_t kBlock = 256;
      meter_.invoke(
          "firmware.initiate",
          {{"id", id_}, {"size", hex.size()}, {"block_size", kBlock}, {"sha256", meter::Sha256::hex(hex)}});
      for (std::size_t i = 0; i * kBlock < hex.size(); ++i) {
        meter_.invoke("firmware.block", {{"number", i}, {"data", hex.substr(i * kBlock, kBlock)}});
      }
      return meter_.invoke("firmware.verify") == true ? ActionResult::success : ActionResult::other_reason;
    } catch (const std::exception&) {
      return ActionResult::other_reason;
    }
  }
  ActionResult activate() override {
    try {
      meter_.invoke("firmware.activate");
      return ActionResult::success;
    } catch (const std::exception&) {
      return ActionResult::other_reason;
    }
  }

 private:
  meter::Meter& meter_;
  std::string id_;
  std::vector<std::uint8_t> image_;
  std::vector<bool> received_;
};

// ---- Script table (class 9) ----
// Method 1 execute: a script the object list binds to a meter action runs that action; any
// other script runs the table's own actions through the executor, which writes attributes and
// invokes methods of the logical device's objects (local access).
class DeviceScriptExecutor final : public cosem::ScriptExecutor {
 public:
  explicit DeviceScriptExecutor(const LogicalDevice& ld) : ld_(ld) {}
  ActionResult execute(const cosem::ScriptAction& a) override {
    cosem::InterfaceClass* o = ld_.find(a.class_id, a.logical_name);
    if (o == nullptr) {
      return ActionResult::object_undefined;
    }
    const server::RequestContext local;
    if (a.service_id == cosem::ScriptAction::kWriteAttribute) {
      const auto r = o->set(local, a.index, nullptr, a.parameter);
      return static_cast<ActionResult>(r);  // the codes coincide for the results a set gives
    }
    std::array<std::uint8_t, 64> scratch{};
    ByteWriter w(scratch);
    return o->invoke(local, a.index, a.parameter.is_null() ? nullptr : &a.parameter, w).result;
  }

 private:
  const LogicalDevice& ld_;
};

class ScriptTableSink final : public cosem::MethodSink {
 public:
  ScriptTableSink(meter::Meter& m, cosem::ScriptTable& table, std::vector<ScriptAction> scripts)
      : meter_(m), table_(table), scripts_(std::move(scripts)) {}
  server::InvokeOutcome invoke(const codec::DataView* parameter, ByteWriter& /*return_data*/) override {
    std::uint16_t id = 0;
    if (parameter == nullptr || !parameter->get(id)) {
      return {ActionResult::type_unmatched, false};
    }
    for (const auto& s : scripts_) {
      if (s.script_id == id) {
        try {
          meter_.invoke(s.action, s.argument ? *s.argument : nlohmann::json());
          return {ActionResult::success, false};
        } catch (const std::invalid_argument&) {
          return {ActionResult::other_reason, false};
        } catch (const std::exception&) {
          return {ActionResult::hardware_fault, false};
        }
      }
    }
    return {table_.execute(id), false};
  }

 private:
  meter::Meter& meter_;
  cosem::ScriptTable& table_;
  std::vector<ScriptAction> scripts_;
};

std::optional<meter::EventLog> event_log_of(const std::string& quantity) {
  if (quantity == "log.standard") return meter::EventLog::kStandard;
  if (quantity == "log.fraud") return meter::EventLog::kFraud;
  if (quantity == "log.disconnector") return meter::EventLog::kDisconnector;
  if (quantity == "log.power_quality") return meter::EventLog::kPowerQuality;
  if (quantity == "log.power_failure") return meter::EventLog::kPowerFailure;
  return std::nullopt;
}

}  // namespace

void bind_object(LogicalDevice& ld, cosem::InterfaceClass& object, meter::Meter& meter,
                 const std::string& quantity) {
  const std::string where = object.logical_name().to_string() + " " + quantity + ": ";
  switch (object.class_id()) {
    case 8: {
      auto s = std::make_shared<MeterClockSource>(meter);
      static_cast<cosem::Clock&>(object).set_source(s.get());
      ld.keep(s);
      return;
    }
    case 7: {
      auto& profile = static_cast<cosem::ProfileGeneric&>(object);
      std::shared_ptr<MeterProfileSource> s;
      if (quantity == "profile.load" || quantity == "profile.daily") {
        auto cp = std::make_shared<ChannelProfileSource>(
            meter, ld, profile, quantity == "profile.load" ? kLoadProfile : kDailyProfile);
        if (!cp->sync_channels()) {
          ld.note_unbound(where + "the meter's profile channels could not follow the capture objects");
        }
        s = cp;
      } else if (quantity == "billing.history") {
        s = std::make_shared<BillingProfileSource>(meter, ld, profile);
      } else if (const auto log = event_log_of(quantity)) {
        s = std::make_shared<EventLogSource>(meter, ld, profile, *log);
      } else if (quantity == "display.scroll_list" || quantity == "display.manual_list") {
        auto d = std::make_shared<DisplayListSource>(meter, ld, profile, quantity);
        profile.bind_source(d.get());
        if (!d->follow_meter()) {
          ld.note_unbound(where + "an item of the meter's display list has no object to capture");
        }
        ld.keep(d);
        return;
      } else {
        ld.note_unbound(where + "no profile adapter for this quantity");
        return;
      }
      profile.bind_source(s.get());
      ld.keep(s);
      return;
    }
    case 70: {
      auto a = std::make_shared<MeterDisconnectActuator>(meter);
      static_cast<cosem::DisconnectControl&>(object).set_actuator(a.get());
      ld.keep(a);
      return;
    }
    case 18: {
      auto s = std::make_shared<MeterImageStore>(meter);
      static_cast<cosem::ImageTransfer&>(object).bind_store(s.get());
      ld.keep(s);
      return;
    }
    case 20: {
      auto s = std::make_shared<MeterActivityCalendar>(meter);
      s->attach(static_cast<cosem::ActivityCalendar&>(object));
      if (ld.find(9, MeterActivityCalendar::kTariffScriptTable) == nullptr) {
        ld.note_unbound(where + "no tariffication script table " +
                        MeterActivityCalendar::kTariffScriptTable.to_string() +
                        " for the day actions to name");
      }
      ld.keep(s);
      return;
    }
    case 11: {
      auto s = std::make_shared<MeterSpecialDays>(meter);
      s->attach(static_cast<cosem::SpecialDaysTable&>(object));
      ld.keep(s);
      return;
    }
    default: break;
  }
  ld.note_unbound(where + "class " + std::to_string(object.class_id()) + " has no meter adapter yet");
}

void bind_scripts(LogicalDevice& ld, cosem::InterfaceClass& object, meter::Meter& meter,
                  std::initializer_list<ScriptAction> scripts) {
  if (object.class_id() != 9) {
    ld.note_unbound(object.logical_name().to_string() + ": scripts on a class " +
                    std::to_string(object.class_id()) + " object");
    return;
  }
  auto& table = static_cast<cosem::ScriptTable&>(object);
  ld.bind_method(object, 1,
                 std::make_unique<ScriptTableSink>(meter, table, std::vector<ScriptAction>(scripts)));
}

void bind_script_executors(LogicalDevice& ld) {
  auto executor = std::make_shared<DeviceScriptExecutor>(ld);
  for (auto* o : ld.objects()) {
    if (o->class_id() == 9) {
      static_cast<cosem::ScriptTable*>(o)->set_executor(executor.get());
    }
  }
  ld.keep(executor);
}

}  // namespace dlms::binding
