// InitiateRequest / InitiateResponse (Green Book xDLMS, A-XDR) and the conformance block.
// Published vectors from the tests of u9n/dlms-cosem (tests/test_xdlms/test_initiate.py), which
// take them from the Green Book examples.
#include "stack/apdu/initiate.hpp"

#include <gtest/gtest.h>

#include "stack/apdu/conformance.hpp"
#include "stack/apdu/tests/acse_test_support.hpp"
#include "stack/apdu/xdlms_error.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::apdu {
namespace {

using codec::codec_errc;
using test::hex;
using test::hex_of;

constexpr const char* kRequest = "01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
constexpr const char* kRequestWithKey =
    "01 01 10 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
constexpr const char* kResponse = "08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07";
constexpr const char* kResponseWithQos = "08 01 00 06 5F 1F 04 00 00 1E 1D 04 C8 00 07";

TEST(InitiateRequest, GreenBookExample) {
  const auto bytes = hex(kRequest);
  const InitiateRequest req = test::round_trip<InitiateRequest>(bytes);
  EXPECT_FALSE(req.dedicated_key);
  EXPECT_TRUE(req.response_allowed);
  EXPECT_FALSE(req.proposed_quality_of_service);
  EXPECT_EQ(req.proposed_dlms_version_number, 6);
  EXPECT_EQ(req.proposed_conformance.to_u32(), 0x007E1FU);
  EXPECT_EQ(req.client_max_receive_pdu_size, 1200);
}

TEST(InitiateRequest, WithDedicatedKey) {
  const auto bytes = hex(kRequestWithKey);
  const InitiateRequest req = test::round_trip<InitiateRequest>(bytes);
  ASSERT_TRUE(req.dedicated_key);
  EXPECT_EQ(to_hex(*req.dedicated_key), hex_of("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF"));
  EXPECT_EQ(req.dedicated_key->data(), bytes.data() + 3);
}

TEST(InitiateRequest, ResponseAllowedAndQualityOfService) {
  // Constructed from the Green Book ASN.1: response-allowed FALSE, quality-of-service 3.
  const auto bytes = hex("01 00 01 00 01 03 06 5F 1F 04 00 00 00 1D FF FF");
  const InitiateRequest req = test::round_trip<InitiateRequest>(bytes);
  EXPECT_FALSE(req.response_allowed);
  EXPECT_EQ(req.proposed_quality_of_service, 3);
  EXPECT_EQ(req.client_max_receive_pdu_size, 0xFFFF);
  // An explicit TRUE decodes as TRUE and is re-encoded as the DEFAULT.
  const auto explicit_true = hex("01 00 01 FF 00 06 5F 1F 04 00 00 7E 1F 04 B0");
  auto v = test::decode_all<InitiateRequest>(explicit_true);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->response_allowed);
  EXPECT_EQ(test::encode_hex(*v), hex_of(kRequest));
}

TEST(InitiateRequest, EveryTruncationIsRejected) {
  test::expect_every_truncation_rejected<InitiateRequest>(kRequest);
  test::expect_every_truncation_rejected<InitiateRequest>(kRequestWithKey);
}

