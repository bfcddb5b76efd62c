// Image transfer (class 18, version 0; Blue Book 4.4.6): attributes' A-XDR encodings and the
// initiate / block transfer / verify / activate process with its block bitmap.
#include "cosem_objects/image_transfer.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "stack/core/hex.hpp"

namespace dlms::cosem {
namespace {

using apdu::ActionResult;
using apdu::DataAccessResult;

std::vector<std::uint8_t> hex(std::string_view s) { return from_hex(s).value(); }

class FakeStore : public ImageStore {
 public:
  std::vector<std::uint8_t> image;
  std::vector<std::uint8_t> id;
  ActionResult verify_result = ActionResult::success;
  ActionResult activate_result = ActionResult::success;
  int verifications = 0;
  int activations = 0;
  std::uint32_t max_image_size() const noexcept override { return 1000; }
  ActionResult initiate(ByteSpan identifier, std::uint32_t size) override {
    id.assign(identifier.begin(), identifier.end());
    image.assign(size, 0);
    return ActionResult::success;
  }
  ActionResult write_block(std::uint32_t offset, ByteSpan data) override {
    std::copy(data.begin(), data.end(), image.begin() + offset);
    return ActionResult::success;
  }
  ActionResult verify() override {
    ++verifications;
    return verify_result;
  }
  ActionResult activate() override {
    ++activations;
    return activate_result;
  }
  ByteSpan signature() const noexcept override { return sig; }
  std::vector<std::uint8_t> sig = {0x5A, 0x5B};
};

std::string get(InterfaceClass& obj, std::int8_t attr) {
  std::array<std::uint8_t, 128> buf{};
  ByteWriter out(buf);
  server::GetCursor cursor;
  EXPECT_EQ(obj.get({}, attr, nullptr, cursor, out), DataAccessResult::success);
  return to_hex(out.written());
}

ActionResult invoke(InterfaceClass& obj, std::int8_t method, std::string_view parameter) {
  std::array<std::uint8_t, 16> buf{};
  ByteWriter out(buf);
  if (parameter.empty()) {
    return obj.invoke({}, method, nullptr, out).result;
  }
  const auto p = hex(parameter);
  return obj.invoke({}, method, &*codec::read_data_exact(p), out).result;
}

class ImageTransferTest : public ::testing::Test {
 protected:
  ImageTransferTest() : it(apdu::ObisCode(0, 0, 44, 0, 0, 255)) {
    it.bind_store(&store);
    EXPECT_EQ(it.set_static(2, hex("06 00 00 00 04")), DataAccessResult::success);  // 4-octet blocks
  }
  // 10-octet image "FW1": blocks 0..2 of 4, 4 and 2 octets.
  ActionResult initiate() { return invoke(it, 1, "02 02 09 03 46 57 31 06 00 00 00 0A"); }
  FakeStore store;
  ImageTransfer it;
};

TEST_F(ImageTransferTest, ClassIdentityAndDefaults) {
  EXPECT_EQ(it.class_id(), 18);
  EXPECT_EQ(it.version(), 0);
  EXPECT_EQ(it.attribute_count(), 7);
  EXPECT_EQ(it.method_count(), 4);
  EXPECT_EQ(get(it, 1), "09 06 00 00 2C 00 00 FF");
  EXPECT_EQ(get(it, 2), "06 00 00 00 04");
  EXPECT_EQ(get(it, 3), "04 00");  // no blocks yet
  EXPECT_EQ(get(it, 4), "06 00 00 00 00");
  EXPECT_EQ(get(it, 5), "03 01");
  EXPECT_EQ(get(it, 6), "16 00");
  EXPECT_EQ(get(it, 7), "01 00");
}

TEST_F(ImageTransferTest, WholeTransferOutOfOrder) {
  ASSERT_EQ(initiate(), ActionResult::success);
  EXPECT_EQ(to_hex(store.id), "46 57 31");
  EXPECT_EQ(get(it, 6), "16 01");
  EXPECT_EQ(get(it, 3), "04 03 00");
  EXPECT_EQ(invoke(it, 2, "02 02 06 00 00 00 01 09 04 45 46 47 48"), ActionResult::success);
  EXPECT_EQ(get(it, 3), "04 03 40");  // block 1 of 3
  EXPECT_EQ(get(it, 4), "06 00 00 00 00");
  EXPECT_EQ(invoke(it, 2, "02 02 06 00 00 00 00 09 04 41 42 43 44"), ActionResult::success);
  EXPECT_EQ(get(it, 3), "04 03 C0");
  EXPECT_EQ(get(it, 4), "06 00 00 00 02");
  // Verifying with a block missing fails.
  EXPECT_EQ(invoke(it, 3, "0F 00"), ActionResult::other_reason);
  EXPECT_EQ(get(it, 6), "16 04");
  EXPECT_EQ(store.verifications, 0);
  // The last block is shorter; the transfer goes on after the failed verification.
  EXPECT_EQ(invoke(it, 2, "02 02 06 00 00 00 02 09 02 49 4A"), ActionResult::success);
  EXPECT_EQ(get(it, 6), "16 01");
  EXPECT_EQ(get(it, 3), "04 03 E0");
  EXPECT_EQ(get(it, 4), "06 00 00 00 03");
  EXPECT_EQ(to_hex(store.image), "41 42 43 44 45 46 47 48 49 4A");
  EXPECT_EQ(invoke(it, 3, "0F 00"), ActionResult::success);
  EXPECT_EQ(get(it, 6), "16 03");
  EXPECT_EQ(get(it, 7), "01 01 02 03 06 00 00 00 0A 09 03 46 57 31 09 02 5A 5B");
  EXPECT_EQ(invoke(it, 4, "0F 00"), ActionResult::success);
  EXPECT_EQ(get(it, 6), "16 06");
  EXPECT_EQ(store.activations, 1);
}

TEST_F(ImageTransferTest, SlowVerificationAndActivation) {
  ASSERT_EQ(initiate(), ActionResult::success);
  ASSERT_EQ(invoke(it, 2, "02 02 06 00 00 00 00 09 04 41 42 43 44"), ActionResult::success);
  ASSERT_EQ(invoke(it, 2, "02 02 06 00 00 00 01 09 04 45 46 47 48"), ActionResult::success);
  ASSERT_EQ(invoke(it, 2, "02 02 06 00 00 00 02 09 02 49 4A"), ActionResult::success);
  store.verify_result = ActionResult::temporary_failure;
  EXPECT_EQ(invoke(it, 3, "0F 00"), ActionResult::temporary_failure);
  EXPECT_EQ(get(it, 6), "16 02");
  // Activation before verification is done verifies first.
  store.verify_result = ActionResult::success;
  store.activate_result = ActionResult::temporary_failure;
  EXPECT_EQ(invoke(it, 4, "0F 00"), ActionResult::temporary_failure);
  EXPECT_EQ(get(it, 6), "16 05");
  store.activate_result = ActionResult::hardware_fault;
  EXPECT_EQ(invoke(it, 4, "0F 00"), ActionResult::other_reason);
  EXPECT_EQ(get(it, 6), "16 07");
  EXPECT_EQ(invoke(it, 4, "0F 00"), ActionResult::other_reason);
}

TEST_F(ImageTransferTest, FailedVerification) {
  ASSERT_EQ(invoke(it, 1, "02 02 09 01 58 06 00 00 00 03"), ActionResult::success);
  ASSERT_EQ(invoke(it, 2, "02 02 06 00 00 00 00 09 03 01 02 03"), ActionResult::success);
  store.verify_result = ActionResult::other_reason;
  EXPECT_EQ(invoke(it, 3, "0F 00"), ActionResult::other_reason);
  EXPECT_EQ(get(it, 6), "16 04");
  EXPECT_EQ(get(it, 7), "01 00");
  EXPECT_EQ(invoke(it, 4, "0F 00"), ActionResult::other_reason);
  // Missing blocks may still come: the block size stays.
  EXPECT_EQ(it.set_static(2, hex("06 00 00 00 08")), DataAccessResult::temporary_failure);
}

TEST_F(ImageTransferTest, Rejections) {
  // Methods before initiate.
  EXPECT_EQ(invoke(it, 2, "02 02 06 00 00 00 00 09 04 41 42 43 44"), ActionResult::other_reason);
  EXPECT_EQ(invoke(it, 3, "0F 00"), ActionResult::other_reason);
  EXPECT_EQ(invoke(it, 4, "0F 00"), ActionResult::other_reason);
  // Malformed parameters.
  EXPECT_EQ(invoke(it, 1, "02 02 06 00 00 00 0A 09 03 46 57 31"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(it, 1, "02 01 09 03 46 57 31"), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(it, 1, ""), ActionResult::type_unmatched);
  EXPECT_EQ(invoke(it, 3, "11 00"), ActionResult::type_unmatched);
  // Size 0, larger than the store takes, more blocks than the bitmap holds.
  EXPECT_EQ(invoke(it, 1, "02 02 09 01 58 06 00 00 00 00"), ActionResult::other_reason);
  EXPECT_EQ(invoke(it, 1, "02 02 09 01 58 06 00 00 03 E9"), ActionResult::other_reason);
  EXPECT_EQ(get(it, 6), "16 00");
  ASSERT_EQ(initiate(), ActionResult::success);
  // Block number past the end, wrong lengths (a middle block short, the last one long).
  EXPECT_EQ(invoke(it, 2, "02 02 06 00 00 00 03 09 02 41 42"), ActionResult::other_reason);
  EXPECT_EQ(invoke(it, 2, "02 02 06 00 00 00 00 09 03 41 42 43"), ActionResult::other_reason);
  EXPECT_EQ(invoke(it, 2, "02 02 06 00 00 00 02 09 04 41 42 43 44"), ActionResult::other_reason);
  EXPECT_EQ(invoke(it, 2, "02 02 09 04 41 42 43 44 06 00 00 00 00"), ActionResult::type_unmatched);
  EXPECT_EQ(get(it, 3), "04 03 00");
  // Block size cannot change mid-transfer; 0 is refused; wrong type.
  EXPECT_EQ(it.set_static(2, hex("06 00 00 00 08")), DataAccessResult::temporary_failure);
  EXPECT_EQ(it.set_static(2, hex("06 00 00 00 00")), DataAccessResult::other_reason);
  EXPECT_EQ(it.set_static(2, hex("12 00 08")), DataAccessResult::type_unmatched);
  EXPECT_EQ(it.set_static(3, hex("04 00")), DataAccessResult::read_write_denied);
  EXPECT_EQ(it.set_static(6, hex("16 00")), DataAccessResult::read_write_denied);
  // A disabled transfer cannot start.
  EXPECT_EQ(it.set_static(5, hex("03 00")), DataAccessResult::success);
  EXPECT_EQ(get(it, 5), "03 00");
  EXPECT_EQ(it.set_static(5, hex("11 00")), DataAccessResult::type_unmatched);
  EXPECT_EQ(initiate(), ActionResult::read_write_denied);
}

TEST(ImageTransferUnbound, NeedsAStore) {
  ImageTransfer it(apdu::ObisCode(0, 0, 44, 0, 0, 255));
  EXPECT_EQ(invoke(it, 1, "02 02 09 01 58 06 00 00 00 03"), ActionResult::object_unavailable);
  EXPECT_EQ(invoke(it, 3, "0F 00"), ActionResult::object_unavailable);
  EXPECT_EQ(get(it, 2), "06 00 00 00 C8");  // default block size 200
}

}  // namespace
}  // namespace dlms::cosem
