// ClientEngine: exact request bytes for each service and parsing of the answers, driven by
// hand. Published vectors: the Green Book (DLMS UA 1000-2 ed. 10) AARQ/AARE examples, as
// quoted in the tests of u9n/dlms-cosem (tests/test_asce) and in stack/apdu/tests; the GET
// request of the Clock time attribute (Green Book 9.3 GET examples, also Table 40's plaintext).
#include "stack/client/client_engine.hpp"

#include <array>
#include <string>

#include <gtest/gtest.h>

#include "stack/apdu/xdlms_error.hpp"
#include "stack/client/tests/client_test_support.hpp"
#include "stack/codec/codec_error.hpp"

namespace dlms::client {
namespace {

using test::Bytes;
using test::hex;
using test::hex_of;

constexpr const char* kAarqLowest =
    "60 1D A1 09 06 07 60 85 74 05 08 01 01 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
constexpr const char* kAarqLowLevel =
    "60 36 A1 09 06 07 60 85 74 05 08 01 01 8A 02 07 80 8B 07 60 85 74 05 08 02 01 AC 0A 80 08 31 32 33 34 "
    "35 36 37 38 BE 10 04 0E 01 00 00 00 06 5F 1F 04 00 00 7E 1F 04 B0";
// Green Book: LN with ciphering, LLS "12345678", calling-AP-title 4D4D4D0000BC614E, the
// InitiateRequest glo-ciphered (SC 30, IC 01234567) with the Table 40 keys.
constexpr const char* kAarqCipheredLowLevel =
    "60 66 A1 09 06 07 60 85 74 05 08 01 03 A6 0A 04 08 4D 4D 4D 00 00 BC 61 4E 8A 02 07 80 8B 07 60 85 74 "
    "05 08 02 01 AC 0A 80 08 31 32 33 34 35 36 37 38 BE 34 04 32 21 30 30 01 23 45 67 80 13 02 FF 8A 78 74 "
    "13 3D 41 4C ED 25 B4 25 34 D2 8D B0 04 77 20 60 6B 17 5B D5 22 11 BE 68 41 DB 20 4D 39 EE 6F DB 8E 35 "
    "68 55";
constexpr const char* kAareAccepted =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 00 50 1F 01 F4 00 07";
constexpr const char* kAareRejectedContext =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 02 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 00 50 1F 01 F4 00 07";
constexpr const char* kAareRejectedVersion =
    "61 1F A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 01 A3 05 A1 03 02 01 01 BE 06 04 04 0E 01 06 01";
// Accepted, conformance 00 1E 1D (block transfer with get, set and action), max PDU 1224.
constexpr const char* kAareBlocks =
    "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 5F 1F "
    "04 00 00 1E 1D 04 C8 00 07";

constexpr const char* kGetClock = "C0 01 C1 00 08 00 00 01 00 00 FF 02 00";
const apdu::CosemAttributeDescriptor kClockTime{8, {0, 0, 1, 0, 0, 255}, 2};

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() { config.max_receive_pdu_size = 0x04B0; }

  ClientEngine& engine() {
    if (!engine_) {
      engine_.emplace(config, &backend, EngineBuffers{request_scratch, response_scratch, gbt});
    }
    return *engine_;
  }
  std::string request() {
    Result<ByteSpan> r = engine().next_request(out);
    EXPECT_TRUE(r) << r.error().message();
    return r ? hex_of(*r) : std::string();
  }
  Result<Progress> respond(std::string_view h) {
    response = hex(h);
    return engine().on_response(response);
  }
  void associate(const char* aare = kAareAccepted) {
    ASSERT_TRUE(engine().begin_associate());
    request();
    Result<Progress> p = respond(aare);
    ASSERT_TRUE(p) << p.error().message();
    ASSERT_TRUE(engine().associated());
  }

