#include "cosem_objects/limiter.hpp"

#include <algorithm>
#include <cmath>

#include "cosem_objects/description_table.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/codec/axdr_encoder.hpp"

namespace dlms::cosem {

namespace {

using apdu::DataAccessResult;
using association::access::kRead;
using association::access::kReadWrite;
using codec::DataType;
using codec::DataView;
namespace d = classes3_detail;

constexpr auto kAttributes = attribute_table({
    {"monitored_value", DataType::structure, kReadWrite},
    {"threshold_active", DataType::dont_care, kReadWrite, kDynamic},
    {"threshold_normal", DataType::dont_care, kReadWrite},
    {"threshold_emergency", DataType::dont_care, kReadWrite},
    {"min_over_threshold_duration", DataType::double_long_unsigned, kReadWrite},
    {"min_under_threshold_duration", DataType::double_long_unsigned, kReadWrite},
    {"emergency_profile", DataType::structure, kReadWrite},
    {"emergency_profile_group_id_list", DataType::array, kReadWrite},
    {"emergency_profile_active", DataType::boolean, kRead, kDynamic},
    {"actions", DataType::structure, kReadWrite},
});

constexpr ClassDescription kDescription{71, 0, "Limiter", kAttributes, {}};

constexpr std::uint8_t kZeroThreshold[] = {0x06, 0x00, 0x00, 0x00, 0x00};  // double-long-unsigned 0

// A numeric simple value as a double; nullopt for another type or NaN.
std::optional<double> numeric(const DataView& v) noexcept {
  switch (v.type()) {
    case DataType::float32:
    case DataType::float64: {
      auto f = v.as_double();
      if (!f || std::isnan(*f)) {
        return std::nullopt;
      }
      return *f;
    }
    case DataType::long64_unsigned:
    case DataType::double_long_unsigned:
    case DataType::long_unsigned:
    case DataType::unsigned_: {
      std::uint64_t u = 0;
      return v.get(u) ? std::optional<double>(static_cast<double>(u)) : std::nullopt;
    }
    case DataType::long64:
    case DataType::double_long:
    case DataType::long_:
    case DataType::integer: {
      std::int64_t s = 0;
      return v.get(s) ? std::optional<double>(static_cast<double>(s)) : std::nullopt;
    }
    default: return std::nullopt;
  }
}

void write_action(ByteWriter& out, const Limiter::ActionItem& a) noexcept {
  namespace axdr = codec::axdr;
  axdr::begin_structure(out, 2);
  axdr::write_octet_string(out, ByteSpan(a.script_logical_name.bytes));
  axdr::write_long_unsigned(out, a.script_selector);
}

DataAccessResult read_action(const DataView& v, Limiter::ActionItem& a) noexcept {
  if (d::check_structure(v, 2) != DataAccessResult::success) {
    return d::kTypeError;
  }
  auto it = v.elements().begin();
  const DataView name = *it;
  const DataView selector = *++it;
  if (const auto r = d::read_logical_name(name, a.script_logical_name); r != DataAccessResult::success) {
    return r;
  }
  return d::read_long_unsigned(selector, 0, 0xFFFF, a.script_selector);
}

// The UTC instant of an activation time; a time without deviation is local at `deviation`.
std::optional<std::chrono::sys_seconds> activation_instant(const codec::CosemDateTime& t,
                                                           std::int16_t deviation) noexcept {
  if (!t.is_concrete()) {
    return std::nullopt;
  }
  if (t.deviation != codec::cosem_time_value::deviation_not_specified) {
    auto utc = t.to_utc();
    return utc ? std::optional(*utc) : std::nullopt;
  }
  auto local = t.local_as_sys();
  if (!local) {
    return std::nullopt;
  }
  return *local + std::chrono::minutes(deviation);
}

}  // namespace

Limiter::Limiter(const apdu::ObisCode& logical_name) noexcept : InterfaceClass(kDescription, logical_name) {
  active_.assign(kZeroThreshold);
  normal_.assign(kZeroThreshold);
  emergency_.assign(kZeroThreshold);
}

const ClassDescription& Limiter::class_description() noexcept { return kDescription; }

DataAccessResult Limiter::read_threshold(const DataView& value, Threshold& out) noexcept {
  if (!numeric(value)) {
    // A NaN float is of the right type but no threshold.
    return value.type() == DataType::float32 || value.type() == DataType::float64 ? d::kRangeError
                                                                                  : d::kTypeError;
  }
  return out.assign(value.encoded()) ? DataAccessResult::success : d::kTypeError;
}

void Limiter::set_emergency(bool active) noexcept {
  emergency_active_ = active;
  active_ = active ? emergency_ : normal_;
  notifier_.notify(*this, 10);
  notifier_.notify(*this, 3);
}

bool Limiter::run(const ActionItem& action) noexcept {
  if (action.script_logical_name == apdu::ObisCode()) {
    return true;
  }
  return runner_ == nullptr ||
         runner_->run(action.script_logical_name, action.script_selector) == apdu::ActionResult::success;
}

Limiter::Evaluation Limiter::evaluate(std::chrono::sys_seconds now_utc, std::int16_t deviation_minutes,
                                      double value) noexcept {
  Evaluation result;
  // Emergency profile: id in the group list and now within [activation, activation + duration).
  bool emergency = false;
  const auto ids = emergency_profile_group_id_list();
  if (std::find(ids.begin(), ids.end(), profile_.id) != ids.end()) {
    if (const auto start = activation_instant(profile_.activation_time, deviation_minutes)) {
      emergency = now_utc >= *start && now_utc < *start + std::chrono::seconds(profile_.duration_s);
    }
  }
  if (emergency != emergency_active_) {
    set_emergency(emergency);
    result.emergency_changed = true;
  }
  if (std::isnan(value)) {
    return result;
  }
  const auto threshold = numeric(view(active_));
  if (!threshold) {
    return result;
  }
  const bool is_over = value > *threshold;
  if (is_over == over_) {
    crossing_since_.reset();
    return result;
  }
  if (!crossing_since_ || *crossing_since_ > now_utc) {
    crossing_since_ = now_utc;  // (a clock set back restarts the minimal duration)
  }
  const std::uint32_t needed = is_over ? min_over_s_ : min_under_s_;
  if (now_utc - *crossing_since_ < std::chrono::seconds(needed)) {
    return result;
  }
  over_ = is_over;
  crossing_since_.reset();
  result.fired = is_over ? Fired::over : Fired::under;
  result.action_failed = !run(is_over ? action_over_ : action_under_);
  return result;
}

Limiter::Evaluation Limiter::evaluate(const codec::CosemDateTime& now, const DataView& value) noexcept {
  const auto v = numeric(value);
  const auto utc = now.to_utc();
  if (!v || !utc) {
    return {};
  }
  return evaluate(*utc, now.deviation, *v);
}

DataAccessResult Limiter::get_attribute(const server::RequestContext& /*ctx*/, std::int8_t attribute_id,
                                        const apdu::SelectiveAccessDescriptor* /*access*/,
                                        server::GetCursor& /*cursor*/, ByteWriter& out) {
  namespace axdr = codec::axdr;
  switch (attribute_id) {
    case 2:
      axdr::begin_structure(out, 3);
      axdr::write_long_unsigned(out, monitored_.class_id);
      axdr::write_octet_string(out, ByteSpan(monitored_.logical_name.bytes));
      axdr::write_integer(out, monitored_.attribute_index);
      break;
    case 3: out.bytes(active_.view()); break;
    case 4: out.bytes(normal_.view()); break;
    case 5: out.bytes(emergency_.view()); break;
    case 6: axdr::write_double_long_unsigned(out, min_over_s_); break;
    case 7: axdr::write_double_long_unsigned(out, min_under_s_); break;
    case 8:
      axdr::begin_structure(out, 3);
      axdr::write_long_unsigned(out, profile_.id);
      axdr::write_date_time_octets(out, profile_.activation_time);
      axdr::write_double_long_unsigned(out, profile_.duration_s);
      break;
    case 9:
      axdr::begin_array(out, group_id_count_);
      for (std::size_t i = 0; i < group_id_count_; ++i) {
        axdr::write_long_unsigned(out, group_ids_[i]);
      }
      break;
    case 10: axdr::write_boolean(out, emergency_active_); break;
    case 11:
      axdr::begin_structure(out, 2);
      write_action(out, action_over_);
      write_action(out, action_under_);
      break;
    default: return DataAccessResult::object_undefined;
  }
  return d::finish(out);
}

DataAccessResult Limiter::set_attribute(const server::RequestContext& /*ctx*/, std::int8_t attribute_id,
                                        const apdu::SelectiveAccessDescriptor* /*access*/,
                                        const DataView& value) {
  DataAccessResult r = DataAccessResult::object_undefined;
  switch (attribute_id) {
    case 2: {
      if (d::check_structure(value, 3) != DataAccessResult::success) {
        return d::kTypeError;
      }
      ValueDefinition def;
      auto it = value.elements().begin();
      const DataView class_id = *it;
      const DataView name = *++it;
      const DataView index = *++it;
      r = d::read_long_unsigned(class_id, 0, 0xFFFF, def.class_id);
      if (r == DataAccessResult::success) {
        r = d::read_logical_name(name, def.logical_name);
      }
      if (r == DataAccessResult::success) {
        r = d::read_integer<std::int8_t>(index, DataType::integer, 0, 127, def.attribute_index);
      }
      if (r == DataAccessResult::success) {
        monitored_ = def;
      }
      break;
    }
    case 3: r = read_threshold(value, active_); break;
    case 4:
      r = read_threshold(value, normal_);
      if (r == DataAccessResult::success && !emergency_active_) {
        active_ = normal_;
      }
      break;
    case 5:
      r = read_threshold(value, emergency_);
      if (r == DataAccessResult::success && emergency_active_) {
        active_ = emergency_;
      }
      break;
    case 6: r = d::read_double_long_unsigned(value, min_over_s_); break;
    case 7: r = d::read_double_long_unsigned(value, min_under_s_); break;
    case 8: {
      if (d::check_structure(value, 3) != DataAccessResult::success) {
        return d::kTypeError;
      }
      EmergencyProfile p;
      auto it = value.elements().begin();
      const DataView id = *it;
      const DataView time = *++it;
      const DataView duration = *++it;
      ByteSpan octets;
      r = d::read_long_unsigned(id, 0, 0xFFFF, p.id);
      if (r == DataAccessResult::success) {
        r = d::read_octets(time, codec::CosemDateTime::kSize, codec::CosemDateTime::kSize, octets);
      }
      if (r == DataAccessResult::success) {
        auto t = codec::CosemDateTime::decode(octets);
        if (t) {
          p.activation_time = *t;
        } else {
          r = d::kRangeError;
        }
      }
      if (r == DataAccessResult::success) {
        r = d::read_double_long_unsigned(duration, p.duration_s);
      }
      if (r == DataAccessResult::success) {
        profile_ = p;
      }
      break;
    }
    case 9: {
      if (value.type() != DataType::array) {
        return d::kTypeError;
      }
      if (value.size() > kMaxGroupIds) {
        return d::kRangeError;
      }
      std::array<std::uint16_t, kMaxGroupIds> ids{};
      std::size_t n = 0;
      for (const auto& e : value.elements()) {
        if (const auto er = d::read_long_unsigned(e, 0, 0xFFFF, ids[n++]); er != DataAccessResult::success) {
          return er;
        }
      }
      group_ids_ = ids;
      group_id_count_ = n;
      r = DataAccessResult::success;
      break;
    }
    case 10: return DataAccessResult::read_write_denied;  // follows the emergency profile
    case 11: {
      if (d::check_structure(value, 2) != DataAccessResult::success) {
        return d::kTypeError;
      }
      ActionItem over;
      ActionItem under;
      auto it = value.elements().begin();
      const DataView first = *it;
      const DataView second = *++it;
      r = read_action(first, over);
      if (r == DataAccessResult::success) {
        r = read_action(second, under);
      }
      if (r == DataAccessResult::success) {
        action_over_ = over;
        action_under_ = under;
      }
      break;
    }
    default: break;
  }
  if (r == DataAccessResult::success) {
    notifier_.notify(*this, attribute_id);
  }
  return r;
}

}  // namespace dlms::cosem
