#pragma once
// InvocationCounterSource: attribute 2 (value, double-long-unsigned) of the Data object
// 0-0:43.1.e.255 "invocation counter" of the Security setup object 0-0:43.0.e.255 (Blue Book
// OBIS 7.4.5 ties value group E of the invocation counter to the Security setup instance; DSMR 5
// and IDIS meters read it as 0-0:43.1.0.255 with the public client before a ciphered
// association, as Gurux clients do with `-v 0.0.43.1.0.255`).
//
// The value is the highest invocation counter the meter has accepted from a client under the
// global unicast encryption key of that security context (0 when none yet): a client that
// restarts its counter at 1 each run reads it and continues with value + 1. It is the live
// counter of the SecurityContext, which persists it in the CounterStore (counter_store.hpp),
// so it survives a restart. Read only.

#include "cosem_objects/value_source.hpp"
#include "stack/association/security_context.hpp"

namespace dlms::meter_app {

class InvocationCounterSource final : public cosem::ValueSource {
 public:
  explicit InvocationCounterSource(const association::SecurityContext& context) noexcept
      : context_(context) {}
  apdu::DataAccessResult read(ByteWriter& out) override;

 private:
  const association::SecurityContext& context_;
};

}  // namespace dlms::meter_app
