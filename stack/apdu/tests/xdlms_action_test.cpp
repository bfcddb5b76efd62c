// ACTION request/response fields (vectors and sources in xdlms_vectors.hpp).
#include "stack/apdu/action.hpp"

#include <gtest/gtest.h>

#include <array>
#include <utility>

#include "stack/apdu/tests/xdlms_test_support.hpp"

namespace dlms::apdu::test {
namespace {

TEST(XdlmsAction, RequestNormalWithAndWithoutParameters) {
  // [dlms-cosem] test_action.py: Association LN 0.0.40.0.0.255 method 1 (reply_to_HLS_authentication).
  const Bytes with = hex("C3 01 C0 000F 0000280000FF 01 01 0911 1000001A90E6D2221FA2FD85EED61ACC22");
  const auto a = decode_as<ActionRequest>(with);
  const auto& normal = std::get<ActionRequestNormal>(a.request);
  EXPECT_EQ(normal.invoke_id_and_priority.invoke_id(), 0);
  EXPECT_EQ(normal.cosem_method_descriptor.class_id, 15);
  EXPECT_EQ(normal.cosem_method_descriptor.instance_id, ObisCode(0, 0, 40, 0, 0, 255));
  EXPECT_EQ(normal.cosem_method_descriptor.method_id, 1);
  ASSERT_TRUE(normal.method_invocation_parameters.has_value());
  EXPECT_EQ(normal.method_invocation_parameters->encoded().size(), 19U);

  ActionRequest without{ActionRequestNormal{InvokeIdAndPriority::make(0, true, true),
                                            CosemMethodDescriptor{15, ObisCode(0, 0, 40, 0, 0, 255), 1},
                                            std::nullopt}};
  EXPECT_EQ(to_hex(encode_value(without)), to_hex(hex("C3 01 C0 000F 0000280000FF 01 00")));
}

TEST(XdlmsAction, RequestBlocksAndLists) {
  const Bytes list = hex("C3 03 C1 02 0046 0000600300FF 01 0046 0000600300FF 02 02 0F00 0F00");
  const auto l = decode_as<ActionRequest>(list);
  const auto& with_list = std::get<ActionRequestWithList>(l.request);
  ASSERT_EQ(with_list.cosem_method_descriptor_list.size(), 2U);
  std::int8_t expected_method = 1;
  for (const auto& m : with_list.cosem_method_descriptor_list) {
    EXPECT_EQ(m.class_id, 70);
    EXPECT_EQ(m.method_id, expected_method++);
  }
  EXPECT_EQ(with_list.method_invocation_parameters.size(), 2U);

  const Bytes first = hex("C3 04 C1 0012 00002C0000FF 01 00 00000001 05 0202090600");
  const auto f = decode_as<ActionRequest>(first);
  const auto& with_first = std::get<ActionRequestWithFirstPblock>(f.request);
  EXPECT_EQ(with_first.cosem_method_descriptor.class_id, 18);
  EXPECT_EQ(with_first.pblock.raw_data.size(), 5U);

  const Bytes list_first = hex("C3 05 C1 01 0012 00002C0000FF 02 00 00000001 03 020212");
  const auto lf = decode_as<ActionRequest>(list_first);
  EXPECT_EQ(std::get<ActionRequestWithListAndFirstPblock>(lf.request).cosem_method_descriptor_list.size(),
            1U);

  ActionRequest next{ActionRequestNextPblock{InvokeIdAndPriority::make(1, true, true), 1}};
  EXPECT_EQ(to_hex(encode_value(next)), "C3 02 C1 00 00 00 01");
  const Bytes pblock = hex("C3 06 C1 01 00000002 02 0001");
  const auto p = decode_as<ActionRequest>(pblock);
  EXPECT_TRUE(std::get<ActionRequestWithPblock>(p.request).pblock.last_block);
}

TEST(XdlmsAction, ResponseNormalVariants) {
  // [dlms-cosem] test_action.py
  const Bytes plain = hex("C7 01 C0 00 00");
  const auto a = decode_as<ActionResponse>(plain);
  const auto& n = std::get<ActionResponseNormal>(a.response);
  EXPECT_EQ(n.single_response.result, ActionResult::success);
  EXPECT_FALSE(n.single_response.return_parameters.has_value());

  const Bytes data = hex("C7 01 C0 00 01 00 0911 1000001AFDE8857B728A3499106AA665D1");
  const auto d = decode_as<ActionResponse>(data);
  const auto& with_data = std::get<ActionResponseNormal>(d.response).single_response;
  ASSERT_TRUE(with_data.return_parameters.has_value());
  EXPECT_TRUE(with_data.return_parameters->is_data());
  EXPECT_EQ(with_data.return_parameters->data().encoded().size(), 19U);

  ActionResponse error{ActionResponseNormal{
      InvokeIdAndPriority::make(0, true, true),
      ActionResponseWithOptionalData{ActionResult::success, GetDataResult{DataAccessResult::other_reason}}}};
  EXPECT_EQ(to_hex(encode_value(error)), "C7 01 C0 00 01 01 FA");
}

TEST(XdlmsAction, ResponseListAndBlocks) {
  const Bytes list = hex("C7 03 C1 02 00 00 0B 01 00 0F05");
  const auto l = decode_as<ActionResponse>(list);
  const auto& responses = std::get<ActionResponseWithList>(l.response).list_of_responses;
  ASSERT_EQ(responses.size(), 2U);
  auto it = responses.begin();
  EXPECT_EQ(it->result, ActionResult::success);
  EXPECT_FALSE(it->return_parameters.has_value());
  ++it;
  EXPECT_EQ(it->result, ActionResult::object_unavailable);
  ASSERT_TRUE(it->return_parameters.has_value());
  EXPECT_EQ(to_hex(span_bytes(it->return_parameters->data().encoded())), "0F 05");

  const std::array<ActionResponseWithOptionalData, 1> items{
      {ActionResponseWithOptionalData{ActionResult::hardware_fault, std::nullopt}}};
  ActionResponse built{ActionResponseWithList{InvokeIdAndPriority::make(1, true, true), items}};
  EXPECT_EQ(to_hex(encode_value(built)), "C7 03 C1 01 01 00");

  const Bytes pblock = hex("C7 02 C1 00 00000001 03 091000");
  EXPECT_EQ(
      std::get<ActionResponseWithPblock>(decode_as<ActionResponse>(pblock).response).pblock.block_number, 1U);
  const Bytes next = hex("C7 04 C1 00000001");
  EXPECT_EQ(std::get<ActionResponseNextPblock>(decode_as<ActionResponse>(next).response).block_number, 1U);
  EXPECT_STREQ(to_string(ActionResult::no_long_action_in_progress), "no-long-action-in-progress");
}

// Action-Result names every value the Green Book ASN.1 lists, and nothing else (in particular
// not Data-Access-Result's 17..19).
TEST(XdlmsAction, ActionResultNames) {
  const std::pair<int, const char*> named[] = {{0, "success"},
                                               {1, "hardware-fault"},
                                               {2, "temporary-failure"},
                                               {3, "read-write-denied"},
                                               {4, "object-undefined"},
                                               {9, "object-class-inconsistent"},
                                               {11, "object-unavailable"},
                                               {12, "type-unmatched"},
                                               {13, "scope-of-access-violated"},
                                               {14, "data-block-unavailable"},
                                               {15, "long-action-aborted"},
                                               {16, "no-long-action-in-progress"},
                                               {250, "other-reason"}};
  for (int code = 0; code < 256; ++code) {
    const char* expected = nullptr;
    for (const auto& [value, name] : named) {
      if (value == code) {
        expected = name;
      }
    }
    const char* actual = to_string(static_cast<ActionResult>(code));
    if (expected == nullptr) {
      EXPECT_EQ(actual, nullptr) << code;
    } else {
      EXPECT_STREQ(actual, expected) << code;
    }
  }
}

}  // namespace
}  // namespace dlms::apdu::test
