// ConfirmedServiceError (Green Book xDLMS, A-XDR). "0E 01 06 01" is the user-information of the
// Green Book AARE example quoted in u9n/dlms-cosem (tests/test_asce/test_aare.py); the others are
// constructed from the Green Book ASN.1.
#include "stack/apdu/confirmed_service_error.hpp"

#include <gtest/gtest.h>

#include "stack/apdu/tests/acse_test_support.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {
namespace {

using codec::codec_errc;
using test::hex;
using test::hex_of;

TEST(ConfirmedServiceError, InitiateErrorDlmsVersionTooLow) {
  const auto bytes = hex("0E 01 06 01");
  const auto e = test::round_trip<ConfirmedServiceError>(bytes);
  EXPECT_EQ(e.service, ConfirmedServiceErrorChoice::initiate_error);
  EXPECT_EQ(e.error, ServiceErrorChoice::initiate);
  EXPECT_EQ(e.value, static_cast<std::uint8_t>(InitiateError::dlms_version_too_low));
}

TEST(ConfirmedServiceError, EveryChoiceRoundTrips) {
  for (std::uint8_t service = 1; service <= 19; ++service) {
    for (std::uint8_t error = 0; error <= 10; ++error) {
      const auto choice = static_cast<ServiceErrorChoice>(error);
      for (std::uint8_t value = 0; value <= max_service_error_value(choice); ++value) {
        const std::vector<std::uint8_t> bytes{0x0E, service, error, value};
        const auto e = test::round_trip<ConfirmedServiceError>(bytes);
        EXPECT_EQ(static_cast<std::uint8_t>(e.service), service);
        EXPECT_EQ(e.error, choice);
        EXPECT_EQ(e.value, value);
      }
    }
  }
}

TEST(ConfirmedServiceError, NamedValues) {
  const auto read_access = ConfirmedServiceError::make(
      ConfirmedServiceErrorChoice::read, ServiceErrorChoice::access, AccessError::object_unavailable);
  EXPECT_EQ(test::encode_hex(read_access), hex_of("0E 05 05 04"));
  const auto write_definition = ConfirmedServiceError::make(
      ConfirmedServiceErrorChoice::write, ServiceErrorChoice::definition, DefinitionError::object_undefined);
  EXPECT_EQ(test::encode_hex(write_definition), hex_of("0E 06 04 01"));
  const auto deciphering = ConfirmedServiceError::make(ConfirmedServiceErrorChoice::initiate_error,
                                                       ServiceErrorChoice::application_reference,
                                                       ApplicationReferenceError::deciphering_error);
  EXPECT_EQ(test::encode_hex(deciphering), hex_of("0E 01 00 06"));
  const auto pdu = ConfirmedServiceError::make(ConfirmedServiceErrorChoice::initiate_error,
                                               ServiceErrorChoice::service, ServiceServiceError::pdu_size);
  EXPECT_EQ(test::encode_hex(pdu), hex_of("0E 01 03 01"));
  test::expect_small_buffers_rejected(pdu);
}

TEST(ConfirmedServiceError, RejectsMalformed) {
  using test::expect_rejected;
  test::expect_every_truncation_rejected<ConfirmedServiceError>("0E 01 06 01");
  expect_rejected<ConfirmedServiceError>("0F 01 06 01", make_error_code(codec_errc::unexpected_tag));
  expect_rejected<ConfirmedServiceError>("0E 00 06 01", make_error_code(xdlms_errc::unknown_choice));
  expect_rejected<ConfirmedServiceError>("0E 14 06 01", make_error_code(xdlms_errc::unknown_choice));
  expect_rejected<ConfirmedServiceError>("0E 01 0B 00", make_error_code(xdlms_errc::unknown_choice));
  expect_rejected<ConfirmedServiceError>("0E 01 06 05", make_error_code(xdlms_errc::invalid_field));
  expect_rejected<ConfirmedServiceError>("0E 01 08 01", make_error_code(xdlms_errc::invalid_field));
  expect_rejected<ConfirmedServiceError>("0E 01 0A 01", make_error_code(xdlms_errc::invalid_field));
  // The fault offset is the offending octet.
  const auto bytes = hex("0E 01 0B 00");
  ByteReader r{ByteSpan(bytes)};
  ASSERT_FALSE(ConfirmedServiceError::decode(r));
  EXPECT_EQ(r.offset(), 2U);

  std::array<std::uint8_t, 8> buf{};
  ByteWriter w{MutableByteSpan(buf)};
  ConfirmedServiceError bad{static_cast<ConfirmedServiceErrorChoice>(0), ServiceErrorChoice::other, 0};
  EXPECT_EQ(bad.encode(w).error(), make_error_code(xdlms_errc::unknown_choice));
  bad = ConfirmedServiceError{ConfirmedServiceErrorChoice::read, ServiceErrorChoice::task, 5};
  EXPECT_EQ(bad.encode(w).error(), make_error_code(xdlms_errc::invalid_field));
}

TEST(ConfirmedServiceError, DecodeExact) {
  EXPECT_TRUE(decode_confirmed_service_error(hex("0E 01 06 01")));
  EXPECT_EQ(decode_confirmed_service_error(hex("0E 01 06 01 00")).error(),
            make_error_code(xdlms_errc::trailing_bytes));
  EXPECT_EQ(decode_confirmed_service_error(hex("08 00")).error(), make_error_code(xdlms_errc::unsupported));
}

}  // namespace
}  // namespace dlms::apdu