  ClientConfig config;
  security::OpenSslBackend backend;
  std::array<std::uint8_t, 2048> request_scratch{};
  std::array<std::uint8_t, 2048> response_scratch{};
  std::array<std::uint8_t, 2048> gbt{};
  std::array<std::uint8_t, 2048> out{};
  std::array<std::uint8_t, 4096> result{};
  Bytes response;
  std::optional<ClientEngine> engine_;
};

TEST_F(EngineTest, AarqLowestLevelSecurityIsTheGreenBookExample) {
  ASSERT_TRUE(engine().begin_associate());
  EXPECT_EQ(request(), kAarqLowest);
}

TEST_F(EngineTest, AarqLowLevelSecurityIsTheGreenBookExample) {
  const Bytes password = hex("3132333435363738");
  config.mechanism = security::AuthenticationMechanism::lls;
  config.password = password;
  ASSERT_TRUE(engine().begin_associate());
  EXPECT_EQ(request(), kAarqLowLevel);
}

TEST_F(EngineTest, AarqWithCipheredInitiateRequestIsTheGreenBookExample) {
  // The example's InitiateRequest carries a dedicated key and proposes 00 7E 1F, PDU 1200.
  const Bytes password = hex("3132333435363738");
  config.mechanism = security::AuthenticationMechanism::lls;
  config.password = password;
  config.system_title = test::title(test::kTitleA);
  config.keys = test::green_book_keys();
  config.ciphering = CipheringConfig{};
  config.invocation_counter = 0x01234567;
  // Decipher the published user-information to learn the dedicated key it proposes.
  const Bytes aarq = hex(kAarqCipheredLowLevel);
  const ByteSpan ui = ByteSpan(aarq).subspan(aarq.size() - 0x32);
  std::array<std::uint8_t, 64> plain{};
  security::UnprotectionParams p;
  p.peer_system_title = config.system_title;
  auto u = security::unprotect(backend, config.keys, p, nullptr, ui, plain);
  ASSERT_TRUE(u) << u.error().message();
  auto ir = apdu::decode_initiate_request(u->apdu);
  ASSERT_TRUE(ir);
  ASSERT_TRUE(ir->dedicated_key);
  ASSERT_TRUE(config.keys.set(security::KeyId::dedicated, *ir->dedicated_key));
  config.use_dedicated_key = true;
  config.proposed_conformance = ir->proposed_conformance;
  config.max_receive_pdu_size = ir->client_max_receive_pdu_size;
  ASSERT_TRUE(engine().begin_associate());
  EXPECT_EQ(request(), kAarqCipheredLowLevel);
}

TEST_F(EngineTest, AareAcceptedReportsWhatWasNegotiated) {
  associate();
  const AssociationInfo& info = engine().association();
  EXPECT_TRUE(info.outcome.ok());
  EXPECT_EQ(info.negotiated_conformance.to_u32(), 0x00501FU);
  EXPECT_EQ(info.server_max_receive_pdu_size, 500);
  EXPECT_EQ(info.proposed_conformance.to_u32(), 0x007E1FU);
  EXPECT_EQ(info.dlms_version, 6);
  EXPECT_EQ(info.vaa_name, 7);
  EXPECT_EQ(info.application_context, apdu::ApplicationContextName::logical_name);
  EXPECT_FALSE(info.has_server_system_title);
  // A second associate while open is refused.
  EXPECT_EQ(engine().begin_associate().error(), client_errc::already_associated);
}

TEST_F(EngineTest, AareRejectionIsAnOutcomeWithTheDiagnostic) {
  ASSERT_TRUE(engine().begin_associate());
  request();
  Result<Progress> p = respond(kAareRejectedContext);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, Progress::complete);
  EXPECT_FALSE(engine().associated());
  const DlmsOutcome& o = engine().association().outcome;
  EXPECT_EQ(o.kind, DlmsOutcome::Kind::association_rejected);
  EXPECT_EQ(o.describe().view(),
            "association rejected-permanent: acse-service-user application-context-name-not-supported (2)");
  EXPECT_EQ(engine().begin_get(kClockTime, std::nullopt, result).error(), client_errc::not_associated);
}

