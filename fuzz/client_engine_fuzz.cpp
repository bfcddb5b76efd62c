// Fuzz target: the client engine fed arbitrary response APDUs. The input is an operation
// selector, flags, then records (2-octet big-endian length, APDU): the first record answers the
// AARQ, the others the requests of the chosen operation (GET, GET-with-list, a long SET, a long
// ACTION, RELEASE), with service-specific block transfer or GBT. Never crashes, loops or
// overruns; after an error no operation is left in progress; a completed GET holds exactly one
// valid Data value and a completed GET-with-list a valid list of results.
// Flags bit 3 turns suite-0 ciphering on (keys and titles of the Green Book Table 40 example,
// client 4D4D4D0000000001, master key = EK, dedicated key 00112233..FF), bits 4-6 choose the
// envelope: glo-, ded-, general-glo-, general-ded-ciphering, general-ciphering identified-key
// or wrapped-key; GET then reads Data 0.0.96.1.0.255 (seeds: cipher_* from
// stack/client/tests/client_server_test.cpp, DLMS_WRITE_FUZZ_SEEDS).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "stack/apdu/get_data_result.hpp"
#include "stack/apdu/list_view.hpp"
#include "stack/client/client_engine.hpp"
#include "stack/codec/data_view.hpp"
#include "stack/core/byte_reader.hpp"
#include "stack/security/openssl/openssl_backend.hpp"

namespace {

using namespace dlms;
using namespace dlms::client;

std::array<std::uint8_t, 1 << 16> request_scratch;
std::array<std::uint8_t, 1 << 16> response_scratch;
std::array<std::uint8_t, 1 << 16> gbt;
std::array<std::uint8_t, 1 << 16> out;
std::array<std::uint8_t, 1 << 16> result;
std::array<std::uint8_t, 600> big_value;

constexpr std::array<std::uint8_t, 16> kEk{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                           0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F};
constexpr std::array<std::uint8_t, 16> kAk{0xD0, 0xD1, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7,
                                           0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF};
constexpr std::array<std::uint8_t, 16> kDedicated{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                                  0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
constexpr std::array<std::uint8_t, 8> kClientTitle{0x4D, 0x4D, 0x4D, 0x00, 0x00, 0x00, 0x00, 0x01};

security::OpenSslBackend backend;

// Suite-0 authenticated encryption with the envelope `mode` (see the header).
void set_ciphering(ClientConfig& config, unsigned mode) {
  using security::CipheringKind;
  (void)config.keys.set(security::KeyId::global_unicast_encryption, kEk);
  (void)config.keys.set(security::KeyId::authentication, kAk);
  (void)config.keys.set(security::KeyId::master, kEk);
  config.system_title = security::SystemTitle(kClientTitle);
  CipheringConfig c;
  switch (mode % 6) {
    case 0: c.kind = CipheringKind::global; break;
    case 1: c.kind = CipheringKind::dedicated; break;
    case 2: c.kind = CipheringKind::general_global; break;
    case 3: c.kind = CipheringKind::general_dedicated; break;
    case 4: c.general = GeneralCipheringKey::identified; break;
    default: c.general = GeneralCipheringKey::wrapped; break;
  }
  if (security::is_dedicated(c.kind)) {
    (void)config.keys.set(security::KeyId::dedicated, kDedicated);
    config.use_dedicated_key = true;
  }
  config.ciphering = c;
}

bool next_record(ByteReader& in, ByteSpan& record) {
  std::uint16_t n = 0;
  return in.u16(n) && in.bytes(n, record);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ByteReader in(ByteSpan(data, size));
  std::uint8_t op = 0;
  std::uint8_t flags = 0;
  if (!in.u8(op) || !in.u8(flags)) {
    return 0;
  }
  ClientConfig config;
  config.use_general_block_transfer = (flags & 1U) != 0;
  config.increment_invoke_id = (flags & 2U) != 0;
  config.max_response_size = (flags & 4U) != 0 ? 64 : 0;
  config.max_blocks = 64;
  config.proposed_conformance = apdu::ConformanceBlock::from_u32(0x20FFFF);
  const bool ciphering = (flags & 8U) != 0;
  if (ciphering) {
    set_ciphering(config, flags >> 4U);
  }
  ClientEngine engine(config, ciphering ? &backend : nullptr,
                      EngineBuffers{request_scratch, response_scratch, gbt});

  ByteSpan record;
  if (!engine.begin_associate() || !engine.next_request(out) || !next_record(in, record)) {
    return 0;
  }
  Result<Progress> p = engine.on_response(record);
  if (!p) {
    if (engine.operation() != Operation::none || engine.associated()) {
      __builtin_trap();
    }
    return 0;
  }
  if (!engine.associated()) {
    return 0;
  }

  big_value[0] = 0x09;
  big_value[1] = 0x82;
  big_value[2] = static_cast<std::uint8_t>((big_value.size() - 4) >> 8U);
  big_value[3] = static_cast<std::uint8_t>((big_value.size() - 4) & 0xFFU);
  const codec::DataView value = codec::read_data_exact(big_value).value();
  const std::array<apdu::CosemAttributeDescriptorWithSelection, 2> items{
      {{{8, {0, 0, 1, 0, 0, 255}, 2}, std::nullopt}, {{3, {1, 0, 1, 8, 0, 255}, 2}, std::nullopt}}};
  const std::array<codec::DataView, 2> values{value, value};
  Status begun;
  switch (op % 6) {
    case 0:
      begun = ciphering ? engine.begin_get({1, {0, 0, 96, 1, 0, 255}, 2}, std::nullopt, result)
                        : engine.begin_get({7, {1, 0, 99, 1, 0, 255}, 2}, std::nullopt, result);
      break;
    case 1: begun = engine.begin_get_list(items, result); break;
    case 2: begun = engine.begin_set({18, {0, 0, 44, 0, 0, 255}, 2}, std::nullopt, value); break;
    case 3: begun = engine.begin_set_list(items, values, result); break;
    case 4: begun = engine.begin_action({18, {0, 0, 44, 0, 0, 255}, 2}, value, result); break;
    default: begun = engine.begin_release(); break;
  }
  if (!begun) {
    return 0;
  }
  while (true) {
    if (!engine.next_request(out)) {
      if (engine.operation() != Operation::none) {
        __builtin_trap();
      }
      return 0;
    }
    if (!next_record(in, record)) {
      return 0;
    }
    p = engine.on_response(record);
    if (!p) {
      if (engine.operation() != Operation::none) {
        __builtin_trap();
      }
      return 0;
    }
    if (*p == Progress::complete) {
      break;
    }
  }
  if (engine.operation() != Operation::none || engine.result().size() > result.size()) {
    __builtin_trap();
  }
  if (engine.outcome().ok() && op % 6 == 0 && !codec::read_data_exact(engine.result())) {
    __builtin_trap();
  }
  if (engine.outcome().ok() && op % 6 == 1) {
    ByteReader r(engine.result());
    apdu::List<apdu::GetDataResult> list;
    if (apdu::List<apdu::GetDataResult>::decode(r, config.limits, list) || !r.empty() || list.size() != 2) {
      __builtin_trap();
    }
  }
  return 0;
}
