// SET request/response fields (vectors and sources in xdlms_vectors.hpp).
#include "stack/apdu/set.hpp"

#include <gtest/gtest.h>

#include <array>

#include "stack/apdu/tests/xdlms_test_support.hpp"

namespace dlms::apdu::test {
namespace {

TEST(XdlmsSet, RequestNormalCarriesTheValue) {
  // [dlms-cosem] test_set.py: set the clock 0.0.1.0.0.255 time (octet-string of 12).
  const Bytes bytes = hex("C1 01 C1 0008 0000010000FF 02 00 090C 07E50118FF0E3039 50FFC400");
  const auto set = decode_as<SetRequest>(bytes);
  const auto& normal = std::get<SetRequestNormal>(set.request);
  EXPECT_EQ(normal.cosem_attribute_descriptor.class_id, 8);
  EXPECT_FALSE(normal.access_selection.has_value());
  EXPECT_EQ(normal.value.type(), codec::DataType::octet_string);
  EXPECT_EQ(normal.value.encoded().size(), 14U);
}

TEST(XdlmsSet, RequestWithFirstDatablockFromGreenBookTable137) {
  const Bytes bytes =
      hex("C1 02 C1 0001 0000800000FF 02 00 00 00000001 15 0932 0102030405060708091011121314 1516171819");
  const auto set = decode_as<SetRequest>(bytes);
  const auto& first = std::get<SetRequestWithFirstDatablock>(set.request);
  EXPECT_EQ(first.cosem_attribute_descriptor.instance_id, ObisCode(0, 0, 128, 0, 0, 255));
  EXPECT_FALSE(first.datablock.last_block);
  EXPECT_EQ(first.datablock.block_number, 1U);
  EXPECT_EQ(first.datablock.raw_data.size(), 0x15U);
}

TEST(XdlmsSet, RequestWithDatablockAndLists) {
  const Bytes block = hex("C1 03 C1 01 00000002 03 161718");
  const auto b = decode_as<SetRequest>(block);
  const auto& with_block = std::get<SetRequestWithDatablock>(b.request);
  EXPECT_TRUE(with_block.datablock.last_block);
  EXPECT_EQ(with_block.datablock.block_number, 2U);

  const Bytes list = hex("C1 04 C1 02 0001 0000800000FF 02 00 0003 0100010800FF 02 00 02 1105 120007");
  const auto l = decode_as<SetRequest>(list);
  const auto& with_list = std::get<SetRequestWithList>(l.request);
  EXPECT_EQ(with_list.attribute_descriptor_list.size(), 2U);
  ASSERT_EQ(with_list.value_list.size(), 2U);
  auto it = with_list.value_list.begin();
  EXPECT_EQ(to_hex(span_bytes(it->encoded())), "11 05");
  ++it;
  EXPECT_EQ(to_hex(span_bytes(it->encoded())), "12 00 07");

  const Bytes list_block = hex("C1 05 C1 01 0001 0000800000FF 02 00 00 00000001 04 09320102");
  const auto lb = decode_as<SetRequest>(list_block);
  const auto& first = std::get<SetRequestWithListAndFirstDatablock>(lb.request);
  EXPECT_EQ(first.attribute_descriptor_list.size(), 1U);
  EXPECT_EQ(to_hex(span_bytes(first.datablock.raw_data)), "09 32 01 02");
}

TEST(XdlmsSet, EncodesAWithListFromSpans) {
  const Bytes v1 = hex("1105");
  const Bytes v2 = hex("120007");
  ByteReader r1(v1);
  ByteReader r2(v2);
  const std::array<codec::DataView, 2> values{*codec::read_data(r1), *codec::read_data(r2)};
  const std::array<CosemAttributeDescriptorWithSelection, 2> items{{
      {CosemAttributeDescriptor{1, ObisCode(0, 0, 128, 0, 0, 255), 2}, std::nullopt},
      {CosemAttributeDescriptor{3, ObisCode(1, 0, 1, 8, 0, 255), 2}, std::nullopt},
  }};
  SetRequest set{SetRequestWithList{InvokeIdAndPriority::make(1, true, true), items, values}};
  EXPECT_EQ(to_hex(encode_value(set)),
            to_hex(hex("C1 04 C1 02 0001 0000800000FF 02 00 0003 0100010800FF 02 00 02 1105 120007")));
}

TEST(XdlmsSet, Responses) {
  // [dlms-cosem] test_set.py
  SetResponse normal{SetResponseNormal{InvokeIdAndPriority::make(1, true, true), DataAccessResult::success}};
  EXPECT_EQ(to_hex(encode_value(normal)), "C5 01 C1 00");
  SetResponse block{SetResponseDatablock{InvokeIdAndPriority::make(1, true, true), 1}};
  EXPECT_EQ(to_hex(encode_value(block)), "C5 02 C1 00 00 00 01");
  SetResponse last{
      SetResponseLastDatablock{InvokeIdAndPriority::make(1, true, true), DataAccessResult::success, 2}};
  EXPECT_EQ(to_hex(encode_value(last)), "C5 03 C1 00 00 00 00 02");

  const std::array<DataAccessResult, 3> results{DataAccessResult::success, DataAccessResult::type_unmatched,
                                                DataAccessResult::other_reason};
  SetResponse with_list{SetResponseWithList{InvokeIdAndPriority::make(1, true, true), results}};
  EXPECT_EQ(to_hex(encode_value(with_list)), "C5 05 C1 03 00 0C FA");

  const Bytes bytes = hex("C5 04 C1 02 00 03 00000002");
  const auto r = decode_as<SetResponse>(bytes);
  const auto& lwl = std::get<SetResponseLastDatablockWithList>(r.response);
  EXPECT_EQ(lwl.block_number, 2U);
  ASSERT_EQ(lwl.result.size(), 2U);
  auto it = lwl.result.begin();
  EXPECT_EQ(*it, DataAccessResult::success);
  ++it;
  EXPECT_EQ(*it, DataAccessResult::read_write_denied);
}

TEST(XdlmsSet, UnknownDataAccessResultValuesSurvive) {
  const Bytes bytes = hex("C5 01 C1 77");
  const auto r = decode_as<SetResponse>(bytes);
  EXPECT_EQ(static_cast<int>(std::get<SetResponseNormal>(r.response).result), 0x77);
  EXPECT_EQ(to_string(std::get<SetResponseNormal>(r.response).result), nullptr);
  EXPECT_STREQ(to_string(DataAccessResult::scope_of_access_violated), "scope-of-access-violated");
  EXPECT_EQ(to_hex(encode_value(r)), "C5 01 C1 77");
}

}  // namespace
}  // namespace dlms::apdu::test