TEST_F(EngineTest, AareWithConfirmedServiceErrorNamesTheInitiateError) {
  ASSERT_TRUE(engine().begin_associate());
  request();
  ASSERT_TRUE(respond(kAareRejectedVersion));
  const DlmsOutcome& o = engine().association().outcome;
  EXPECT_EQ(o.kind, DlmsOutcome::Kind::confirmed_service_error);
  EXPECT_EQ(o.describe().view(), "confirmed-service-error initiateError / initiate dlms-version-too-low (1)");
}

TEST_F(EngineTest, AareTruncatedAtEveryByteIsRejectedCleanly) {
  const Bytes full = hex(kAareAccepted);
  for (std::size_t n = 1; n < full.size(); ++n) {
    engine_.reset();
    ASSERT_TRUE(engine().begin_associate());
    request();
    Result<Progress> p = engine().on_response(ByteSpan(full.data(), n));
    EXPECT_FALSE(p) << n;
    EXPECT_FALSE(engine().associated());
    EXPECT_EQ(engine().operation(), Operation::none);
  }
}

TEST_F(EngineTest, AareWithAnotherContextOrGarbageIsAnError) {
  ASSERT_TRUE(engine().begin_associate());
  request();
  // Accepted, but for LN with ciphering.
  EXPECT_EQ(
      respond("61 29 A1 09 06 07 60 85 74 05 08 01 03 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 "
              "00 06 5F 1F 04 00 00 50 1F 01 F4 00 07")
          .error(),
      client_errc::context_mismatch);
  ASSERT_TRUE(engine().begin_associate());
  request();
  EXPECT_EQ(respond("C4 01 C1 00 00").error(), client_errc::unexpected_response);
  ASSERT_TRUE(engine().begin_associate());
  request();
  // user-information neither InitiateResponse nor ConfirmedServiceError.
  EXPECT_EQ(
      respond("61 1F A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 06 04 04 C0 "
              "01 06 01")
          .error(),
      client_errc::invalid_aare);
}

TEST_F(EngineTest, GetRequestNormalAndItsResponse) {
  associate();
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  EXPECT_EQ(request(), kGetClock);
  Result<Progress> p = respond("C4 01 C1 00 09 0C 07 E4 01 01 03 00 00 00 00 80 00 00");
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(*p, Progress::complete);
  EXPECT_TRUE(engine().outcome().ok());
  EXPECT_EQ(hex_of(engine().result()), "09 0C 07 E4 01 01 03 00 00 00 00 80 00 00");
}

TEST_F(EngineTest, GetWithSelectiveAccess) {
  associate();
  const Bytes params =
      hex("02 04 02 04 12 00 08 09 06 00 00 01 00 00 FF 0F 02 12 00 00 09 0C 07 E4 01 01 FF FF "
          "FF FF FF 80 00 FF 09 0C 07 E4 01 02 FF FF FF FF FF 80 00 FF 01 00");
  auto view = codec::read_data_exact(params);
  ASSERT_TRUE(view);
  ASSERT_TRUE(
      engine().begin_get({7, {1, 0, 99, 1, 0, 255}, 2}, apdu::SelectiveAccessDescriptor{1, *view}, result));
  EXPECT_EQ(request(), "C0 01 C1 00 07 01 00 63 01 00 FF 02 01 01 " + hex_of(params));
}

TEST_F(EngineTest, GetDataAccessResultIsAnOutcome) {
  associate();
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  ASSERT_TRUE(respond("C4 01 C1 01 03"));
  EXPECT_EQ(engine().outcome().kind, DlmsOutcome::Kind::data_access_result);
  EXPECT_EQ(engine().outcome().data_access_result(), apdu::DataAccessResult::read_write_denied);
  EXPECT_EQ(engine().outcome().describe().view(), "data-access-result read-write-denied (3)");
  EXPECT_TRUE(engine().result().empty());
}

TEST_F(EngineTest, ExceptionResponseIsAnOutcome) {
  associate();
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  ASSERT_TRUE(respond("D8 01 02"));
  EXPECT_EQ(engine().outcome().kind, DlmsOutcome::Kind::exception_response);
  EXPECT_EQ(engine().outcome().describe().view(),
            "exception-response service-not-allowed / service-not-supported");
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  ASSERT_TRUE(respond("D8 01 06 00 00 01 00"));
  EXPECT_EQ(
      engine().outcome().describe().view(),
      "exception-response service-not-allowed / invocation-counter-error (expected invocation counter 256)");
}

