#include "stack/association/security_context.hpp"

#include <array>

#include "stack/security/key_transfer.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::association {

using security::KeyId;
using security::security_errc;

Status SecurityContext::security_activate(security::SecurityPolicy next) noexcept {
  const security::SecurityPolicy current = pending_policy_.value_or(policy_);
  if (!current.is_strengthening(next)) {
    return security_errc::policy_violation;
  }
  pending_policy_ = next;
  return {};
}

Status SecurityContext::set_suite(security::SecuritySuite suite) noexcept {
  if (suite != security::SecuritySuite::suite0) {
    return security_errc::unsupported;
  }
  suite_ = suite;
  return {};
}

Status SecurityContext::set_key(KeyId id, ByteSpan bytes) noexcept {
  if (Status s = keys_.set(id, bytes); !s) {
    return s;
  }
  pending_keys_ = static_cast<std::uint8_t>(pending_keys_ & ~(1U << static_cast<unsigned>(id)));
  return counters_.reset(id);
}

Result<std::size_t> SecurityContext::key_transfer(ByteSpan parameter) noexcept {
  std::array<security::WrappedKey, security::kMaxKeyTransferEntries> entries{};
  Result<std::size_t> n = security::parse_key_transfer(parameter, entries);
  if (!n) {
    return n.error();
  }
  const security::Key& kek = keys_[KeyId::master];
  if (!kek.is_set()) {
    return security_errc::key_not_set;
  }
  std::array<security::Key, security::kMaxKeyTransferEntries> unwrapped{};
  for (std::size_t i = 0; i < *n; ++i) {
    Result<security::Key> k = security::unwrap_key(*backend_, kek, entries[i].wrapped);
    if (!k) {
      for (auto& u : unwrapped) {
        u.clear();
      }
      return k.error();
    }
    unwrapped[i] = *k;
  }
  if (pending_keys_ == 0) {
    staged_keys_ = keys_;
  }
  for (std::size_t i = 0; i < *n; ++i) {
    staged_keys_[entries[i].id] = unwrapped[i];
    pending_keys_ = static_cast<std::uint8_t>(pending_keys_ | (1U << static_cast<unsigned>(entries[i].id)));
    unwrapped[i].clear();
  }
  return *n;
}

Status SecurityContext::commit_pending() noexcept {
  if (pending_policy_) {
    policy_ = *pending_policy_;
    pending_policy_.reset();
  }
  Status result;
  if (pending_keys_ != 0) {
    for (std::size_t i = 0; i < security::kKeyIdCount; ++i) {
      if ((pending_keys_ & (1U << i)) == 0) {
        continue;
      }
      const auto id = static_cast<KeyId>(i);
      keys_[id] = staged_keys_[id];
      // A counter store failure keeps the key installed: continuing the old counters is safe.
      if (Status s = counters_.reset(id); !s && result) {
        result = s;
      }
    }
    pending_keys_ = 0;
    for (auto& k : staged_keys_.keys) {
      k.clear();
    }
  }
  return result;
}

void SecurityContext::discard_pending() noexcept {
  pending_policy_.reset();
  pending_keys_ = 0;
  for (auto& k : staged_keys_.keys) {
    k.clear();
  }
}

}  // namespace dlms::association
