#pragma once
// MeterActivityCalendar: the Activity calendar (Blue Book 4.5.5, class 20) held by the meter's
// TOU engine (quantities calendar.active, calendar.passive, calendar.activation_time and the
// action calendar.activate_passive; the calendar JSON of meter_model/activity_calendar.hpp).
//
// Reads render the meter's calendars; a write of a passive attribute (6..9) replaces that part
// of the passive calendar, and the whole is handed to the meter, which checks the references
// between the tables (season -> week_name, week -> day_id). A client writes the tables one at
// a time, so a passive calendar the meter refuses is kept here as written (and read back as
// such) until a later write completes it; activate_passive_calendar is refused (other-reason,
// nothing changed) while it is incomplete. The meter's activation at
// activate_passive_calendar_time uses the meter's passive calendar: the last complete one.
//
// What the SM307 can hold, checked on write (other-reason when violated, nothing changed):
//   - 1..12 seasons, 1..12 week profiles, 1..16 day profiles, 1..16 switches a day (the class
//     limits are set to the meter's);
//   - season_start: every year (year not specified), a concrete month and day of month; the
//     time of day (not specified = 0); day of week, hundredths, deviation, status ignored;
//   - day actions: start_time with a concrete hour (minute and second not specified = 0, two
//     actions of a day never at the same second), script_logical_name the tariffication script
//     table 0.0.10.0.100.255 and script_selector 1..4 (= tariff);
//   - activate_passive_calendar_time: not specified at all (never), or a concrete local time
//     (its deviation is ignored: the meter activates on its local time).
// Names (calendar, season, week profile) are octet-strings: printable ASCII is kept as text
// in the meter, anything else (or text that looks like "0x<hex>") as "0x" + hex.
// Reads: season_start FFFF-mm-dd FF hh:mm:ss.00, deviation not specified (8000), status FF;
// day actions sorted by start_time; activation time with deviation not specified.
//
// Host only (JSON, exceptions inside the meter, caught here).

#include <optional>

#include <nlohmann/json.hpp>

#include "cosem_objects/activity_calendar.hpp"
#include "meter_model/meter.hpp"
#include "stack/apdu/obis_code.hpp"

namespace dlms::binding {

class MeterActivityCalendar final : public cosem::ActivityCalendarStore {
 public:
  // The tariffication script table: script n selects tariff n (Blue Book / IDIS 0.0.10.0.100.255).
  static constexpr apdu::ObisCode kTariffScriptTable{0, 0, 10, 0, 100, 255};

  explicit MeterActivityCalendar(meter::Meter& meter) : meter_(meter) {}

  // Binds `calendar` to this store and gives it the meter's limits.
  void attach(cosem::ActivityCalendar& calendar);

  apdu::DataAccessResult read(std::int8_t attribute_id, ByteWriter& out) override;
  apdu::DataAccessResult write(std::int8_t attribute_id, const codec::DataView& value) override;
  apdu::ActionResult activate() override;

  // True while the passive tables written are not (yet) a calendar the meter accepts.
  [[nodiscard]] bool passive_incomplete() const noexcept { return pending_.has_value(); }

 private:
  [[nodiscard]] nlohmann::json passive() const;

  meter::Meter& meter_;
  std::optional<nlohmann::json> pending_;  // the passive calendar as written, refused by the meter
};

// Octet-string names in the meter's JSON (see above), exposed for the tests.
std::string name_to_json(ByteSpan octets);
std::vector<std::uint8_t> name_from_json(const std::string& text);

}  // namespace dlms::binding