TEST_F(EngineTest, GetDatablocksEndWithTheLastBlock) {
  associate(kAareBlocks);
  ASSERT_TRUE(engine().begin_get({7, {1, 0, 99, 1, 0, 255}, 2}, std::nullopt, result));
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 01 00 04 01 03 12 00").value(), Progress::send_request);
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 02 00 04 01 12 00 02").value(), Progress::send_request);
  request();
  Result<Progress> p = respond("C4 02 C1 01 00 00 00 03 00 02 12 00");
  // The blocks concatenated must be exactly one Data: 01 03 12 00 01 12 00 02 12 00 is short.
  EXPECT_FALSE(p);
  ASSERT_TRUE(engine().begin_get({7, {1, 0, 99, 1, 0, 255}, 2}, std::nullopt, result));
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 01 00 04 01 03 12 00").value(), Progress::send_request);
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 02 00 04 01 12 00 02").value(), Progress::send_request);
  request();
  p = respond("C4 02 C1 01 00 00 00 03 00 03 12 00 03");
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(*p, Progress::complete);
  EXPECT_EQ(hex_of(engine().result()), "01 03 12 00 01 12 00 02 12 00 03");
  EXPECT_EQ(engine().blocks_received(), 3U);
}

TEST_F(EngineTest, GetDatablockOutOfSequenceOrTooLargeIsRefused) {
  associate(kAareBlocks);
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  EXPECT_EQ(respond("C4 02 C1 00 00 00 00 02 00 01 00").error(), client_errc::block_number_mismatch);
  EXPECT_EQ(engine().operation(), Operation::none);
  EXPECT_TRUE(engine().associated());
  // A result buffer of 4 octets cannot hold 5.
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, MutableByteSpan(result).first(4)));
  request();
  EXPECT_EQ(respond("C4 02 C1 00 00 00 00 01 00 05 01 02 03 04 05").error(), client_errc::response_too_large);
  // The server aborts the transfer with a data-access-result.
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  ASSERT_TRUE(respond("C4 02 C1 01 00 00 00 01 01 0F"));
  EXPECT_EQ(engine().outcome().data_access_result(), apdu::DataAccessResult::long_get_aborted);
}

TEST_F(EngineTest, MaxBlocksBoundsTheTransfer) {
  config.max_blocks = 2;
  associate(kAareBlocks);
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 01 00 01 01").value(), Progress::send_request);
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 02 00 01 01").value(), Progress::send_request);
  request();
  EXPECT_EQ(respond("C4 02 C1 00 00 00 00 03 00 01 01").error(), client_errc::too_many_blocks);
}

TEST_F(EngineTest, GetWithList) {
  associate();
  const std::array<apdu::CosemAttributeDescriptorWithSelection, 2> items{{
      {kClockTime, std::nullopt},
      {{3, {1, 0, 1, 8, 0, 255}, 2}, std::nullopt},
  }};
  ASSERT_TRUE(engine().begin_get_list(items, result));
  EXPECT_EQ(request(), "C0 03 C1 02 00 08 00 00 01 00 00 FF 02 00 00 03 01 00 01 08 00 FF 02 00");
  ASSERT_TRUE(respond("C4 03 C1 02 00 06 00 00 01 2C 01 04"));
  EXPECT_TRUE(engine().outcome().ok());
  EXPECT_EQ(hex_of(engine().result()), "02 00 06 00 00 01 2C 01 04");
  // Another count than requested.
  ASSERT_TRUE(engine().begin_get_list(items, result));
  request();
  EXPECT_EQ(respond("C4 03 C1 01 00 06 00 00 01 2C").error(), client_errc::list_size_mismatch);
}