TEST(InitiateRequest, RejectsMalformed) {
  using test::expect_rejected;
  expect_rejected<InitiateRequest>("08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07",
                                   make_error_code(codec_errc::unexpected_tag));
  expect_rejected<InitiateRequest>("01 02 00 00 06 5F 1F 04 00 00 7E 1F 04 B0",
                                   make_error_code(xdlms_errc::invalid_field));
  expect_rejected<InitiateRequest>("01 00 02 00 06 5F 1F 04 00 00 7E 1F 04 B0",
                                   make_error_code(xdlms_errc::invalid_field));
  expect_rejected<InitiateRequest>("01 00 00 02 06 5F 1F 04 00 00 7E 1F 04 B0",
                                   make_error_code(xdlms_errc::invalid_field));
  expect_rejected<InitiateRequest>("01 01 20 00 11", make_error_code(codec_errc::length_past_end));
  expect_rejected<InitiateRequest>("01 01 80 00", make_error_code(codec_errc::bad_length_encoding));
  expect_rejected<InitiateRequest>("01 01 85 00 00 00 00 01",
                                   make_error_code(codec_errc::bad_length_encoding));
  // Conformance: wrong tag, wrong length, unused bits.
  expect_rejected<InitiateRequest>("01 00 00 00 06 5F 1E 04 00 00 7E 1F 04 B0",
                                   make_error_code(codec_errc::unexpected_tag));
  expect_rejected<InitiateRequest>("01 00 00 00 06 5F 1F 03 00 7E 1F 04 B0",
                                   make_error_code(codec_errc::invalid_value));
  expect_rejected<InitiateRequest>("01 00 00 00 06 5F 1F 04 01 00 7E 1F 04 B0",
                                   make_error_code(codec_errc::invalid_value));
  expect_rejected<InitiateRequest>("01 00 00 00", make_error_code(xdlms_errc::truncated));

  codec::Limits limits;
  limits.max_string_length = 15;
  const auto bytes = hex(kRequestWithKey);
  ByteReader r{ByteSpan(bytes)};
  EXPECT_EQ(InitiateRequest::decode(r, limits).error(), make_error_code(codec_errc::limit_exceeded));
  EXPECT_EQ(r.offset(), 2U);
}

TEST(InitiateRequest, EncodesFromFields) {
  InitiateRequest req;
  req.proposed_conformance = ConformanceBlock{}
                                 .set(ConformanceBit::block_transfer_with_get_or_read)
                                 .set(ConformanceBit::block_transfer_with_set_or_write)
                                 .set(ConformanceBit::block_transfer_with_action)
                                 .set(ConformanceBit::multiple_references)
                                 .set(ConformanceBit::get)
                                 .set(ConformanceBit::set)
                                 .set(ConformanceBit::selective_access)
                                 .set(ConformanceBit::action);
  // u9n/dlms-cosem test_aarq.py TestEncodeAARE.test_decode: user-information of 601DA1...1E1DFFFF.
  EXPECT_EQ(test::encode_hex(req), hex_of("01 00 00 00 06 5F 1F 04 00 00 1E 1D FF FF"));
  test::expect_small_buffers_rejected(req);
  const auto key = hex("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF");
  req.dedicated_key = ByteSpan(key);
  req.proposed_conformance = ConformanceBlock::from_u32(0x007E1F);
  req.client_max_receive_pdu_size = 1200;
  EXPECT_EQ(test::encode_hex(req), hex_of(kRequestWithKey));
}

TEST(InitiateRequest, DecodeExact) {
  EXPECT_TRUE(decode_initiate_request(hex(kRequest)));
  EXPECT_EQ(decode_initiate_request(hex(std::string(kRequest) + " 00")).error(),
            make_error_code(xdlms_errc::trailing_bytes));
  EXPECT_EQ(decode_initiate_request(hex("21 00")).error(), make_error_code(xdlms_errc::unsupported));
  EXPECT_EQ(decode_initiate_request({}).error(), make_error_code(xdlms_errc::truncated));
}

TEST(InitiateResponse, GreenBookExamples) {
  const auto bytes = hex(kResponse);
  const InitiateResponse res = test::round_trip<InitiateResponse>(bytes);
  EXPECT_FALSE(res.negotiated_quality_of_service);
  EXPECT_EQ(res.negotiated_dlms_version_number, 6);
  EXPECT_EQ(res.negotiated_conformance.to_u32(), 0x00501FU);
  EXPECT_EQ(res.server_max_receive_pdu_size, 500);
  EXPECT_EQ(res.vaa_name, 0x0007);

  const auto qos = hex(kResponseWithQos);
  const InitiateResponse res2 = test::round_trip<InitiateResponse>(qos);
  EXPECT_EQ(res2.negotiated_quality_of_service, 0);
  EXPECT_EQ(res2.server_max_receive_pdu_size, 1224);
}

