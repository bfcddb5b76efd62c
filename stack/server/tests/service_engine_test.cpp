#include "stack/server/service_engine.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "stack/apdu/apdu.hpp"
#include "stack/server/tests/engine_fixture.hpp"

namespace dlms::server::testing {
namespace {

// Canonical spelling of a hex string (upper case, one space between octets).
std::string norm(std::string_view h) { return to_hex(hex(h), ' '); }

#define EXPECT_RESPONSE(request, expected) EXPECT_EQ(run(request), norm(expected))

// ---- GET -----------------------------------------------------------------------------------
// Green Book xDLMS: Get-Request-Normal = C0 01 invoke-id class-id(2) instance-id(6)
// attribute-id access-selection-flag; Get-Response-Normal = C4 01 invoke-id Get-Data-Result.
// The request is the one the project README decodes (dlms-cosem's Clock time read uses the
// same layout, C0 01 C1 00 08 00 00 01 00 00 FF 02 00).

TEST_F(EngineTest, GetNormalRegisterValue) {
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 04 D2");
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 03 00", "C4 01 C1 00 02 02 0F FF 16 1E");
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 01 00", "C4 01 C1 00 09 06 01 00 01 08 00 FF");
}

// Green Book Table 40 (the ciphering example) deciphers to C0 01 00 00 08 00 00 01 00 00 FF
// 02 00: attribute 2 of the Clock 0.0.1.0.0.255, invoke-id-and-priority 00. No Clock in this
// association: the answer keeps invoke-id 00 and says object-undefined.
TEST_F(EngineTest, GreenBookTable40PlainRequest) {
  EXPECT_RESPONSE("C0 01 00 00 08 00 00 01 00 00 FF 02 00", "C4 01 00 01 04");
}

TEST_F(EngineTest, InvokeIdAndPriorityEchoedExactly) {
  // INTEROP.md: dlms-cosem counts C0, C1, ...; Gurux sends C1 (81 in old traces); 0 included.
  for (const char* iid : {"C0", "C1", "CF", "81", "40", "00", "FF"}) {
    EXPECT_EQ(run(std::string("C0 01 ") + iid + " 00 03 01 00 01 08 00 FF 02 00"),
              norm(std::string("C4 01 ") + iid + " 00 06 00 00 04 D2"));
  }
}

TEST_F(EngineTest, GetChecksInOrder) {
  // Unknown object: object-undefined (4).
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 09 08 00 FF 02 00", "C4 01 C1 01 04");
  // Known logical name, other class: object-class-inconsistent (9).
  EXPECT_RESPONSE("C0 01 C1 00 01 01 00 01 08 00 FF 02 00", "C4 01 C1 01 09");
  // Attribute id out of range (0, 4, negative): object-undefined.
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 04 00", "C4 01 C1 01 04");
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 00 00", "C4 01 C1 01 04");
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF FF 00", "C4 01 C1 01 04");
  // No read access: read-write-denied (3).
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 03 08 00 FF 02 00", "C4 01 C1 01 03");
  EXPECT_EQ(no_access.gets, 0);
  // Selective access on an attribute without selectors: other-reason (250).
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02 01 01 00", "C4 01 C1 01 FA");
  EXPECT_EQ(energy.gets, 0);
}

TEST_F(EngineTest, RequestProtectionRequiredByAccessMode) {
  // Attribute 2 of kSecured demands authenticated and encrypted requests (Association LN v3
  // access modes): without them scope-of-access-violated (13), nothing set.
  const char* set = "C1 01 C1 00 03 01 00 04 08 00 FF 02 00 06 00 00 00 09";
  EXPECT_RESPONSE(set, "C5 01 C1 0D");
  EXPECT_EQ(run(set, access::kAuthenticatedRequest), norm("C5 01 C1 0D"));
  EXPECT_EQ(secured.sets, 0);
  EXPECT_EQ(run(set, access::kAuthenticatedRequest | access::kEncryptedRequest), norm("C5 01 C1 00"));
  EXPECT_EQ(secured.value(), 9U);
  // The protection bits of a mode hold for reading too; attribute 3 needs none.
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 04 08 00 FF 02 00", "C4 01 C1 01 0D");
  EXPECT_EQ(run("C0 01 C1 00 03 01 00 04 08 00 FF 02 00",
                access::kAuthenticatedRequest | access::kEncryptedRequest),
            norm("C4 01 C1 00 06 00 00 00 09"));
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 04 08 00 FF 03 00", "C4 01 C1 00 02 02 0F FF 16 1E");
  // Method 1 needs an authenticated request.
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 04 08 00 FF 01 01 0F 00", "C7 01 C1 0D 00");
  EXPECT_EQ(run("C3 01 C1 00 03 01 00 04 08 00 FF 01 01 0F 00", access::kAuthenticatedRequest),
            norm("C7 01 C1 00 00"));
}

TEST_F(EngineTest, SelectiveAccessPassedToTheObject) {
  // Profile buffer by entry (selector 2): structure of 4 double-long-unsigned.
  const std::string request =
      "C0 01 C1 00 07 01 00 63 01 00 FF 03 01 02 02 04 06 00 00 00 01 06 00 00 00 02 12 00 01 12 00 00";
  EXPECT_EQ(run(request), norm("C4 01 C1 01 FA"));  // attribute 3 has no selectors
  // Attribute 4 plain read works.
  EXPECT_RESPONSE("C0 01 C1 00 07 01 00 63 01 00 FF 04 00", "C4 01 C1 00 12 00 07");
  // Selector 1 and 2 on attribute 2 reach the object (the answer is long: the first block).
  run("C0 01 C1 00 07 01 00 63 01 00 FF 02 01 02 02 04 06 00 00 00 01 06 00 00 00 02 12 00 01 12 00 00");
  EXPECT_EQ(profile.last_access_selector, 2);
  ASSERT_GE(last.size(), 2U);
  EXPECT_EQ(last[1], 0x02);  // get-response-with-datablock
  // Selector 3 is not supported by the attribute.
  EXPECT_RESPONSE("C0 01 C1 00 07 01 00 63 01 00 FF 02 01 03 12 00 01", "C4 01 C1 01 FA");
  // Without the selective-access conformance bit: other-reason, object not called.
  assoc.negotiated_.conformance.set(apdu::ConformanceBit::selective_access, false);
  const int gets = profile.gets;
  EXPECT_RESPONSE("C0 01 C1 00 07 01 00 63 01 00 FF 02 01 02 12 00 01", "C4 01 C1 01 FA");
  EXPECT_EQ(profile.gets, gets);
}

TEST_F(EngineTest, GetWithListAnswersEachItem) {
  // Get-Request-With-List = C0 03 invoke-id count {descriptor access-flag}...;
  // Get-Response-With-List = C4 03 invoke-id count Get-Data-Result...
  EXPECT_RESPONSE(
      "C0 03 C1 03"
      " 00 03 01 00 01 08 00 FF 02 00"
      " 00 03 01 00 09 08 00 FF 02 00"
      " 00 03 01 00 02 08 00 FF 02 00",
      "C4 03 C1 03 00 06 00 00 04 D2 01 04 00 06 00 00 00 05");
  // Without multiple-references: service not negotiated.
  assoc.negotiated_.conformance.set(apdu::ConformanceBit::multiple_references, false);
  EXPECT_RESPONSE("C0 03 C1 01 00 03 01 00 01 08 00 FF 02 00", "D8 01 02");
}

TEST_F(EngineTest, GetNextWithoutLongGet) {
  // get-response-with-datablock, last-block, block-number, data-access-result
  // no-long-get-in-progress (16).
  EXPECT_RESPONSE("C0 02 C1 00 00 00 01", "C4 02 C1 01 00 00 00 01 01 10");
}

// Reads a long attribute block by block; checks every block but the last is exactly the PDU
// limit, block numbers count from 1, and the raw data concatenate to the attribute.
std::vector<std::uint8_t> read_blocks(EngineTest& t, const std::string& first_request, std::size_t pdu,
                                      std::string (EngineTest::*runner)(std::string_view, std::uint8_t),
                                      int* blocks_out) {
  std::vector<std::uint8_t> raw;
  std::string response = (t.*runner)(first_request, 0);
  std::uint32_t expected_block = 1;
  for (int guard = 0; guard < 10000; ++guard) {
    const auto bytes = hex(response);
    auto decoded = apdu::decode_apdu(bytes);
    EXPECT_TRUE(decoded.has_value()) << response;
    if (!decoded) {
      break;
    }
    const auto* get = std::get_if<apdu::GetResponse>(&*decoded);
    EXPECT_NE(get, nullptr);
    if (get == nullptr) {
      break;
    }
    const auto* block = std::get_if<apdu::GetResponseWithDatablock>(&get->response);
    EXPECT_NE(block, nullptr);
    if (block == nullptr) {
      break;
    }
    EXPECT_EQ(block->invoke_id_and_priority.value, 0xC1);
    EXPECT_EQ(block->result.block_number, expected_block);
    EXPECT_TRUE(block->result.is_raw_data());
    const auto part = block->result.raw_data();
    raw.insert(raw.end(), part.begin(), part.end());
    if (block->result.last_block) {
      *blocks_out = static_cast<int>(expected_block);
      return raw;
    }
    if (pdu != 0) {
      EXPECT_EQ(bytes.size(), pdu) << "block " << expected_block;
    }
    char next[64];
    std::snprintf(next, sizeof next, "C0 02 C1 %02X %02X %02X %02X", (expected_block >> 24) & 0xFF,
                  (expected_block >> 16) & 0xFF, (expected_block >> 8) & 0xFF, expected_block & 0xFF);
    response = (t.*runner)(next, 0);
    ++expected_block;
  }
  ADD_FAILURE() << "no last block";
  return raw;
}

TEST_F(EngineTest, LongGet100kBInExactPduSlices) {
  for (std::size_t pdu : {1024U, 512U, 137U, 138U, 128U, 2000U}) {
    assoc.negotiated_.client_max_receive_pdu_size = static_cast<std::uint16_t>(pdu);
    int blocks = 0;
    const auto raw = read_blocks(*this, "C0 01 C1 00 07 01 00 63 01 00 FF 02 00", pdu == 138 ? 137 : pdu,
                                 &EngineTest::run, &blocks);
    EXPECT_EQ(raw, profile.attribute2()) << "pdu " << pdu;
    EXPECT_GT(blocks, 50);
    EXPECT_FALSE(state.transfer_in_progress());
  }
}

TEST_F(EngineTest, StagingSmallerThanThePdu) {
  // A staging buffer of 300 octets under a 1024-octet PDU: blocks are shorter than the PDU
  // (whole 102-octet elements are staged at a time) but the value arrives intact.
  auto small = std::make_unique<ServiceStateStorage<300, 1024>>();
  std::vector<std::uint8_t> raw;
  const auto first = hex("C0 01 C1 00 07 01 00 63 01 00 FF 02 00");
  std::array<std::uint8_t, 2048> buf{};
  std::vector<std::uint8_t> request = first;
  for (std::uint32_t n = 1; n < 2000; ++n) {
    ByteWriter w(buf);
    ASSERT_TRUE(engine.process(assoc, ctx, request, *small, w).has_value());
    auto decoded = apdu::decode_apdu(w.written());
    ASSERT_TRUE(decoded.has_value());
    const auto& block =
        std::get<apdu::GetResponseWithDatablock>(std::get<apdu::GetResponse>(*decoded).response);
    ASSERT_TRUE(block.result.is_raw_data()) << to_hex(w.written());
    EXPECT_EQ(block.result.block_number, n);
    EXPECT_LE(w.size(), 1024U);
    const auto part = block.result.raw_data();
    raw.insert(raw.end(), part.begin(), part.end());
    if (block.result.last_block) {
      break;
    }
    request = hex("C0 02 C1 00 00 00 00");
    request[3] = static_cast<std::uint8_t>(n >> 24);
    request[4] = static_cast<std::uint8_t>(n >> 16);
    request[5] = static_cast<std::uint8_t>(n >> 8);
    request[6] = static_cast<std::uint8_t>(n);
  }
  EXPECT_EQ(raw, profile.attribute2());
  // A value that cannot be staged at all (3000 octets in one piece): other-reason.
  ByteWriter w(buf);
  const auto blob = hex("C0 01 C1 00 07 01 00 63 01 00 FF 03 00");
  assoc.negotiated_.client_max_receive_pdu_size = 256;
  ASSERT_TRUE(engine.process(assoc, ctx, blob, *small, w).has_value());
  EXPECT_EQ(to_hex(w.written()), norm("C4 02 C1 01 00 00 00 01 01 FA"));
  EXPECT_FALSE(small->transfer_in_progress());
}

TEST_F(EngineTest, LongGetBlockNumberErrors) {
  run("C0 01 C1 00 07 01 00 63 01 00 FF 02 00");
  EXPECT_TRUE(state.transfer_in_progress());
  // A malformed APDU is answered and leaves the transfer as it was.
  EXPECT_RESPONSE("C0 02 C1 00 00", "D8 01 03");
  EXPECT_RESPONSE("C0 09 C1", "D8 02 02");
  EXPECT_TRUE(state.transfer_in_progress());
  run("C0 02 C1 00 00 00 01");
  EXPECT_EQ(last[1], 0x02);
  EXPECT_EQ(last[3], 0x00);  // not the last block
  EXPECT_EQ(last[7], 0x02);  // block 2
  // A wrong block number: data-block-number-invalid (19), the transfer is aborted.
  EXPECT_RESPONSE("C0 02 C1 00 00 00 07", "C4 02 C1 01 00 00 00 07 01 13");
  EXPECT_FALSE(state.transfer_in_progress());
  EXPECT_RESPONSE("C0 02 C1 00 00 00 02", "C4 02 C1 01 00 00 00 02 01 10");
}

TEST_F(EngineTest, NewRequestAbandonsLongGet) {
  run("C0 01 C1 00 07 01 00 63 01 00 FF 02 00");
  EXPECT_TRUE(state.transfer_in_progress());
  EXPECT_RESPONSE("C0 01 C2 00 03 01 00 01 08 00 FF 02 00", "C4 01 C2 00 06 00 00 04 D2");
  EXPECT_FALSE(state.transfer_in_progress());
}

TEST_F(EngineTest, LongGetWithoutBlockTransferAnswersOtherReason) {
  assoc.negotiated_.conformance.set(apdu::ConformanceBit::block_transfer_with_get_or_read, false);
  EXPECT_RESPONSE("C0 01 C1 00 07 01 00 63 01 00 FF 02 00", "C4 01 C1 01 FA");
  EXPECT_RESPONSE("C0 02 C1 00 00 00 01", "D8 01 02");
}

TEST_F(EngineTest, NonResumableValueLargerThanPdu) {
  // Attribute 3 (3000 octets in one piece) fits the 8 kB staging buffer: sent in blocks.
  assoc.negotiated_.client_max_receive_pdu_size = 256;
  int blocks = 0;
  const auto raw =
      read_blocks(*this, "C0 01 C1 00 07 01 00 63 01 00 FF 03 00", 256, &EngineTest::run, &blocks);
  std::vector<std::uint8_t> expected = {0x09, 0x82, 0x0B, 0xB8};
  expected.insert(expected.end(), profile.blob().begin(), profile.blob().end());
  EXPECT_EQ(raw, expected);
}

TEST_F(EngineTest, LongGetWithList) {
  assoc.negotiated_.client_max_receive_pdu_size = 300;
  int blocks = 0;
  const auto raw = read_blocks(*this,
                               "C0 03 C1 03"
                               " 00 03 01 00 01 08 00 FF 02 00"
                               " 00 07 01 00 63 01 00 FF 02 00"
                               " 00 03 01 00 03 08 00 FF 02 00",
                               300, &EngineTest::run, &blocks);
  // The raw data is the SEQUENCE OF Get-Data-Result.
  std::vector<std::uint8_t> expected = hex("03 00 06 00 00 04 D2 00");
  const auto a2 = profile.attribute2();
  expected.insert(expected.end(), a2.begin(), a2.end());
  expected.push_back(0x01);
  expected.push_back(0x03);
  EXPECT_EQ(raw, expected);
}

// ---- SET -----------------------------------------------------------------------------------
// Set-Request-Normal = C1 01 invoke-id descriptor access-flag Data; Set-Response-Normal =
// C5 01 invoke-id Data-Access-Result.

TEST_F(EngineTest, SetNormal) {
  EXPECT_RESPONSE("C1 01 C1 00 03 01 00 01 08 00 FF 02 00 06 00 00 00 05", "C5 01 C1 00");
  EXPECT_EQ(energy.value(), 5U);
  // The object checks the type: type-unmatched (12).
  EXPECT_RESPONSE("C1 01 C1 00 03 01 00 01 08 00 FF 02 00 12 00 05", "C5 01 C1 0C");
  // Read-only attribute: read-write-denied, the object is not called.
  EXPECT_RESPONSE("C1 01 C1 00 03 01 00 02 08 00 FF 02 00 06 00 00 00 05", "C5 01 C1 03");
  EXPECT_EQ(read_only.sets, 0);
  EXPECT_EQ(read_only.value(), 5U);
  // Attribute 1 of energy is read-only too.
  EXPECT_RESPONSE("C1 01 C1 00 03 01 00 01 08 00 FF 01 00 09 06 01 00 01 08 00 FF", "C5 01 C1 03");
  // Not negotiated: EXCEPTION-Response service-not-allowed / service-not-supported.
  assoc.negotiated_.conformance.set(apdu::ConformanceBit::set, false);
  EXPECT_RESPONSE("C1 01 C1 00 03 01 00 01 08 00 FF 02 00 06 00 00 00 07", "D8 01 02");
  EXPECT_EQ(energy.value(), 5U);
}

TEST_F(EngineTest, UnconfirmedSetAndActionAreNotAnswered) {
  // Invoke-Id-And-Priority 81: high priority, service-class 0 (unconfirmed).
  EXPECT_RESPONSE("C1 01 81 00 03 01 00 01 08 00 FF 02 00 06 00 00 00 05", "");
  EXPECT_EQ(energy.value(), 5U);
  EXPECT_RESPONSE("C3 01 01 00 03 01 00 01 08 00 FF 01 01 0F 00", "");
  EXPECT_EQ(energy.value(), 0U);
  // A malformed one is still answered.
  EXPECT_RESPONSE("C1 01 81 00 03", "D8 01 03");
}

TEST_F(EngineTest, SetWithList) {
  // Set-Request-With-List = C1 04 invoke-id count descriptors... count values...;
  // Set-Response-With-List = C5 05 invoke-id count results...
  EXPECT_RESPONSE(
      "C1 04 C1 02 00 03 01 00 01 08 00 FF 02 00 00 03 01 00 02 08 00 FF 02 00"
      " 02 06 00 00 00 0B 06 00 00 00 0C",
      "C5 05 C1 02 00 03");
  EXPECT_EQ(energy.value(), 11U);
  EXPECT_EQ(read_only.value(), 5U);
  // As many values as descriptors, else the request is refused whole.
  EXPECT_RESPONSE("C1 04 C1 01 00 03 01 00 01 08 00 FF 02 00 02 06 00 00 00 0B 06 00 00 00 0C", "D8 01 03");
}

TEST_F(EngineTest, SetWithDatablocks) {
  // The value 09 82 0B B8 <3000 octets> sent in blocks of 1000 octets.
  std::vector<std::uint8_t> value = {0x09, 0x82, 0x0B, 0xB8};
  for (int i = 0; i < 3000; ++i) {
    value.push_back(static_cast<std::uint8_t>(i));
  }
  auto block = [&](bool first, bool last, std::uint32_t n, std::size_t from, std::size_t len) {
    std::vector<std::uint8_t> r = first ? hex("C1 02 C1 00 07 01 00 63 01 00 FF 03 00") : hex("C1 03 C1");
    r.push_back(last ? 1 : 0);
    r.push_back(0);
    r.push_back(0);
    r.push_back(static_cast<std::uint8_t>(n >> 8));
    r.push_back(static_cast<std::uint8_t>(n));
    r.push_back(0x82);
    r.push_back(static_cast<std::uint8_t>(len >> 8));
    r.push_back(static_cast<std::uint8_t>(len));
    r.insert(r.end(), value.begin() + static_cast<std::ptrdiff_t>(from),
             value.begin() + static_cast<std::ptrdiff_t>(from + len));
    return r;
  };
  // Set-Response-Datablock = C5 02 invoke-id block-number.
  EXPECT_EQ(run_bytes(block(true, false, 1, 0, 1000)), norm("C5 02 C1 00 00 00 01"));
  EXPECT_EQ(run_bytes(block(false, false, 2, 1000, 1000)), norm("C5 02 C1 00 00 00 02"));
  EXPECT_EQ(profile.sets, 0);
  // Set-Response-Last-Datablock = C5 03 invoke-id result block-number.
  EXPECT_EQ(run_bytes(block(false, true, 3, 2000, 1004)), norm("C5 03 C1 00 00 00 00 03"));
  EXPECT_EQ(profile.last_set, value);
  // A block out of sequence: data-block-number-invalid, aborted.
  EXPECT_EQ(run_bytes(block(true, false, 1, 0, 1000)), norm("C5 02 C1 00 00 00 01"));
  EXPECT_EQ(run_bytes(block(false, false, 3, 1000, 1000)), norm("C5 03 C1 13 00 00 00 03"));
  EXPECT_EQ(run_bytes(block(false, false, 2, 1000, 1000)), norm("C5 03 C1 12 00 00 00 02"));
  // Refused at the first block when the attribute is not writable (attribute 2: read-only).
  auto ro = block(true, false, 1, 0, 1000);
  ro[11] = 0x02;
  EXPECT_EQ(run_bytes(ro), norm("C5 03 C1 03 00 00 00 01"));
  EXPECT_FALSE(state.transfer_in_progress());
}

TEST_F(EngineTest, SetReassemblyBounded) {
  EngineLimits limits;
  limits.max_reassembled_size = 1500;
  engine = ServiceEngine(limits);
  std::vector<std::uint8_t> first = hex("C1 02 C1 00 07 01 00 63 01 00 FF 03 00 00 00 00 00 01 82 03 E8");
  first.resize(first.size() + 1000, 0x55);
  std::vector<std::uint8_t> second = hex("C1 03 C1 00 00 00 00 02 82 03 E8");
  second.resize(second.size() + 1000, 0x55);
  EXPECT_EQ(run_bytes(first), norm("C5 02 C1 00 00 00 01"));
  // Over the configured maximum: long-set-aborted (17).
  EXPECT_EQ(run_bytes(second), norm("C5 03 C1 11 00 00 00 02"));
  EXPECT_FALSE(state.transfer_in_progress());
  EXPECT_EQ(profile.sets, 0);
}

TEST_F(EngineTest, SetWithListAndFirstDatablock) {
  // Values: SEQUENCE OF Data (count 2), reassembled from two blocks.
  const auto data = hex("02 06 00 00 00 21 06 00 00 00 22");
  std::vector<std::uint8_t> first =
      hex("C1 05 C1 02 00 03 01 00 01 08 00 FF 02 00 00 03 01 00 02 08 00 FF 02 00 00 00 00 00 01 05");
  first.insert(first.end(), data.begin(), data.begin() + 5);
  std::vector<std::uint8_t> second = hex("C1 03 C1 01 00 00 00 02 06");
  second.insert(second.end(), data.begin() + 5, data.end());
  EXPECT_EQ(run_bytes(first), norm("C5 02 C1 00 00 00 01"));
  // Set-Response-Last-Datablock-With-List = C5 04 invoke-id count results block-number.
  EXPECT_EQ(run_bytes(second), norm("C5 04 C1 02 00 03 00 00 00 02"));
  EXPECT_EQ(energy.value(), 0x21U);
}

// ---- ACTION --------------------------------------------------------------------------------
// Action-Request-Normal = C3 01 invoke-id method-descriptor parameters-flag [Data];
// Action-Response-Normal = C7 01 invoke-id result return-parameters-flag [Get-Data-Result].

TEST_F(EngineTest, ActionNormal) {
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 01 08 00 FF 01 01 0F 00", "C7 01 C1 00 00");
  EXPECT_EQ(energy.value(), 0U);
  // Return data: Get-Data-Result data.
  EXPECT_RESPONSE("C3 01 C1 00 07 01 00 63 01 00 FF 01 01 12 12 34", "C7 01 C1 00 01 00 12 12 34");
  // No parameter, no return data.
  EXPECT_RESPONSE("C3 01 C1 00 07 01 00 63 01 00 FF 01 00", "C7 01 C1 00 00");
  // The object's result.
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 01 08 00 FF 01 01 11 00", "C7 01 C1 0C 00");
  // Checks: unknown object, method out of range, no access.
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 09 08 00 FF 01 00", "C7 01 C1 04 00");
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 01 08 00 FF 02 00", "C7 01 C1 04 00");
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 02 08 00 FF 01 01 0F 00", "C7 01 C1 03 00");
  EXPECT_EQ(read_only.invokes, 0);
  assoc.negotiated_.conformance.set(apdu::ConformanceBit::action, false);
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 01 08 00 FF 01 01 0F 00", "D8 01 02");
}

TEST_F(EngineTest, ActionWithList) {
  // Action-Request-With-List = C3 03 invoke-id count descriptors count parameters;
  // Action-Response-With-List = C7 03 invoke-id count Action-Response-With-Optional-Data...
  EXPECT_RESPONSE("C3 03 C1 02 00 03 01 00 01 08 00 FF 01 00 07 01 00 63 01 00 FF 01 02 0F 00 11 05",
                  "C7 03 C1 02 00 00 00 01 00 11 05");
}

TEST_F(EngineTest, ActionLongResponseInPblocks) {
  assoc.negotiated_.client_max_receive_pdu_size = 512;
  // Method 2 returns 3000 octets: action-response-with-pblock, C7 02 invoke-id last-block
  // block-number raw-data; the raw data is the Action-Response-With-Optional-Data.
  std::vector<std::uint8_t> raw;
  std::string response = run("C3 01 C1 00 07 01 00 63 01 00 FF 02 00");
  for (std::uint32_t n = 1; n < 20; ++n) {
    const auto bytes = hex(response);
    ASSERT_GE(bytes.size(), 9U) << response;
    ASSERT_EQ(bytes[0], 0xC7);
    ASSERT_EQ(bytes[1], 0x02);
    EXPECT_EQ(bytes[7], n);
    auto decoded = apdu::decode_apdu(bytes);
    ASSERT_TRUE(decoded.has_value());
    const auto& block =
        std::get<apdu::ActionResponseWithPblock>(std::get<apdu::ActionResponse>(*decoded).response);
    raw.insert(raw.end(), block.pblock.raw_data.begin(), block.pblock.raw_data.end());
    if (block.pblock.last_block) {
      break;
    }
    EXPECT_EQ(bytes.size(), 512U);
    char next[64];
    std::snprintf(next, sizeof next, "C3 02 C1 00 00 00 %02X", n);
    response = run(next);
  }
  std::vector<std::uint8_t> expected = hex("00 01 00 09 82 0B B8");
  expected.insert(expected.end(), profile.blob().begin(), profile.blob().end());
  EXPECT_EQ(raw, expected);
  EXPECT_EQ(profile.invokes, 1);
  EXPECT_RESPONSE("C3 02 C1 00 00 00 01", "C7 01 C1 10 00");  // no-long-action-in-progress
}

TEST_F(EngineTest, ActionWithPblocks) {
  // Parameters 12 12 34 (long-unsigned) in two blocks; Action-Response-Next-Pblock =
  // C7 04 invoke-id block-number.
  EXPECT_RESPONSE("C3 04 C1 00 07 01 00 63 01 00 FF 01 00 00 00 00 01 02 12 12", "C7 04 C1 00 00 00 01");
  EXPECT_EQ(profile.invokes, 0);
  EXPECT_RESPONSE("C3 06 C1 01 00 00 00 02 01 34", "C7 01 C1 00 01 00 12 12 34");
  EXPECT_EQ(profile.invokes, 1);
  EXPECT_RESPONSE("C3 06 C1 01 00 00 00 03 01 34", "C7 01 C1 10 00");
  // With list and first pblock.
  EXPECT_RESPONSE(
      "C3 05 C1 02 00 03 01 00 01 08 00 FF 01 00 07 01 00 63 01 00 FF 01 01 00 00 00 01 05 02 0F 00 11 05",
      "C7 03 C1 02 00 00 00 01 00 11 05");
  // Refused at the first block: read-write-denied, nothing kept.
  EXPECT_RESPONSE("C3 04 C1 00 03 01 00 02 08 00 FF 01 00 00 00 00 01 02 12 12", "C7 01 C1 03 00");
  EXPECT_FALSE(state.transfer_in_progress());
}

// ---- Association state, service errors -----------------------------------------------------

TEST_F(EngineTest, HlsPendingAllowsOnlyReplyToHlsAuthentication) {
  assoc.status_ = association::AssociationStatus::association_pending;
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02 00", "D8 01 01");
  EXPECT_RESPONSE("C3 01 C1 00 03 01 00 01 08 00 FF 01 01 0F 00", "D8 01 01");
  EXPECT_EQ(energy.invokes, 0);
  // reply_to_HLS_authentication (Association LN 0.0.40.0.0.255 method 1) with f(StoC):
  // a wrong one fails and the association stays pending.
  EXPECT_RESPONSE("C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 04 00 00 00 00", "C7 01 C1 FA 00");
  // A parameter that is not an octet-string: type-unmatched.
  EXPECT_RESPONSE("C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 12 00 00", "C7 01 C1 0C 00");
  // Another method of the Association LN is refused while pending.
  EXPECT_RESPONSE("C3 01 C1 00 0F 00 00 28 00 00 FF 02 01 09 04 AA 00 00 00", "D8 01 01");
  EXPECT_EQ(assoc.status_, association::AssociationStatus::association_pending);
  EXPECT_RESPONSE("C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 04 AA 00 00 00",
                  "C7 01 C1 00 01 00 09 04 BB BB BB BB");
  EXPECT_EQ(assoc.status_, association::AssociationStatus::associated);
  EXPECT_EQ(assoc.hls_replies, 2);
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 04 D2");
}

// Green Book Table 43 (HLS with GMAC, mechanism 5), as quoted in public study notes: the
// client's f(StoC) = SC 10, IC 00000001, T 1A52FE7DD3E72748973C1E28 goes in the
// reply_to_HLS_authentication parameter; the server's f(CtoS) = 10 01234567
// FE1466AFB3DBCD4F9389E2B7 comes back as the method's return value (octet-string of 17).
TEST_F(EngineTest, GreenBookHlsGmacPass3And4Framing) {
  assoc.status_ = association::AssociationStatus::association_pending;
  assoc.expected_f_stoc = hex("10 00000001 1A52FE7DD3E72748973C1E28");
  assoc.f_ctos_answer = hex("10 01234567 FE1466AFB3DBCD4F9389E2B7");
  EXPECT_RESPONSE(
      "C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 11 10 00 00 00 01 1A 52 FE 7D D3 E7 27 48 97 3C 1E 28",
      "C7 01 C1 00 01 00 09 11 10 01 23 45 67 FE 14 66 AF B3 DB CD 4F 93 89 E2 B7");
  EXPECT_EQ(assoc.status_, association::AssociationStatus::associated);
}

TEST_F(EngineTest, NotAssociated) {
  assoc.status_ = association::AssociationStatus::non_associated;
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02 00", "D8 01 01");
}

TEST_F(EngineTest, MalformedAndUnknownApdus) {
  EXPECT_RESPONSE("C0", "D8 01 03");
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02", "D8 01 03");
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02 00 00", "D8 01 03");  // trailing octet
  EXPECT_RESPONSE("C0 07 C1", "D8 02 02");                                   // unknown choice
  EXPECT_RESPONSE("C2 00", "D8 02 02");                                      // not a request
  EXPECT_RESPONSE("05 01 02", "D8 02 02");
  // Longer than the server's max receive PDU: pdu-too-long.
  std::vector<std::uint8_t> big(1025, 0);
  big[0] = 0xC0;
  EXPECT_EQ(run_bytes(big), norm("D8 01 04"));
  // Every truncation of a valid request is answered and changes nothing.
  const auto set = hex("C1 01 C1 00 03 01 00 01 08 00 FF 02 00 06 00 00 00 05");
  for (std::size_t n = 1; n < set.size(); ++n) {
    const std::vector<std::uint8_t> cut(set.begin(), set.begin() + static_cast<std::ptrdiff_t>(n));
    const auto response = run_bytes(cut);
    EXPECT_EQ(response.substr(0, 2), "D8") << n;
  }
  EXPECT_EQ(energy.sets, 0);
}

TEST_F(EngineTest, ResponseBufferTooSmall) {
  std::array<std::uint8_t, 2> tiny{};
  ByteWriter w(tiny);
  const auto request = hex("C0 01 C1 00 03 01 00 01 08 00 FF 02 00");
  EXPECT_FALSE(engine.process(assoc, ctx, request, state, w).has_value());
}

// ---- General block transfer ----------------------------------------------------------------
// General-Block-Transfer = E0 block-control block-number(2) block-number-ack(2) block-data.

TEST_F(EngineTest, GbtAnsweredOnlyToAGbtRequest) {
  // A plain request gets a plain answer although GBT is negotiated (INTEROP.md, dlms-cosem).
  EXPECT_RESPONSE("C0 01 C1 00 03 01 00 01 08 00 FF 02 00", "C4 01 C1 00 06 00 00 04 D2");
  // The same request in one GBT block (last-block, window 1): the answer in one GBT block.
  EXPECT_RESPONSE("E0 81 00 01 00 00 0D C0 01 C1 00 03 01 00 01 08 00 FF 02 00",
                  "E0 81 00 01 00 01 09 C4 01 C1 00 06 00 00 04 D2");
  assoc.negotiated_.conformance.set(apdu::ConformanceBit::general_block_transfer, false);
  EXPECT_RESPONSE("E0 81 00 01 00 00 0D C0 01 C1 00 03 01 00 01 08 00 FF 02 00", "D8 01 02");
}

TEST_F(EngineTest, GbtRequestInTwoBlocks) {
  EXPECT_RESPONSE("E0 01 00 01 00 00 06 C1 01 C1 00 03 01", "E0 01 00 00 00 01 00");
  EXPECT_RESPONSE("E0 81 00 02 00 00 0C 00 01 08 00 FF 02 00 06 00 00 00 2A",
                  "E0 81 00 01 00 02 04 C5 01 C1 00");
  EXPECT_EQ(energy.value(), 42U);
}

TEST_F(EngineTest, GbtLongGet) {
  assoc.negotiated_.client_max_receive_pdu_size = 600;
  std::vector<std::uint8_t> apdu;
  std::string response = run("E0 81 00 01 00 00 0D C0 01 C1 00 07 01 00 63 01 00 FF 02 00");
  std::uint16_t client_block = 1;
  for (std::uint16_t n = 1; n < 1000; ++n) {
    const auto bytes = hex(response);
    auto decoded = apdu::decode_apdu(bytes);
    ASSERT_TRUE(decoded.has_value()) << response.substr(0, 60);
    const auto& gbt = std::get<apdu::GeneralBlockTransfer>(*decoded);
    EXPECT_EQ(gbt.block_number, n);
    EXPECT_EQ(gbt.block_number_ack, client_block);
    apdu.insert(apdu.end(), gbt.block_data.begin(), gbt.block_data.end());
    if (gbt.block_control.last_block()) {
      break;
    }
    EXPECT_EQ(bytes.size(), 600U);
    ++client_block;
    char ack[64];
    std::snprintf(ack, sizeof ack, "E0 01 %02X %02X %02X %02X 00", client_block >> 8, client_block & 0xFF,
                  n >> 8, n & 0xFF);
    response = run(ack);
  }
  // The blocks carry one whole Get-Response-Normal.
  std::vector<std::uint8_t> expected = hex("C4 01 C1 00");
  const auto a2 = profile.attribute2();
  expected.insert(expected.end(), a2.begin(), a2.end());
  EXPECT_EQ(apdu, expected);
  EXPECT_FALSE(state.transfer_in_progress());
}

}  // namespace
}  // namespace dlms::server::testing