TEST_F(EngineTest, SetRequestNormal) {
  associate();
  const Bytes value = hex("09 0C 07 E4 01 01 03 00 00 00 00 80 00 00");
  ASSERT_TRUE(engine().begin_set(kClockTime, std::nullopt, codec::read_data_exact(value).value()));
  EXPECT_EQ(request(), "C1 01 C1 00 08 00 00 01 00 00 FF 02 00 " + hex_of(value));
  ASSERT_TRUE(respond("C5 01 C1 00"));
  EXPECT_TRUE(engine().outcome().ok());
  ASSERT_TRUE(engine().begin_set(kClockTime, std::nullopt, codec::read_data_exact(value).value()));
  request();
  ASSERT_TRUE(respond("C5 01 C1 03"));
  EXPECT_EQ(engine().outcome().data_access_result(), apdu::DataAccessResult::read_write_denied);
}

TEST_F(EngineTest, SetWithList) {
  associate();
  const std::array<apdu::CosemAttributeDescriptorWithSelection, 2> items{{
      {{1, {0, 0, 96, 1, 0, 255}, 2}, std::nullopt},
      {{1, {0, 0, 96, 1, 1, 255}, 2}, std::nullopt},
  }};
  const Bytes a = hex("12 00 01");
  const Bytes b = hex("12 00 02");
  const std::array<codec::DataView, 2> values{codec::read_data_exact(a).value(),
                                              codec::read_data_exact(b).value()};
  ASSERT_TRUE(engine().begin_set_list(items, values, result));
  EXPECT_EQ(request(),
            "C1 04 C1 02 00 01 00 00 60 01 00 FF 02 00 00 01 00 00 60 01 01 FF 02 00 02 12 00 01 12 00 02");
  ASSERT_TRUE(respond("C5 05 C1 02 00 03"));
  EXPECT_EQ(hex_of(engine().result()), "02 00 03");
}

TEST_F(EngineTest, LongSetGoesInDatablocks) {
  // Server max receive PDU 40: an octet-string of 60 octets needs three blocks.
  associate(
      "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 "
      "5F 1F 04 00 00 1E 1D 00 28 00 07");
  Bytes value = hex("09 3C");
  for (int i = 0; i < 60; ++i) {
    value.push_back(static_cast<std::uint8_t>(i));
  }
  const apdu::CosemAttributeDescriptor image{18, {0, 0, 44, 0, 0, 255}, 2};
  ASSERT_TRUE(engine().begin_set(image, std::nullopt, codec::read_data_exact(value).value()));
  // header 3 + 9 + 1 + 5 = 18, raw-data length 3: 40 - 21 = 19 octets a block.
  EXPECT_EQ(request(),
            "C1 02 C1 00 12 00 00 2C 00 00 FF 02 00 00 00 00 00 01 13 " + hex_of(ByteSpan(value).first(19)));
  ASSERT_EQ(respond("C5 02 C1 00 00 00 01").value(), Progress::send_request);
  EXPECT_EQ(request(), "C1 03 C1 00 00 00 00 02 13 " + hex_of(ByteSpan(value).subspan(19, 19)));
  // An acknowledgement of the wrong block.
  EXPECT_EQ(respond("C5 02 C1 00 00 00 01").error(), client_errc::block_number_mismatch);

  ASSERT_TRUE(engine().begin_set(image, std::nullopt, codec::read_data_exact(value).value()));
  request();
  ASSERT_EQ(respond("C5 02 C1 00 00 00 01").value(), Progress::send_request);
  request();
  ASSERT_EQ(respond("C5 02 C1 00 00 00 02").value(), Progress::send_request);
  request();
  ASSERT_EQ(respond("C5 02 C1 00 00 00 03").value(), Progress::send_request);
  EXPECT_EQ(request(), "C1 03 C1 01 00 00 00 04 05 " + hex_of(ByteSpan(value).subspan(57)));
  ASSERT_EQ(respond("C5 03 C1 00 00 00 00 04").value(), Progress::complete);
  EXPECT_TRUE(engine().outcome().ok());
  EXPECT_EQ(engine().blocks_sent(), 4U);
}

