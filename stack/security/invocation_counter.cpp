#include "stack/security/invocation_counter.hpp"

namespace dlms::security {

InvocationCounters::InvocationCounters(InvocationCounterStore* store, std::uint16_t context,
                                       std::uint32_t reserve_window) noexcept
    : store_(store), context_(context), window_(reserve_window == 0 ? 1 : reserve_window) {}

Status InvocationCounters::load() noexcept {
  if (store_ == nullptr) {
    return {};
  }
  std::array<std::uint64_t, kKeyIdCount> send{};
  std::array<std::optional<std::uint32_t>, kKeyIdCount> received{};
  for (std::size_t i = 0; i < kKeyIdCount; ++i) {
    const auto key = static_cast<KeyId>(i);
    auto s = store_->load(context_, key, CounterDirection::send);
    auto r = store_->load(context_, key, CounterDirection::receive);
    if (!s || !r) {
      return security_errc::counter_store_failed;
    }
    send[i] = s->value_or(0);
    received[i] = *r;
  }
  send_ = send;
  reserved_ = send;
  received_ = received;
  return {};
}

Result<std::uint32_t> InvocationCounters::next_send(KeyId key) noexcept {
  const std::size_t i = index(key);
  const std::uint64_t ic = send_[i];
  if (ic > kMaxSendable) {
    return security_errc::invocation_counter_exhausted;
  }
  if (store_ != nullptr && ic >= reserved_[i]) {
    std::uint64_t mark = ic + window_;
    if (mark > 0xFFFFFFFFULL) {
      mark = 0xFFFFFFFFULL;
    }
    if (!store_->save(context_, key, CounterDirection::send, static_cast<std::uint32_t>(mark))) {
      return security_errc::counter_store_failed;
    }
    reserved_[i] = mark;
  }
  send_[i] = ic + 1;
  return static_cast<std::uint32_t>(ic);
}

Status InvocationCounters::check_received(KeyId key, std::uint32_t ic) const noexcept {
  const auto& last = received_[index(key)];
  if (last.has_value() && ic <= *last) {
    return security_errc::replayed_invocation_counter;
  }
  return {};
}

Status InvocationCounters::accept_received(KeyId key, std::uint32_t ic) noexcept {
  if (Status s = check_received(key, ic); !s) {
    return s;
  }
  if (store_ != nullptr && !store_->save(context_, key, CounterDirection::receive, ic)) {
    return security_errc::counter_store_failed;
  }
  received_[index(key)] = ic;
  return {};
}

Status InvocationCounters::reset(KeyId key) noexcept {
  const std::size_t i = index(key);
  if (store_ != nullptr && !store_->clear(context_, key)) {
    return security_errc::counter_store_failed;
  }
  send_[i] = 0;
  reserved_[i] = 0;
  received_[i].reset();
  return {};
}

Status InvocationCounters::set_send(KeyId key, std::uint32_t next) noexcept {
  const std::size_t i = index(key);
  if (store_ != nullptr && !store_->save(context_, key, CounterDirection::send, next)) {
    return security_errc::counter_store_failed;
  }
  send_[i] = next;
  reserved_[i] = store_ != nullptr ? next : 0;
  return {};
}

}  // namespace dlms::security
