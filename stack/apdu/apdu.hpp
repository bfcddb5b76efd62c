#pragma once
// Apdu: every DLMS/COSEM APDU this stack decodes and encodes (the COSEMpdu CHOICE of the
// Green Book xDLMS ASN.1 plus the ACSE APDUs), dispatched on the first octet.

#include <cstddef>
#include <cstdint>
#include <variant>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/action.hpp"
#include "stack/apdu/ciphered_apdu.hpp"
#include "stack/apdu/confirmed_service_error.hpp"
#include "stack/apdu/data_notification.hpp"
#include "stack/apdu/event_notification.hpp"
#include "stack/apdu/exception_response.hpp"
#include "stack/apdu/general_block_transfer.hpp"
#include "stack/apdu/get.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/apdu/read.hpp"
#include "stack/apdu/release.hpp"
#include "stack/apdu/set.hpp"
#include "stack/apdu/write.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/core/byte_writer.hpp"
#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"

namespace dlms::apdu {

using Apdu = std::variant<InitiateRequest,           // 0x01
                          ReadRequest,               // 0x05
                          WriteRequest,              // 0x06
                          InitiateResponse,          // 0x08
                          ReadResponse,              // 0x0C
                          WriteResponse,             // 0x0D
                          ConfirmedServiceError,     // 0x0E
                          DataNotification,          // 0x0F
                          UnconfirmedWriteRequest,   // 0x16
                          Aarq,                      // 0x60
                          Aare,                      // 0x61
                          Rlrq,                      // 0x62
                          Rlre,                      // 0x63
                          GetRequest,                // 0xC0
                          SetRequest,                // 0xC1
                          EventNotificationRequest,  // 0xC2
                          ActionRequest,             // 0xC3
                          GetResponse,               // 0xC4
                          SetResponse,               // 0xC5
                          ActionResponse,            // 0xC7
                          CipheredApdu,              // glo-/ded- 0x21..0x58, 0xC8..0xD7
                          ExceptionResponse,         // 0xD8
                          GeneralGloCiphering,       // 0xDB
                          GeneralDedCiphering,       // 0xDC
                          GeneralCiphering,          // 0xDD
                          GeneralBlockTransfer>;     // 0xE0

// Decodes one whole APDU: `bytes` must hold exactly one (else xdlms_errc::trailing_bytes) and
// be no larger than limits.max_apdu_size (else apdu_too_large). On failure, *fault_offset (if
// given) is the offset in `bytes` where the fault was found.
Result<Apdu> decode_apdu(ByteSpan bytes, const codec::Limits& limits = codec::kDefaultLimits,
                         std::size_t* fault_offset = nullptr);

// Decodes one APDU at the reader's position, leaving the reader after it (bytes may follow).
Result<Apdu> decode_apdu(ByteReader& in, const codec::Limits& limits = codec::kDefaultLimits);

// Appends the APDU's encoding (xdlms_errc::buffer_too_small if it does not fit).
Status encode_apdu(const Apdu& apdu, ByteWriter& out);

// The COSEMpdu / ACSE name of the APDU ("get-request", "glo-get-request", "aarq", ...).
const char* apdu_name(const Apdu& apdu) noexcept;

// The name of the chosen service variant for GET/SET/ACTION ("get-request-normal", ...),
// else nullptr.
const char* apdu_choice_name(const Apdu& apdu) noexcept;

}  // namespace dlms::apdu