TEST_F(EngineTest, LongSetWithoutBlockTransferIsRefusedBeforeSending) {
  associate(
      "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 "
      "5F 1F 04 00 00 00 1D 00 28 00 07");
  const Bytes value(60, 0x00);
  Bytes encoded = hex("09 3A");
  encoded.insert(encoded.end(), value.begin(), value.begin() + 58);
  EXPECT_EQ(engine().begin_set(kClockTime, std::nullopt, codec::read_data_exact(encoded).value()).error(),
            client_errc::request_too_large);
  EXPECT_EQ(engine().operation(), Operation::none);
}

TEST_F(EngineTest, ActionRequestNormal) {
  associate();
  const Bytes param = hex("0F 00");
  // Disconnect control 0.0.96.3.10.255 remote_disconnect (method 1).
  ASSERT_TRUE(
      engine().begin_action({70, {0, 0, 96, 3, 10, 255}, 1}, codec::read_data_exact(param).value(), result));
  EXPECT_EQ(request(), "C3 01 C1 00 46 00 00 60 03 0A FF 01 01 0F 00");
  ASSERT_TRUE(respond("C7 01 C1 00 00"));
  EXPECT_TRUE(engine().outcome().ok());
  EXPECT_TRUE(engine().result().empty());
  // No parameters; a refusal; return parameters.
  ASSERT_TRUE(engine().begin_action({70, {0, 0, 96, 3, 10, 255}, 2}, std::nullopt, result));
  EXPECT_EQ(request(), "C3 01 C1 00 46 00 00 60 03 0A FF 02 00");
  ASSERT_TRUE(respond("C7 01 C1 0B 00"));
  EXPECT_EQ(engine().outcome().describe().view(), "action-result object-unavailable (11)");
  ASSERT_TRUE(engine().begin_action({70, {0, 0, 96, 3, 10, 255}, 2}, std::nullopt, result));
  request();
  ASSERT_TRUE(respond("C7 01 C1 00 01 00 11 05"));
  EXPECT_EQ(hex_of(engine().result()), "11 05");
  ASSERT_TRUE(engine().begin_action({70, {0, 0, 96, 3, 10, 255}, 2}, std::nullopt, result));
  request();
  ASSERT_TRUE(respond("C7 01 C1 00 01 01 03"));
  EXPECT_EQ(engine().action_return_access_result(), apdu::DataAccessResult::read_write_denied);
}

TEST_F(EngineTest, LongActionGoesInPblocksAndLongReturnComesInPblocks) {
  associate(
      "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 "
      "5F 1F 04 00 00 1E 1D 00 28 00 07");
  Bytes value = hex("09 1E");
  for (int i = 0; i < 30; ++i) {
    value.push_back(static_cast<std::uint8_t>(0xA0 + i));
  }
  const apdu::CosemMethodDescriptor transfer{18, {0, 0, 44, 0, 0, 255}, 2};
  ASSERT_TRUE(engine().begin_action(transfer, codec::read_data_exact(value).value(), result));
  // 3 + 9 + 5 = 17, raw length 3: 40 - 20 = 20 octets a block.
  EXPECT_EQ(request(),
            "C3 04 C1 00 12 00 00 2C 00 00 FF 02 00 00 00 00 01 14 " + hex_of(ByteSpan(value).first(20)));
  ASSERT_EQ(respond("C7 04 C1 00 00 00 01").value(), Progress::send_request);
  EXPECT_EQ(request(), "C3 06 C1 01 00 00 00 02 0C " + hex_of(ByteSpan(value).subspan(20)));
  // The server answers with its return parameters in two pblocks.
  // Their raw-data is the Action-Response-With-Optional-Data: result, return parameters.
  ASSERT_EQ(respond("C7 02 C1 00 00 00 00 01 04 00 01 00 01").value(), Progress::send_request);
  EXPECT_EQ(request(), "C3 02 C1 00 00 00 01");
  ASSERT_EQ(respond("C7 02 C1 01 00 00 00 02 05 02 11 01 11 02").value(), Progress::complete);
  EXPECT_TRUE(engine().outcome().ok());
  EXPECT_EQ(hex_of(engine().result()), "01 02 11 01 11 02");
}

