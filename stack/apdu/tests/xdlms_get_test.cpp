// GET request/response fields (vectors and sources in xdlms_vectors.hpp).
#include "stack/apdu/get.hpp"

#include <gtest/gtest.h>

#include <array>

#include "stack/apdu/tests/xdlms_test_support.hpp"

namespace dlms::apdu::test {
namespace {

TEST(XdlmsGet, RequestNormalFields) {
  // [dlms-cosem] test_get.py: Data 0.0.43.1.0.255 attribute 2, invoke-id 1, confirmed, high priority.
  const Bytes bytes = hex("C0 01 C1 0001 00002B0100FF 02 00");
  const auto get = decode_as<GetRequest>(bytes);
  const auto* normal = std::get_if<GetRequestNormal>(&get.request);
  ASSERT_NE(normal, nullptr);
  EXPECT_EQ(normal->invoke_id_and_priority.invoke_id(), 1);
  EXPECT_TRUE(normal->invoke_id_and_priority.confirmed());
  EXPECT_TRUE(normal->invoke_id_and_priority.high_priority());
  EXPECT_EQ(normal->cosem_attribute_descriptor.class_id, 1);
  EXPECT_EQ(normal->cosem_attribute_descriptor.instance_id, ObisCode(0, 0, 43, 1, 0, 255));
  EXPECT_EQ(normal->cosem_attribute_descriptor.attribute_id, 2);
  EXPECT_FALSE(normal->access_selection.has_value());
}

TEST(XdlmsGet, BuildsTheClockRequestOfTheBrief) {
  GetRequest get{GetRequestNormal{InvokeIdAndPriority::make(1, true, true),
                                  CosemAttributeDescriptor{8, ObisCode(0, 0, 1, 0, 0, 255), 2},
                                  std::nullopt}};
  EXPECT_EQ(to_hex(encode_value(get)), "C0 01 C1 00 08 00 00 01 00 00 FF 02 00");
}

TEST(XdlmsGet, RequestNormalWithRangeDescriptor) {
  // [dlms-cosem] test_selective_access.py: profile 1.0.99.1.0.255 buffer, range-access (1).
  const Bytes bytes =
      hex("C0 01 C1 0007 0100630100FF 02 01 01 0204 0204 120008 0906 0000010000FF 0F02 120000"
          " 090C 07E10A0107000000 00FFC480 090C 07E10A0107010000 00FFC480 0100");
  const auto get = decode_as<GetRequest>(bytes);
  const auto& normal = std::get<GetRequestNormal>(get.request);
  ASSERT_TRUE(normal.access_selection.has_value());
  EXPECT_EQ(normal.access_selection->access_selector, 1);
  EXPECT_EQ(normal.access_selection->access_parameters.type(), codec::DataType::structure);
  EXPECT_EQ(normal.access_selection->access_parameters.encoded().size(), bytes.size() - 14);
  EXPECT_EQ(normal.cosem_attribute_descriptor.instance_id.to_string(), "1.0.99.1.0.255");
}

TEST(XdlmsGet, RequestNextFields) {
  const Bytes bytes = hex("C0 02 C1 00000001");
  const auto next = std::get<GetRequestNext>(decode_as<GetRequest>(bytes).request);
  EXPECT_EQ(next.block_number, 1U);
  GetRequest three{GetRequestNext{InvokeIdAndPriority::make(1, true, true), 3}};
  EXPECT_EQ(to_hex(encode_value(three)), "C0 02 C1 00 00 00 03");  // [dlms-cosem] test_get.py
}

TEST(XdlmsGet, RequestWithListIteratesLazily) {
  const Bytes bytes = hex("C0 03 C1 02 0001 00002A0000FF 02 00 0008 0000010000FF 02 00");
  const auto get = decode_as<GetRequest>(bytes);
  const auto& list = std::get<GetRequestWithList>(get.request).attribute_descriptor_list;
  ASSERT_EQ(list.size(), 2U);
  std::array<ObisCode, 2> expected{ObisCode(0, 0, 42, 0, 0, 255), ObisCode(0, 0, 1, 0, 0, 255)};
  std::size_t i = 0;
  for (const auto& item : list) {
    ASSERT_LT(i, expected.size());
    EXPECT_EQ(item.cosem_attribute_descriptor.instance_id, expected[i]);
    EXPECT_FALSE(item.access_selection.has_value());
    ++i;
  }
  EXPECT_EQ(i, 2U);
}

TEST(XdlmsGet, EncodesAWithListFromASpan) {
  const std::array<CosemAttributeDescriptorWithSelection, 2> items{{
      {CosemAttributeDescriptor{1, ObisCode(0, 0, 42, 0, 0, 255), 2}, std::nullopt},
      {CosemAttributeDescriptor{8, ObisCode(0, 0, 1, 0, 0, 255), 2}, std::nullopt},
  }};
  GetRequest get{GetRequestWithList{InvokeIdAndPriority::make(1, true, true), items}};
  EXPECT_EQ(to_hex(encode_value(get)),
            to_hex(hex("C0 03 C1 02 0001 00002A0000FF 02 00 0008 0000010000FF 02 00")));
}

TEST(XdlmsGet, ResponseNormalDataAndError) {
  const Bytes data = hex("C4 01 C1 00 06 00001391");
  const auto r = std::get<GetResponseNormal>(decode_as<GetResponse>(data).response);
  ASSERT_TRUE(r.result.is_data());
  EXPECT_EQ(to_hex(span_bytes(r.result.data().encoded())), "06 00 00 13 91");  // 5009
  const Bytes error = hex("C4 01 C1 01 01");
  const auto e = std::get<GetResponseNormal>(decode_as<GetResponse>(error).response);
  ASSERT_FALSE(e.result.is_data());
  EXPECT_EQ(e.result.data_access_result(), DataAccessResult::hardware_fault);
}

TEST(XdlmsGet, ResponseWithDatablockRawAndResult) {
  const Bytes raw = hex("C4 02 C1 00 00000001 00 06 010202020600");
  const auto b = std::get<GetResponseWithDatablock>(decode_as<GetResponse>(raw).response);
  EXPECT_FALSE(b.result.last_block);
  EXPECT_EQ(b.result.block_number, 1U);
  ASSERT_TRUE(b.result.is_raw_data());
  EXPECT_EQ(to_hex(span_bytes(b.result.raw_data())), "01 02 02 02 06 00");
  const Bytes last = hex("C4 02 C1 01 00000002 01 0E");
  const auto l = std::get<GetResponseWithDatablock>(decode_as<GetResponse>(last).response);
  EXPECT_TRUE(l.result.last_block);
  EXPECT_EQ(std::get<DataAccessResult>(l.result.result), DataAccessResult::data_block_unavailable);
}

TEST(XdlmsGet, ResponseWithDatablockLongFormLength) {
  // Raw data of 300 octets: A-XDR length 0x82 0x01 0x2C (as in the dlms-cosem profile
  // vector "C4 02 C1 00 00000001 00 82 049E ...").
  Bytes raw(300, 0xAB);
  GetResponse response{GetResponseWithDatablock{InvokeIdAndPriority::make(1, true, true),
                                                DataBlockG{false, 1, ByteSpan(raw)}}};
  const Bytes bytes = encode_value(response);
  ASSERT_EQ(bytes.size(), 3U + 5U + 1U + 3U + 300U);
  EXPECT_EQ(to_hex(Bytes(bytes.begin(), bytes.begin() + 12)), "C4 02 C1 00 00 00 00 01 00 82 01 2C");
  const auto back = std::get<GetResponseWithDatablock>(decode_as<GetResponse>(bytes).response);
  EXPECT_EQ(back.result.raw_data().size(), 300U);
}

TEST(XdlmsGet, ResponseWithListMixesDataAndResults) {
  const Bytes bytes = hex("C4 03 C1 02 00 06 00001391 01 04");
  const auto list = std::get<GetResponseWithList>(decode_as<GetResponse>(bytes).response).result;
  ASSERT_EQ(list.size(), 2U);
  auto it = list.begin();
  EXPECT_TRUE(it->is_data());
  ++it;
  EXPECT_EQ(it->data_access_result(), DataAccessResult::object_undefined);
  ++it;
  EXPECT_TRUE(it == list.end());
}

TEST(XdlmsGet, EncodingAnEmptyDataIsAnError) {
  GetResponse response{GetResponseNormal{InvokeIdAndPriority::make(1), GetDataResult{codec::DataView()}}};
  Bytes buf(64);
  ByteWriter w(buf);
  auto s = response.encode(w);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), make_error_code(xdlms_errc::invalid_field));
}

TEST(XdlmsGet, WrongApduTagForTheStruct) {
  const Bytes bytes = hex("C1 01 C1 0001 00002B0100FF 02 00");  // [dlms-cosem] wrong tag case
  ByteReader in(bytes);
  auto r = GetRequest::decode(in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), make_error_code(xdlms_errc::unknown_apdu));
  EXPECT_EQ(in.offset(), 0U);
}

}  // namespace
}  // namespace dlms::apdu::test
