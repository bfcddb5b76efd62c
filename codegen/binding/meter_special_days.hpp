#pragma once
// MeterSpecialDays: the Special days table (Blue Book 4.5.4, class 11) held by the meter's TOU
// engine (quantity calendar.special_days: [{index, year (-1 every year), month, day, day_id}],
// at most 100). The class keeps its insert/delete semantics; every new list is handed whole to
// the meter, which refuses (other-reason, nothing changed) a day_id that neither its active nor
// its passive calendar has (Blue Book 4.5.4: day_id names a day profile of the Activity calendar;
// one of the passive calendar applies once that is activated).
//
// Dates the SM307 can hold (other-reason otherwise): a concrete month (1..12) and day of month
// (1..31); the year concrete or not specified (every year); the day of week not specified, or
// for a concrete date its own weekday. Reads give a concrete date its weekday and an every-year
// date day of week not specified.
//
// Host only (JSON, exceptions inside the meter, caught here).

#include "cosem_objects/special_days_table.hpp"
#include "meter_model/meter.hpp"

namespace dlms::binding {

class MeterSpecialDays final : public cosem::SpecialDaysStore {
 public:
  explicit MeterSpecialDays(meter::Meter& meter) : meter_(meter) {}

  // Binds `table` to this store with the meter's capacity.
  void attach(cosem::SpecialDaysTable& table);

  bool load(std::vector<cosem::SpecialDayEntry>& entries) override;
  apdu::DataAccessResult store(const std::vector<cosem::SpecialDayEntry>& entries) override;

 private:
  meter::Meter& meter_;
};

}  // namespace dlms::binding
