// Fuzz target: a whole server session (stack/server/server_session.hpp) fed arbitrary APDUs,
// with and without ciphering. One logical device offers a public association (client 16, no
// security), an LLS reader (32, password "12345678"), an HLS-GMAC management client (1, LN
// with ciphering, Green Book Table 43 keys and titles, StoC always "P6wRJ21F"), a ciphered
// association without authentication (48, LN with ciphering) and a pre-established one (102).
//
// Input: one flags octet, then records [selector][length: 2 octets, big endian][APDU]; the
// selector picks the client SAP (selector % 6 of 16, 32, 1, 48, 102, 77), 0xFF is a
// disconnect. Flags: bit 0 opens the public association first, bit 1 the ciphered one (plain
// InitiateRequest, client title 4D4D4D0000BC614E), bit 2 sets the security policy to
// authenticated and encrypted requests. The master key (KEK) is the Table 40 EK, so
// general-ciphering with wrapped-key is answered (seeds: general_ciphering_*, a dedicated key
// in a glo-initiateRequest, unconfirmed SET, every association slot taken).
// The objects (a writable Data, an Association LN with object_list, association_status and
// reply_to_HLS_authentication) are stack/server/testing's.
// Checks: the session never crashes, every answer fits its buffer and decodes as one APDU.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "stack/apdu/apdu.hpp"
#include "stack/association/association_config.hpp"
#include "stack/association/security_context.hpp"
#include "stack/security/openssl/openssl_backend.hpp"
#include "stack/server/server_session.hpp"
#include "stack/server/testing/green_book_security.hpp"
#include "stack/server/testing/object_entry.hpp"
#include "stack/server/testing/test_objects.hpp"

namespace {

using namespace dlms;

// OpenSSL with a repeating random source, so runs are reproducible (and the StoC known).
class FixedRandomBackend final : public security::CryptoBackend {
 public:
  Status gcm_encrypt(ByteSpan key, ByteSpan iv, security::ByteSpanList aad, ByteSpan plaintext,
                     MutableByteSpan ciphertext, MutableByteSpan tag) override {
    return real_.gcm_encrypt(key, iv, aad, plaintext, ciphertext, tag);
  }
  Status gcm_decrypt(ByteSpan key, ByteSpan iv, security::ByteSpanList aad, ByteSpan ciphertext, ByteSpan tag,
                     MutableByteSpan plaintext) override {
    return real_.gcm_decrypt(key, iv, aad, ciphertext, tag, plaintext);
  }
  Status aes_encrypt_block(ByteSpan key, ByteSpan in, MutableByteSpan out) override {
    return real_.aes_encrypt_block(key, in, out);
  }
  Status aes_key_wrap(ByteSpan kek, ByteSpan key_data, MutableByteSpan wrapped) override {
    return real_.aes_key_wrap(kek, key_data, wrapped);
  }
  Status aes_key_unwrap(ByteSpan kek, ByteSpan wrapped, MutableByteSpan key_data) override {
    return real_.aes_key_unwrap(kek, wrapped, key_data);
  }
  Status digest(security::HashAlgorithm a, security::ByteSpanList parts, MutableByteSpan out) override {
    return real_.digest(a, parts, out);
  }
  Status random(MutableByteSpan out) override {
    static constexpr std::array<std::uint8_t, 8> kStoC{'P', '6', 'w', 'R', 'J', '2', '1', 'F'};
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = kStoC[i % kStoC.size()];
    }
    return {};
  }

 private:
  security::OpenSslBackend real_;
};

constexpr std::array<std::uint8_t, 8> kPassword{'1', '2', '3', '4', '5', '6', '7', '8'};

constexpr std::array<std::uint8_t, 9> kRead{0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01};
constexpr std::array<std::uint8_t, 2> kReadWrite{0x01, 0x03};
constexpr std::array<std::uint8_t, 2> kReply{0x01, 0x00};

// Green Book AARQ, LN, no security (dlms-cosem tests/test_asce).
constexpr std::array<std::uint8_t, 31> kAarqPublic{
    0x60, 0x1D, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x01, 0xBE, 0x10, 0x04,
    0x0E, 0x01, 0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0x04, 0xB0};
