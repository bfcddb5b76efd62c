#pragma once
// Activity calendar, class_id 20, version 0 (Blue Book 4.5.5): seasons, week profiles and day
// profiles that run scripts (tariff switches) at given times; an active calendar in force and
// a passive one that replaces it on activate_passive_calendar or at
// activate_passive_calendar_time.
//   1 logical_name                    octet-string         static
//   2 calendar_name_active            octet-string         static
//   3 season_profile_active           array season         static
//     season ::= structure { season_profile_name octet-string, season_start octet-string(12)
//       (date-time, wildcards allowed), week_name octet-string }
//   4 week_profile_table_active       array week_profile   static
//     week_profile ::= structure { week_profile_name octet-string, monday .. sunday unsigned (day_id) }
//   5 day_profile_table_active        array day_profile    static
//     day_profile ::= structure { day_id unsigned, day_schedule array day_profile_action }
//     day_profile_action ::= structure { start_time octet-string(4) (time),
//       script_logical_name octet-string(6), script_selector long-unsigned }
//   6..9 the same for the passive calendar
//   10 activate_passive_calendar_time octet-string(12)     static  (all 0xFF: not planned)
// Method 1 activate_passive_calendar(integer 0): copies the passive calendar to the active one.
//
// Validation on set: types, limits (set_limits; SM307 and default: 12 seasons, 12 week
// profiles, 16 day profiles, 16 switches per day), unique season names, week names, day ids
// and start times within a day. The references between the three tables (season ->
// week_name, week -> day_id) cannot be checked on set, since a client writes the tables one at
// a time; they are checked when the passive calendar is activated, which refuses an
// inconsistent calendar (other-reason) and changes nothing.
// Binding points: ChangeObserver (told of attributes 2..5 after an activation, and of each
// set); attribute_encoding() for the meter's TOU model; activate() for the meter's clock when
// activate_passive_calendar_time is reached. Or, for a meter that holds the calendar itself,
// an ActivityCalendarStore (bind_store): the object then validates what a client writes and
// the store keeps (and may further refuse) the values and carries out the activation.

#include <array>
#include <cstdint>
#include <vector>

#include "cosem_objects/detail_classes1.hpp"
#include "cosem_objects/interface_class.hpp"

namespace dlms::cosem {

// Where a bound Activity calendar's attributes 2..10 live (e.g. the meter's TOU engine).
class ActivityCalendarStore {
 public:
  virtual ~ActivityCalendarStore() = default;
  // Attribute 2..10 as one A-XDR Data.
  virtual apdu::DataAccessResult read(std::int8_t attribute_id, ByteWriter& out) = 0;
  // Attribute 2..10 with a value the class has checked (types, limits, uniqueness). A value
  // the store refuses changes nothing.
  virtual apdu::DataAccessResult write(std::int8_t attribute_id, const codec::DataView& value) = 0;
  // Method 1: the passive calendar becomes the active one; a refusal changes nothing.
  virtual apdu::ActionResult activate() = 0;
};

class ActivityCalendar final : public InterfaceClass {
 public:
  struct Limits {
    std::uint16_t seasons = 12;
    std::uint16_t week_profiles = 12;
    std::uint16_t day_profiles = 16;
    std::uint16_t switches_per_day = 16;
  };

  explicit ActivityCalendar(const apdu::ObisCode& logical_name);
  static const ClassDescription& class_description() noexcept;

  void set_limits(const Limits& limits) noexcept { limits_ = limits; }
  [[nodiscard]] const Limits& limits() const noexcept { return limits_; }
  void set_observer(ChangeObserver* observer) noexcept { observer_ = observer; }
  // Serve attributes 2..10 and method 1 from `store` (nullptr: the object's own values).
  void bind_store(ActivityCalendarStore* store) noexcept { store_ = store; }

  // The A-XDR encoding of the object's own attribute 2..10 (empty span for another id; not
  // used while a store is bound).
  [[nodiscard]] ByteSpan attribute_encoding(std::int8_t attribute_id) const noexcept;
  // Method 1: false (and nothing changed) when the passive calendar's references do not hold
  // (or the bound store refuses).
  bool activate();

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
  // Checks value for attribute 2..10 (types, limits, uniqueness).
  [[nodiscard]] apdu::DataAccessResult check(std::int8_t attribute_id,
                                             const codec::DataView& value) const noexcept;
  void changed(std::int8_t attribute_id);

  Limits limits_;
  ChangeObserver* observer_ = nullptr;
  ActivityCalendarStore* store_ = nullptr;
  std::array<std::vector<std::uint8_t>, 9> attributes_;  // attributes 2..10
};

}  // namespace dlms::cosem
