#pragma once
// Clock, class_id 8, version 0 (Blue Book 4.5.1).
//   1 logical_name               octet-string         static
//   2 time                       octet-string(12)     dynamic  date-time, local time
//   3 time_zone                  long                 static   minutes, UTC - local normal time, -720..840
//   4 status                     unsigned             dynamic  clock_status bits
//   5 daylight_savings_begin     octet-string(12)     static   date-time with wildcards
//   6 daylight_savings_end       octet-string(12)     static
//   7 daylight_savings_deviation integer              static   minutes, -120..120
//   8 daylight_savings_enabled   boolean              static
//   9 clock_base                 enum                 static   0 not defined, 1 crystal, 2 mains 50 Hz,
//                                                              3 mains 60 Hz, 4 GPS, 5 radio controlled
// Methods: 1 adjust_to_quarter(integer 0), 2 adjust_to_measuring_period(integer 0),
//   3 adjust_to_minute(integer 0), 4 adjust_to_preset_time(integer 0),
//   5 preset_adjusting_time(structure {preset_time, validity_interval_start,
//     validity_interval_end: octet-string(12)}), 6 shift_time(long -900..900 seconds).
//
// The instant comes from a ClockSource (UTC milliseconds), which the meter binding implements
// over the meter's real-time clock; without one the Clock runs on its own ManualClockSource.
// The Clock itself turns the instant into local time: deviation = time_zone, minus
// daylight_savings_deviation while DST is enabled and active (same sign convention as the
// date-time deviation: UTC - local; Paris is -60 in winter, -120 in summer; Blue Book 4.1.6.1,
// and IDIS likewise, see https://www.gurux.fi/Gurux.DLMS.Objects.GXDLMSClock "DLMS and IDIS:
// -60 minutes" for Paris). A source that keeps its own time zone (ClockSource::time_zone())
// owns attribute 3 (reads and writes go to it) and, with zone_at(), the local time itself.

#include <cstdint>
#include <optional>

#include "cosem_objects/interface_class.hpp"
#include "stack/codec/cosem_date_time.hpp"

namespace dlms::cosem {

// The clock hardware behind a Clock object: a UTC instant that can be read and set.
class ClockSource {
 public:
  virtual ~ClockSource() = default;
  // UTC milliseconds since 1970-01-01T00:00:00Z.
  virtual std::int64_t now_ms() = 0;
  // Sets the clock; false if the hardware refuses (nothing changes then).
  virtual bool set_ms(std::int64_t utc_ms) = 0;
  // Moves the clock by `delta_ms` (shift_time, adjust_to_*).
  virtual bool shift_ms(std::int64_t delta_ms) { return set_ms(now_ms() + delta_ms); }
  // Hardware status bits of codec::clock_status (invalid_value, doubtful_value,
  // different_clock_base, invalid_clock_status); the Clock adds daylight_saving_active.
  virtual std::uint8_t status_bits() { return 0; }

  // A source that keeps the time zone itself (a meter's clock): attribute 3 time_zone in the
  // Blue Book's sign, UTC - local standard time in minutes. nullopt (the default): the Clock
  // keeps attribute 3 itself.
  virtual std::optional<std::int16_t> time_zone() { return std::nullopt; }
  // Sets it (called only when time_zone() has a value); false if the hardware refuses.
  virtual bool set_time_zone(std::int16_t /*minutes*/) { return false; }
  // Local time as the source keeps it at `utc_s`: the deviation (UTC - local, minutes, DST
  // included) and whether DST is active. nullopt (the default): the Clock computes both from
  // its time zone and attributes 5..8.
  struct Zone {
    std::int16_t deviation = 0;
    bool dst_active = false;
  };
  virtual std::optional<Zone> zone_at(std::int64_t /*utc_s*/) { return std::nullopt; }
};

// A clock that moves only when told (the Clock's default source, and tests).
class ManualClockSource final : public ClockSource {
 public:
  explicit ManualClockSource(std::int64_t utc_ms = 0) noexcept : now_(utc_ms) {}
  std::int64_t now_ms() override { return now_; }
  bool set_ms(std::int64_t utc_ms) override {
    now_ = utc_ms;
    return true;
  }
  void advance_ms(std::int64_t delta) noexcept { now_ += delta; }
  std::uint8_t status_bits() override { return status_; }
  void set_status_bits(std::uint8_t s) noexcept { status_ = s; }

 private:
  std::int64_t now_;
  std::uint8_t status_ = 0;
};

// What other objects need of the clock: the current local date-time as the Clock's time
// attribute shows it (Extended register and Demand register capture times).
class CurrentTime {
 public:
  virtual ~CurrentTime() = default;
  virtual codec::CosemDateTime current_time() = 0;
};

class Clock final : public InterfaceClass, public CurrentTime {
 public:
  explicit Clock(const apdu::ObisCode& logical_name) noexcept;
  static const ClassDescription& class_description() noexcept;

  // The clock hardware (nullptr: the built-in ManualClockSource). Not owned.
  void set_source(ClockSource* source) noexcept { source_ = source != nullptr ? source : &own_source_; }
  [[nodiscard]] ClockSource& source() noexcept { return *source_; }
  // The measuring period adjust_to_measuring_period rounds to (seconds, > 0); default 900.
  bool set_measuring_period(std::uint32_t seconds) noexcept;

  // Local time now (deviation and status filled in), as attribute 2 shows it.
  codec::CosemDateTime current_time() override;
  // Deviation (UTC - local, minutes) in force at `utc_s`.
  [[nodiscard]] std::int16_t deviation_at(std::int64_t utc_s) const noexcept;
  [[nodiscard]] bool dst_active_at(std::int64_t utc_s) const noexcept;

  // Attribute 3: the source's time zone when it keeps one, else the Clock's own.
  [[nodiscard]] std::int16_t time_zone() const noexcept { return source_->time_zone().value_or(time_zone_); }
  [[nodiscard]] bool dst_enabled() const noexcept { return dst_enabled_; }

 protected:
  apdu::DataAccessResult get_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       server::GetCursor& cursor, ByteWriter& out) override;
  apdu::DataAccessResult set_attribute(const server::RequestContext& ctx, std::int8_t attribute_id,
                                       const apdu::SelectiveAccessDescriptor* access,
                                       const codec::DataView& value) override;
  server::InvokeOutcome invoke_method(const server::RequestContext& ctx, std::int8_t method_id,
                                      const codec::DataView* parameter, ByteWriter& return_data) override;

 private:
  // UTC seconds of a date-time given as local time; an unspecified deviation takes the one
  // in force. nullopt unless the value names one instant.
  [[nodiscard]] std::optional<std::int64_t> utc_ms_of(const codec::CosemDateTime& t) const noexcept;
  // Rounds local time to a multiple of `period_s` (nearest, half up).
  apdu::ActionResult adjust_to(std::int64_t period_s);

  ManualClockSource own_source_;
  ClockSource* source_ = &own_source_;
  std::int16_t time_zone_ = 0;
  codec::CosemDateTime dst_begin_;
  codec::CosemDateTime dst_end_;
  std::int8_t dst_deviation_ = 60;
  bool dst_enabled_ = false;
  std::uint8_t clock_base_ = 1;
  std::uint32_t measuring_period_s_ = 900;
  // preset_adjusting_time: UTC ms of the preset time and of the validity interval.
  bool preset_valid_ = false;
  std::int64_t preset_ms_ = 0;
  std::int64_t preset_from_ms_ = 0;
  std::int64_t preset_to_ms_ = 0;
};

}  // namespace dlms::cosem
