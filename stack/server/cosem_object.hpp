#pragma once
// CosemObject: how the server engine sees a COSEM object (ARCHITECTURE.md: "find by class and
// OBIS; get, set, invoke into a caller's buffer; access rights"). cosem_objects/ implements it;
// stack/ never includes cosem_objects/.
//
// Contract:
//   - The engine has already checked that the object exists for the association, that the
//     attribute/method id is within range and that the association's access rights allow the
//     request (stack/association/access_rights.hpp). The object checks the value: its type, its range and its
//     consistency with the object's state, and answers with a Data-Access-Result /
//     Action-Result. A refused set or invoke changes nothing.
//   - get() encodes the attribute as one A-XDR Data into `out`. An attribute that may be
//     longer than one buffer (Profile generic buffer, Association LN object_list) is encoded
//     in pieces: the object writes whole elements while they fit, records where it stopped
//     in the GetCursor and sets cursor.more; the engine sends what was written and calls
//     get() again with the same cursor and a new buffer until more is false. The pieces
//     concatenated are the attribute's encoding. The engine passes the same selective
//     access descriptor on every call of one piecewise get, and may call again with a saved
//     copy of the cursor after an overflow, so get() writes only whole elements and is safe to
//     retry. A non-resumable value that does not fit leaves `out` overflowed (out.ok()
//     false); the engine answers it with an error.
//   - No exceptions, no allocation: values are encoded straight into the caller's buffer.

#include <cstdint>

#include "stack/apdu/action_result.hpp"
#include "stack/apdu/data_access_result.hpp"
#include "stack/apdu/obis_code.hpp"
#include "stack/apdu/selective_access.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_writer.hpp"

namespace dlms::association {
class AssociationContext;
}  // namespace dlms::association

namespace dlms::server {

using association::AssociationContext;

// What an object may know of the request it serves.
struct RequestContext {
  // The association the request came in on; nullptr for a local access (the device itself
  // configuring its objects, e.g. the generated object list setting static values).
  AssociationContext* association = nullptr;
  // The protection the request arrived with (access::kAuthenticatedRequest |
  // kEncryptedRequest | kDigitallySignedRequest bits), for objects that care.
  std::uint8_t request_protection = 0;

  [[nodiscard]] constexpr bool local() const noexcept { return association == nullptr; }
};

// Where a piecewise get stopped. Zeroed before the first call; the object owns the meaning of
// the fields (e.g. the next entry's sequence number and the last one to send) and sets `more`
// when it has not written the whole value yet.
struct GetCursor {
  std::uint64_t position = 0;
  std::uint64_t end = 0;
  std::uint32_t aux = 0;
  bool started = false;  // set by the object after its first piece
  bool more = false;
};

struct InvokeOutcome {
  apdu::ActionResult result = apdu::ActionResult::success;
  bool has_return_data = false;  // `return_data` holds one A-XDR Data
};

class CosemObject {
 public:
  virtual ~CosemObject() = default;

  [[nodiscard]] virtual std::uint16_t class_id() const noexcept = 0;
  [[nodiscard]] virtual std::uint8_t version() const noexcept = 0;
  [[nodiscard]] virtual const apdu::ObisCode& logical_name() const noexcept = 0;
  [[nodiscard]] virtual std::uint8_t attribute_count() const noexcept = 0;
  [[nodiscard]] virtual std::uint8_t method_count() const noexcept = 0;
  // Selective access selectors the attribute supports: bit n set = access_selector n
  // (e.g. Profile generic buffer: 0b110 for 1 by range and 2 by entry).
  [[nodiscard]] virtual std::uint8_t access_selectors(std::int8_t /*attribute_id*/) const noexcept {
    return 0;
  }

  virtual apdu::DataAccessResult get(const RequestContext& ctx, std::int8_t attribute_id,
                                     const apdu::SelectiveAccessDescriptor* access, GetCursor& cursor,
                                     ByteWriter& out) = 0;
  virtual apdu::DataAccessResult set(const RequestContext& ctx, std::int8_t attribute_id,
                                     const apdu::SelectiveAccessDescriptor* access,
                                     const codec::DataView& value) = 0;
  // `parameter` is nullptr when the request carried none.
  virtual InvokeOutcome invoke(const RequestContext& ctx, std::int8_t method_id,
                               const codec::DataView* parameter, ByteWriter& return_data) = 0;
};

}  // namespace dlms::server