TEST_F(EngineTest, ResponseToAnotherInvokeIdOrServiceIsRefused) {
  associate();
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  EXPECT_EQ(respond("C4 01 C2 00 11 01").error(), client_errc::invoke_id_mismatch);
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  EXPECT_EQ(respond("C5 01 C1 00").error(), client_errc::unexpected_response);
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  EXPECT_EQ(respond("C4 01 C1 00 11 01 00").error(), apdu::xdlms_errc::trailing_bytes);
}

TEST_F(EngineTest, GetResponseTruncatedAtEveryByteIsRejectedCleanly) {
  associate();
  const Bytes full = hex("C4 01 C1 00 02 02 09 06 01 00 01 08 00 FF 06 00 00 01 2C");
  for (std::size_t n = 1; n < full.size(); ++n) {
    ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
    request();
    EXPECT_FALSE(engine().on_response(ByteSpan(full.data(), n))) << n;
    EXPECT_TRUE(engine().associated());
  }
}

TEST_F(EngineTest, InvokeIdsCountUpWhenAsked) {
  config.increment_invoke_id = true;
  config.invoke_id = 15;
  associate();  // uses 15
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  EXPECT_EQ(request(), "C0 01 C0 00 08 00 00 01 00 00 FF 02 00");
  ASSERT_TRUE(respond("C4 01 C0 00 11 01"));
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  EXPECT_EQ(request(), "C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
}

TEST_F(EngineTest, StateErrors) {
  EXPECT_EQ(engine().begin_get(kClockTime, std::nullopt, result).error(), client_errc::not_associated);
  EXPECT_EQ(engine().next_request(out).error(), client_errc::no_operation);
  EXPECT_EQ(engine().on_response(out).error(), client_errc::no_operation);
  associate();
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  EXPECT_EQ(engine().begin_get(kClockTime, std::nullopt, result).error(), client_errc::busy);
  request();
  EXPECT_EQ(engine().next_request(out).error(), client_errc::busy);
  engine().abort();
  EXPECT_EQ(engine().operation(), Operation::none);
  EXPECT_TRUE(engine().associated());
}

TEST_F(EngineTest, ReleaseAndAMalformedRlre) {
  associate();
  ASSERT_TRUE(engine().begin_release());
  EXPECT_EQ(request(), "62 03 80 01 00");
  ASSERT_TRUE(respond("63 03 80 01 00"));
  EXPECT_FALSE(engine().associated());
  EXPECT_FALSE(engine().release_deviation());
  associate();
  ASSERT_TRUE(engine().begin_release());
  request();
  // An RLRE whose BER length is too short (INTEROP.md): tolerated and reported.
  ASSERT_TRUE(respond("63 01 80 01 00"));
  EXPECT_FALSE(engine().associated());
  EXPECT_TRUE(engine().release_deviation());
}

TEST_F(EngineTest, GeneralBlockTransferWhenConfiguredAndNegotiated) {
  config.use_general_block_transfer = true;
  config.proposed_conformance = kDefaultProposedConformance | apdu::ConformanceBlock::from_u32(0x200000);
  associate(
      "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 "
      "5F 1F 04 00 20 1E 1D 04 C8 00 07");
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  // Green Book 9.3.11: block-control (last, window 1), block-number, block-number-ack, data.
  EXPECT_EQ(request(), "E0 81 00 01 00 00 0D " + std::string(kGetClock));
  // The response in two blocks: C4 01 C1 00 | 09 02 AB CD.
  ASSERT_EQ(respond("E0 01 00 01 00 01 04 C4 01 C1 00").value(), Progress::send_request);
  EXPECT_EQ(request(), "E0 01 00 02 00 01 00");
  ASSERT_EQ(respond("E0 81 00 02 00 02 04 09 02 AB CD").value(), Progress::complete);
  EXPECT_EQ(hex_of(engine().result()), "09 02 AB CD");
  // A block out of sequence.
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  request();
  EXPECT_EQ(respond("E0 81 00 05 00 03 04 09 02 AB CD").error(), client_errc::block_number_mismatch);
}

TEST_F(EngineTest, NoGeneralBlockTransferUnlessNegotiated) {
  config.use_general_block_transfer = true;
  associate();  // 00 50 1F: no GBT
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  EXPECT_EQ(request(), kGetClock);
}

TEST_F(EngineTest, RequestLargerThanTheServerAcceptsIsRefused) {
  associate(
      "61 29 A1 09 06 07 60 85 74 05 08 01 01 A2 03 02 01 00 A3 05 A1 03 02 01 00 BE 10 04 0E 08 00 06 "
      "5F 1F 04 00 00 1E 1D 00 0C 00 07");
  ASSERT_TRUE(engine().begin_get(kClockTime, std::nullopt, result));
  EXPECT_EQ(engine().next_request(out).error(), client_errc::request_too_large);
  EXPECT_EQ(engine().operation(), Operation::none);
}

}  // namespace
}  // namespace dlms::client

