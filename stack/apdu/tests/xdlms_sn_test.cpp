// SN referencing: ReadRequest/ReadResponse, WriteRequest/WriteResponse,
// UnconfirmedWriteRequest (vectors and sources in xdlms_vectors.hpp).
#include <gtest/gtest.h>

#include <array>

#include "stack/apdu/read.hpp"
#include "stack/apdu/tests/xdlms_test_support.hpp"
#include "stack/apdu/write.hpp"

namespace dlms::apdu::test {
namespace {

TEST(XdlmsSn, ReadRequestVariableAccessChoices) {
  const Bytes bytes = hex("05 03 02 FA08 04 6008 01 120001 05 0002");
  const auto r = decode_as<ReadRequest>(bytes);
  ASSERT_EQ(r.variable_access_specification.size(), 3U);
  auto it = r.variable_access_specification.begin();
  EXPECT_EQ(std::get<VariableName>(it->access).variable_name, 0xFA08);
  ++it;
  const auto& p = std::get<ParameterizedAccess>(it->access);
  EXPECT_EQ(p.variable_name, 0x6008);
  EXPECT_EQ(p.selector, 1);
  EXPECT_EQ(to_hex(span_bytes(p.parameter.encoded())), "12 00 01");
  ++it;
  EXPECT_EQ(std::get<BlockNumberAccess>(it->access).block_number, 2);

  const std::array<VariableAccessSpecification, 1> names{{{VariableName{0xFA08}}}};
  ReadRequest built{names};
  EXPECT_EQ(to_hex(encode_value(built)), "05 01 02 FA 08");
}

TEST(XdlmsSn, ReadResponseChoices) {
  const Bytes bytes = hex("0C 04 00 12002A 01 03 02 00 0001 02 AABB 03 0002");
  const auto r = decode_as<ReadResponse>(bytes);
  ASSERT_EQ(r.results.size(), 4U);
  auto it = r.results.begin();
  EXPECT_EQ(to_hex(span_bytes(std::get<codec::DataView>(it->result).encoded())), "12 00 2A");
  ++it;
  EXPECT_EQ(std::get<DataAccessResult>(it->result), DataAccessResult::read_write_denied);
  ++it;
  const auto& block = std::get<DataBlockResult>(it->result);
  EXPECT_FALSE(block.last_block);
  EXPECT_EQ(block.block_number, 1);
  EXPECT_EQ(to_hex(span_bytes(block.raw_data)), "AA BB");
  ++it;
  EXPECT_EQ(std::get<ReadBlockNumber>(it->result).block_number, 2);
}

TEST(XdlmsSn, WriteRequestAndResponse) {
  const Bytes bytes = hex("06 03 02 FA00 06 00 0001 03 AABBCC 07 01 0002 01 0F05");
  const auto w = decode_as<WriteRequest>(bytes);
  ASSERT_EQ(w.variable_access_specification.size(), 3U);
  auto it = w.variable_access_specification.begin();
  ++it;
  EXPECT_EQ(std::get<ReadDataBlockAccess>(it->access).raw_data.size(), 3U);
  ++it;
  const auto& wb = std::get<WriteDataBlockAccess>(it->access);
  EXPECT_TRUE(wb.last_block);
  EXPECT_EQ(wb.block_number, 2);
  EXPECT_EQ(w.list_of_data.size(), 1U);

  const std::array<WriteResult, 3> results{
      {{WriteSuccess{}}, {DataAccessResult::read_write_denied}, {WriteBlockNumber{5}}}};
  WriteResponse response{results};
  EXPECT_EQ(to_hex(encode_value(response)), "0D 03 00 01 03 02 00 05");

  const Bytes unconfirmed = hex("16 01 02 FA00 01 1107");
  const auto u = decode_as<UnconfirmedWriteRequest>(unconfirmed);
  EXPECT_EQ(u.list_of_data.size(), 1U);
}

TEST(XdlmsSn, DetailedAccessIsNotUsed) {
  auto r = decode_apdu(hex("05 01 03 FA08"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(xdlms_errc::unknown_choice));
}

}  // namespace
}  // namespace dlms::apdu::test