// The same in LN with ciphering, calling-AP-title 4D4D4D0000BC614E, plain InitiateRequest.
constexpr std::array<std::uint8_t, 43> kAarqCiphered{
    0x60, 0x29, 0xA1, 0x09, 0x06, 0x07, 0x60, 0x85, 0x74, 0x05, 0x08, 0x01, 0x03, 0xA6, 0x0A,
    0x04, 0x08, 0x4D, 0x4D, 0x4D, 0x00, 0x00, 0xBC, 0x61, 0x4E, 0xBE, 0x10, 0x04, 0x0E, 0x01,
    0x00, 0x00, 0x00, 0x06, 0x5F, 0x1F, 0x04, 0x00, 0x00, 0x7E, 0x1F, 0x04, 0xB0};

constexpr std::array<std::uint16_t, 6> kClientSaps{16, 32, 1, 48, 102, 77};

std::array<std::uint8_t, 4096> out_buf;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static FixedRandomBackend backend;
  if (size == 0) {
    return 0;
  }
  const std::uint8_t flags = data[0];

  association::SecurityContext security(backend);
  (void)server::test_support::use_green_book_keys(security, server::test_support::kTitleBC614E);
  // KEK of general-ciphering wrapped-key
  (void)security.set_key(security::KeyId::master, server::test_support::kGreenBookEk);
  security.set_client_system_title(server::test_support::system_title(server::test_support::kTitle000001));
  if ((flags & 0x04) != 0) {
    security.set_policy(security::SecurityPolicy(security::SecurityPolicy::kAuthenticatedRequest |
                                                 security::SecurityPolicy::kEncryptedRequest));
  }

  server::test_support::LongUnsignedData value;
  server::test_support::HlsAssociationLn association_ln;
  std::array<association::ObjectAccessRights, 2> entries{
      server::test_support::object_entry(value, kReadWrite),
      server::test_support::object_entry(association_ln, kRead, kReply)};
  association::sort_object_list(entries);
  const association::AssociationObjectList objects(entries);

  std::array<association::AssociationConfig, 5> configs{};
  for (association::AssociationConfig& c : configs) {
    c.conformance =
        apdu::ConformanceBlock::from_u32(0x201E1F);  // GBT, block transfers, with-list, get/set/action
    c.max_receive_pdu_size = 512;
    c.objects = objects;
  }
  configs[0].client_sap = 16;
  configs[1].client_sap = 32;
  configs[1].mechanism = apdu::MechanismName::low_level_security;
  configs[1].secret.assign(kPassword);
  configs[2].client_sap = 1;
  configs[2].application_contexts =
      association::context_bit(apdu::ApplicationContextName::logical_name_with_ciphering);
  configs[2].mechanism = apdu::MechanismName::high_level_security_gmac;
  configs[2].challenge_size = 8;
  configs[2].security = &security;
  configs[3].client_sap = 48;
  configs[3].application_contexts =
      association::context_bit(apdu::ApplicationContextName::logical_name_with_ciphering);
  configs[3].security = &security;
  configs[4].client_sap = 102;
  configs[4].pre_established = true;

  server::LogicalDevice device;
  device.server_sap = 1;
  device.associations = configs;
  static const server::ServiceEngine engine;
  server::ServerSessionStorage<1024, 1024> storage(std::span<server::LogicalDevice>(&device, 1), engine);
  server::ServerSession& session = storage.session();

  const auto feed = [&](std::uint16_t client_sap, ByteSpan apdu) {
    Result<ByteSpan> r = session.on_apdu(client_sap, 1, apdu, out_buf);
    if (!r) {
      return;
    }
    if (r->size() > out_buf.size() || (!r->empty() && r->data() != out_buf.data())) {
      __builtin_trap();
    }
    if (!r->empty() && !apdu::decode_apdu(*r)) {
      __builtin_trap();
    }
  };

  if ((flags & 0x01) != 0) {
    feed(16, kAarqPublic);
  }
  if ((flags & 0x02) != 0) {
    feed(48, kAarqCiphered);
  }
  std::size_t pos = 1;
  while (pos < size) {
    const std::uint8_t selector = data[pos++];
    if (selector == 0xFF) {
      session.on_disconnect();
      continue;
    }
    if (size - pos < 2) {
      break;
    }
    std::size_t n = (static_cast<std::size_t>(data[pos]) << 8U) | data[pos + 1];
    pos += 2;
    n = n < size - pos ? n : size - pos;
    feed(kClientSaps[selector % kClientSaps.size()], ByteSpan(data + pos, n));
    pos += n;
  }
  return 0;
}