TEST(InitiateResponse, ShortNameVaa) {
  // Constructed from the Green Book ASN.1: SN referencing, vaa-name FA00.
  InitiateResponse res;
  res.negotiated_conformance = ConformanceBlock{}
                                   .set(ConformanceBit::read)
                                   .set(ConformanceBit::write)
                                   .set(ConformanceBit::parameterized_access);
  res.server_max_receive_pdu_size = 0x0200;
  res.vaa_name = kVaaNameShortName;
  EXPECT_EQ(test::encode_hex(res), hex_of("08 00 06 5F 1F 04 00 18 00 20 02 00 FA 00"));
  test::expect_small_buffers_rejected(res);
}

TEST(InitiateResponse, EveryTruncationIsRejected) {
  test::expect_every_truncation_rejected<InitiateResponse>(kResponse);
  test::expect_every_truncation_rejected<InitiateResponse>(kResponseWithQos);
  test::expect_rejected<InitiateResponse>("01 00", make_error_code(codec_errc::unexpected_tag));
  test::expect_rejected<InitiateResponse>("08 05", make_error_code(xdlms_errc::invalid_field));
  EXPECT_EQ(decode_initiate_response(hex(std::string(kResponse) + " 00")).error(),
            make_error_code(xdlms_errc::trailing_bytes));
}

TEST(Conformance, GreenBookBitNumbering) {
  // Bit 0 is the most significant bit of the first octet (BIT STRING order).
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::reserved_zero), 0x800000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::general_protection), 0x400000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::general_block_transfer), 0x200000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::read), 0x100000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::write), 0x080000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::unconfirmed_write), 0x040000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::delta_value_encoding), 0x020000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::attribute0_supported_with_set), 0x008000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::priority_mgmt_supported), 0x004000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::attribute0_supported_with_get), 0x002000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::block_transfer_with_get_or_read), 0x001000U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::block_transfer_with_set_or_write), 0x000800U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::block_transfer_with_action), 0x000400U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::multiple_references), 0x000200U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::information_report), 0x000100U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::data_notification), 0x000080U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::access), 0x000040U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::parameterized_access), 0x000020U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::get), 0x000010U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::set), 0x000008U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::selective_access), 0x000004U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::event_notification), 0x000002U);
  EXPECT_EQ(ConformanceBlock::mask(ConformanceBit::action), 0x000001U);
}

TEST(Conformance, DlmsCosemProposal) {
  // INTEROP.md: dlms-cosem proposes 20 52 5F (general-block-transfer among others).
  const auto c = ConformanceBlock::from_u32(0x20525F);
  EXPECT_TRUE(c.has(ConformanceBit::general_block_transfer));
  EXPECT_TRUE(c.has(ConformanceBit::priority_mgmt_supported));
  EXPECT_TRUE(c.has(ConformanceBit::block_transfer_with_get_or_read));
  EXPECT_TRUE(c.has(ConformanceBit::multiple_references));
  EXPECT_FALSE(c.has(ConformanceBit::block_transfer_with_action));
  EXPECT_TRUE(c.has(ConformanceBit::get));
  EXPECT_TRUE(c.has(ConformanceBit::action));
  EXPECT_FALSE(c.has(ConformanceBit::general_protection));
  const auto server = ConformanceBlock::from_u32(0x007E1F);
  EXPECT_EQ((c & server).to_u32(), 0x00521FU);
  EXPECT_EQ((c | server).to_u32(), 0x207E5FU);
  EXPECT_EQ(ConformanceBlock::from_u32(0xFF123456).to_u32(), 0x123456U);
  auto x = server;
  x.set(ConformanceBit::get, false);
  EXPECT_FALSE(x.has(ConformanceBit::get));
}

}  // namespace
}  // namespace dlms::apdu
