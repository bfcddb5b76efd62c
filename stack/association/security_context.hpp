#pragma once
// SecurityContext: the security state one Security setup object (class 64, Blue Book 4.4.7)
// shows and drives, shared by every association that references that object: security
// policy, security suite, the symmetric keys (security::KeySet), the server's own system
// title, the last client system title seen, and the invocation counters (with their
// persistence store). The association (server_association.hpp) reads it to authenticate
// and to (un)protect APDUs; the Security setup object calls security_activate() and
// key_transfer().
//
// Changes requested through the protocol (security_activate, key_transfer) are staged and
// take effect only after the response to the request that asked for them has been protected
// and sent (the session calls commit_pending()), so the client receives that response under
// the keys and policy it used for its request. Configuration (set_policy, set_key, ...) takes
// effect at once.
//
// Not thread-safe: one strand owns a logical device's security state.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "stack/core/bytes.hpp"
#include "stack/core/result.hpp"
#include "stack/security/crypto_backend.hpp"
#include "stack/security/invocation_counter.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/security_control.hpp"
#include "stack/security/security_policy.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::association {

class SecurityContext {
 public:
  // `store` (may be null: RAM only) persists the invocation counters under `counter_context`
  // (one per Security setup object); `reserve_window` as in security::InvocationCounters.
  explicit SecurityContext(security::CryptoBackend& backend,
                           security::InvocationCounterStore* store = nullptr,
                           std::uint16_t counter_context = 0, std::uint32_t reserve_window = 1) noexcept
      : backend_(&backend), counters_(store, counter_context, reserve_window) {}

  SecurityContext(const SecurityContext&) = delete;
  SecurityContext& operator=(const SecurityContext&) = delete;

  // Reads the invocation counters from the store (call once at start-up).
  Status load_counters() noexcept { return counters_.load(); }

  [[nodiscard]] security::CryptoBackend& backend() noexcept { return *backend_; }

  // --- attribute 2 security_policy (version 1 bit flags) and method 1 security_activate ---
  [[nodiscard]] security::SecurityPolicy policy() const noexcept { return policy_; }
  // Configuration: sets the policy at once, weaker or stronger.
  void set_policy(security::SecurityPolicy policy) noexcept {
    policy_ = policy;
    pending_policy_.reset();
  }
  // security_activate: security_errc::policy_violation unless `next` strengthens the current
  // policy (no set flag cleared; Blue Book 4.4.7). Staged until commit_pending().
  Status security_activate(security::SecurityPolicy next) noexcept;

  // --- attribute 3 security_suite ---
  [[nodiscard]] security::SecuritySuite suite() const noexcept { return suite_; }
  // Only suite 0 is implemented: security_errc::unsupported for 1 and 2.
  Status set_suite(security::SecuritySuite suite) noexcept;

  // --- attribute 4 client_system_title (the last one a client sent in its AARQ) ---
  [[nodiscard]] const std::optional<security::SystemTitle>& client_system_title() const noexcept {
    return client_system_title_;
  }
  void set_client_system_title(const security::SystemTitle& title) noexcept { client_system_title_ = title; }

  // --- attribute 5 server_system_title ---
  [[nodiscard]] const security::SystemTitle& server_system_title() const noexcept {
    return server_system_title_;
  }
  void set_server_system_title(const security::SystemTitle& title) noexcept { server_system_title_ = title; }

  // --- keys ---
  [[nodiscard]] const security::KeySet& keys() const noexcept { return keys_; }
  // Configuration: installs one key (16 or 32 octets) at once; its counters restart.
  Status set_key(security::KeyId id, ByteSpan bytes) noexcept;
  // Method 2 key_transfer / global_key_transfer: unwraps every entry of the A-XDR parameter
  // with the current master key (KEK, RFC 3394) and stages them all, or none (Blue Book
  // 4.4.7). Returns the number of keys staged. Errors: those of security::parse_key_transfer
  // and unwrap_key (invalid_key_transfer, unwrap_failed, key_not_set for a missing KEK, ...).
  Result<std::size_t> key_transfer(ByteSpan parameter) noexcept;

  // --- invocation counters (Data objects 0-0:43.1.x.255 show the send counters) ---
  [[nodiscard]] security::InvocationCounters& counters() noexcept { return counters_; }
  [[nodiscard]] const security::InvocationCounters& counters() const noexcept { return counters_; }

  // Staged changes (security_activate, key_transfer) take effect: the session calls this
  // after the response to the request that staged them has been protected.
  [[nodiscard]] bool has_pending() const noexcept {
    return pending_policy_.has_value() || pending_keys_ != 0;
  }
  Status commit_pending() noexcept;
  // Forgets staged changes (the request that staged them failed after all).
  void discard_pending() noexcept;

 private:
  security::CryptoBackend* backend_;
  security::InvocationCounters counters_;
  security::SecurityPolicy policy_;
  std::optional<security::SecurityPolicy> pending_policy_;
  security::SecuritySuite suite_ = security::SecuritySuite::suite0;
  std::optional<security::SystemTitle> client_system_title_;
  security::SystemTitle server_system_title_;
  security::KeySet keys_;
  security::KeySet staged_keys_;
  std::uint8_t pending_keys_ = 0;  // bit n: staged_keys_ holds a new key for KeyId n
};

}  // namespace dlms::association
