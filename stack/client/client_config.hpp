#pragma once
// ClientConfig: what the client proposes and how it protects its requests (Green Book 9.4
// application association; 9.2.7 security). Byte fields are views: the caller keeps the
// password, secret and keys alive while the engine uses them.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "stack/apdu/application_context.hpp"
#include "stack/apdu/conformance.hpp"
#include "stack/codec/limits.hpp"
#include "stack/core/bytes.hpp"
#include "stack/security/hls.hpp"
#include "stack/security/invocation_counter.hpp"
#include "stack/security/key_set.hpp"
#include "stack/security/protection.hpp"
#include "stack/security/security_control.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::client {

// The conformance block a client proposes by default: LN services with block transfer,
// selective access, multiple references, attribute 0 with get/set, action, get, set
// (0x00 7E 1F, as the Green Book AARQ example proposes: 5F 1F 04 00 00 7E 1F).
inline constexpr apdu::ConformanceBlock kDefaultProposedConformance =
    apdu::ConformanceBlock::from_u32(0x007E1F);

// The key-info of general-ciphering [221] requests (Green Book 9.2.7.2.4.8, suite 0; see
// security/general_ciphering.hpp).
enum class GeneralCipheringKey : std::uint8_t {
  identified,  // identified-key, key-id global-unicast-encryption-key (0): keys[GUEK]
  wrapped,     // wrapped-key: a fresh random key per request, wrapped with keys[master] (KEK)
};

// Suite-0 ciphering of the xDLMS APDUs after (and including) the InitiateRequest.
struct CipheringConfig {
  // Authentication and/or encryption of requests (security control bits 4 and 5; the suite id
  // in bits 0-3). Neither bit: requests travel plain (e.g. HLS-GMAC without ciphering).
  security::SecurityControl security_control =
      security::SecurityControl::make(security::SecuritySuite::suite0, true, true);
  // glo- / ded- service APDUs or general-glo / general-ded-ciphering.
  security::CipheringKind kind = security::CipheringKind::global;
  // general-ciphering [221] with this key-info instead of `kind` (the InitiateRequest in the
  // AARQ stays glo-ciphered). The transaction-id is the request's invocation counter as 8
  // octets; the server's answer must echo it. Invocation counters: the GUEK's slot for
  // identified-key, the master key's slot for wrapped-key (as the server counts).
  std::optional<GeneralCipheringKey> general;
};

struct ClientConfig {
  // --- Association (AARQ) ---
  // Application context: LN, or LN with ciphering; nullopt chooses LN with ciphering exactly
  // when `ciphering` or a dedicated key is set.
  std::optional<apdu::ApplicationContextName> application_context;
  security::AuthenticationMechanism mechanism = security::AuthenticationMechanism::none;
  ByteSpan password;                                      // LLS (mechanism 1)
  ByteSpan hls_secret;                                    // HLS mechanisms 2, 3, 4, 6
  std::size_t challenge_size = 16;                        // CtoS octets, 8..64
  security::ManufacturerHls* manufacturer_hls = nullptr;  // mechanism 2
  apdu::ConformanceBlock proposed_conformance = kDefaultProposedConformance;
  std::uint16_t max_receive_pdu_size = 0xFFFF;  // client-max-receive-pdu-size
  // Send a calling-AP-title even without ciphering (some clients always do).
  bool send_system_title = false;

  // --- Security (suite 0) ---
  security::SystemTitle system_title;  // the client's: calling-AP-title, IV of its requests
  security::KeySet keys;               // GUEK, AK (and GBEK); the dedicated key if used
  std::optional<CipheringConfig> ciphering;
  // Propose a dedicated key in the InitiateRequest (keys[dedicated] must be set); requests are
  // then ded-ciphered when `ciphering` says dedicated.
  bool use_dedicated_key = false;
  // First invocation counter for the global unicast key (many meters want it above the last
  // one they saw: read it from the meter's invocation counter object first); with
  // general-ciphering wrapped-key also for the master key's slot.
  std::uint32_t invocation_counter = 0;
  // Persist the client's counters (nullptr: RAM only).
  security::InvocationCounterStore* counter_store = nullptr;

  // --- Services ---
  std::uint8_t invoke_id = 1;        // 0..15
  bool high_priority = true;         // invoke-id-and-priority 0xC1 for invoke-id 1
  bool confirmed = true;             // service-class bit (always 1 for GET/SET/ACTION in practice)
  bool increment_invoke_id = false;  // count invoke-ids up modulo 16
  // Largest reassembled response (GET blocks, ACTION pblocks, GBT), also the most octets a
  // ResultSink is given: 0 means the result buffer's size (no bound for an engine's sink; the
  // Client takes 64 kB).
  std::size_t max_response_size = 1U << 20U;
  std::uint32_t max_blocks = 100000;  // blocks of one transfer
  // Wrap requests in general-block-transfer (only when the server negotiated it) and accept GBT
  // responses. Off by default: service-specific block transfer is used otherwise.
  bool use_general_block_transfer = false;
  // Largest server max receive PDU the client will honour (0: the server's value as is).
  std::uint16_t assume_server_max_pdu = 0;
  // Bounds for decoding responses (depth, counts, list items, APDU size).
  codec::Limits limits = codec::kDefaultLimits;
};

}  // namespace dlms::client
