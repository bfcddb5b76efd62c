#include "stack/security/invocation_counter.hpp"

#include <map>
#include <tuple>

#include <gtest/gtest.h>

namespace dlms::security {
namespace {

// An in-memory store that can be told to fail.
class FakeStore final : public InvocationCounterStore {
 public:
  using Slot = std::tuple<std::uint16_t, KeyId, CounterDirection>;
  Result<std::optional<std::uint32_t>> load(std::uint16_t context, KeyId key, CounterDirection dir) override {
    if (fail) {
      return security_errc::counter_store_failed;
    }
    auto it = values.find({context, key, dir});
    return it == values.end() ? std::optional<std::uint32_t>() : std::optional<std::uint32_t>(it->second);
  }
  Status save(std::uint16_t context, KeyId key, CounterDirection dir, std::uint32_t value) override {
    if (fail) {
      return security_errc::counter_store_failed;
    }
    ++writes;
    values[{context, key, dir}] = value;
    return {};
  }
  Status clear(std::uint16_t context, KeyId key) override {
    if (fail) {
      return security_errc::counter_store_failed;
    }
    values.erase({context, key, CounterDirection::send});
    values.erase({context, key, CounterDirection::receive});
    return {};
  }
  std::map<Slot, std::uint32_t> values;
  bool fail = false;
  int writes = 0;
};

constexpr KeyId kGuek = KeyId::global_unicast_encryption;

TEST(InvocationCounters, SendCountsUpPerKey) {
  InvocationCounters c;
  EXPECT_EQ(c.next_send(kGuek).value(), 0U);
  EXPECT_EQ(c.next_send(kGuek).value(), 1U);
  EXPECT_EQ(c.next_send(KeyId::dedicated).value(), 0U);
  EXPECT_EQ(c.peek_send(kGuek), 2U);
}

TEST(InvocationCounters, SendExhaustsBeforeWrapping) {
  InvocationCounters c;
  ASSERT_TRUE(c.set_send(kGuek, InvocationCounters::kMaxSendable));
  EXPECT_EQ(c.next_send(kGuek).value(), 0xFFFFFFFEU);
  EXPECT_EQ(c.next_send(kGuek).error(), security_errc::invocation_counter_exhausted);
  EXPECT_EQ(c.next_send(kGuek).error(), security_errc::invocation_counter_exhausted);
}

TEST(InvocationCounters, ReservationSurvivesARestartWithoutReuse) {
  FakeStore store;
  {
    InvocationCounters c(&store, 7, 10);
    ASSERT_TRUE(c.load());
    for (std::uint32_t i = 0; i < 12; ++i) {
      EXPECT_EQ(c.next_send(kGuek).value(), i);
    }
    EXPECT_EQ(store.writes, 2);  // reserved 0..9, then 10..19
    EXPECT_EQ((store.values[{7, kGuek, CounterDirection::send}]), 20U);
  }
  InvocationCounters again(&store, 7, 10);
  ASSERT_TRUE(again.load());
  EXPECT_EQ(again.next_send(kGuek).value(), 20U);  // 12..19 skipped, none reused
}

TEST(InvocationCounters, StoreFailureAdvancesNothing) {
  FakeStore store;
  InvocationCounters c(&store);
  ASSERT_TRUE(c.load());
  store.fail = true;
  EXPECT_EQ(c.next_send(kGuek).error(), security_errc::counter_store_failed);
  EXPECT_EQ(c.peek_send(kGuek), 0U);
  EXPECT_EQ(c.accept_received(kGuek, 5).error(), security_errc::counter_store_failed);
  EXPECT_FALSE(c.last_received(kGuek).has_value());
  EXPECT_EQ(c.load().error(), security_errc::counter_store_failed);
  store.fail = false;
  EXPECT_EQ(c.next_send(kGuek).value(), 0U);
}

TEST(InvocationCounters, ReceivedMustIncrease) {
  FakeStore store;
  InvocationCounters c(&store, 1);
  EXPECT_TRUE(c.check_received(kGuek, 0));  // nothing received yet: any IC
  ASSERT_TRUE(c.accept_received(kGuek, 100));
  EXPECT_EQ(c.check_received(kGuek, 100).error(), security_errc::replayed_invocation_counter);
  EXPECT_EQ(c.accept_received(kGuek, 99).error(), security_errc::replayed_invocation_counter);
  EXPECT_EQ(c.last_received(kGuek), 100U);
  EXPECT_TRUE(c.accept_received(kGuek, 101));
  EXPECT_TRUE(c.accept_received(KeyId::global_broadcast_encryption, 3));  // per key
  InvocationCounters reloaded(&store, 1);
  ASSERT_TRUE(reloaded.load());
  EXPECT_EQ(reloaded.last_received(kGuek), 101U);
  EXPECT_EQ(reloaded.check_received(kGuek, 101).error(), security_errc::replayed_invocation_counter);
}

TEST(InvocationCounters, ResetForANewKey) {
  FakeStore store;
  InvocationCounters c(&store);
  ASSERT_TRUE(c.accept_received(kGuek, 50));
  ASSERT_TRUE(c.next_send(kGuek));
  ASSERT_TRUE(c.reset(kGuek));
  EXPECT_FALSE(c.last_received(kGuek).has_value());
  EXPECT_EQ(c.peek_send(kGuek), 0U);
  EXPECT_TRUE(store.values.empty());
}

}  // namespace
}  // namespace dlms::security