namespace dlms::client {
namespace {

// A ResultSink that hands its octets on (records the pieces) and may refuse one.
class PieceRecorder final : public ResultSink {
 public:
  Status append(ByteSpan octets) noexcept override {
    pieces.push_back(hex_of(octets));
    if (refuse_at != 0 && pieces.size() == refuse_at) {
      return codec::codec_errc::type_mismatch;
    }
    return {};
  }
  std::vector<std::string> pieces;
  std::size_t refuse_at = 0;
};

// Green Book 9.3.8: each get-response-with-datablock's raw-data is handed to the sink as it
// arrives; nothing is reassembled, so the engine leaves validation to the sink.
TEST_F(EngineTest, GetDatablocksStreamedToASink) {
  associate(kAareBlocks);
  PieceRecorder sink;
  ASSERT_TRUE(engine().begin_get({7, {1, 0, 99, 1, 0, 255}, 2}, std::nullopt, sink));
  // The scratch buffers can be replaced only between operations.
  EXPECT_EQ(engine().set_buffers(EngineBuffers{request_scratch, response_scratch, gbt}).error(),
            client_errc::busy);
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 01 00 04 01 03 12 00").value(), Progress::send_request);
  EXPECT_EQ(request(), "C0 02 C1 00 00 00 01");
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 02 00 04 01 12 00 02").value(), Progress::send_request);
  request();
  Result<Progress> p = respond("C4 02 C1 01 00 00 00 03 00 02 12 00");  // short of one Data
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(*p, Progress::complete);
  EXPECT_TRUE(engine().outcome().ok());
  EXPECT_TRUE(engine().result().empty());
  ASSERT_EQ(sink.pieces.size(), 3U);
  EXPECT_EQ(sink.pieces[0], "01 03 12 00");
  EXPECT_EQ(sink.pieces[2], "12 00");
  EXPECT_TRUE(engine().set_buffers(EngineBuffers{request_scratch, response_scratch, gbt}));

  // The sink's error ends the operation; the association stays.
  PieceRecorder refusing;
  refusing.refuse_at = 2;
  ASSERT_TRUE(engine().begin_get({7, {1, 0, 99, 1, 0, 255}, 2}, std::nullopt, refusing));
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 01 00 04 01 03 12 00").value(), Progress::send_request);
  request();
  EXPECT_EQ(respond("C4 02 C1 00 00 00 00 02 00 04 01 12 00 02").error(), codec::codec_errc::type_mismatch);
  EXPECT_EQ(engine().operation(), Operation::none);
  EXPECT_TRUE(engine().associated());

  // max_response_size bounds what a sink is given, as it bounds a buffer.
  config.max_response_size = 6;
  engine_.reset();
  associate(kAareBlocks);
  PieceRecorder bounded;
  ASSERT_TRUE(engine().begin_get({7, {1, 0, 99, 1, 0, 255}, 2}, std::nullopt, bounded));
  request();
  ASSERT_EQ(respond("C4 02 C1 00 00 00 00 01 00 04 01 03 12 00").value(), Progress::send_request);
  request();
  EXPECT_EQ(respond("C4 02 C1 00 00 00 00 02 00 04 01 12 00 02").error(), client_errc::response_too_large);
  EXPECT_EQ(bounded.pieces.size(), 1U);
}

}  // namespace
}  // namespace dlms::client
