// Fuzzes Profile generic, Push setup, SAP assignment, Image transfer, Association LN/SN and
// Security setup. Input: one octet choosing the class, one the operation, then one A-XDR Data.
//   operation & 0x80: invoke method (operation & 0x0F) with the Data as parameter
//   operation & 0x40: Profile generic buffer read with access selector (operation & 0x07) and
//                     the Data as access parameters: read in 48-octet pieces, the pieces must
//                     equal the one-shot read and decode as one Data
//   otherwise:        set attribute (operation & 0x0F); an accepted set must round-trip
//                     (what get() returns is accepted again and reads back the same).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "cosem_objects/association_ln.hpp"
#include "cosem_objects/association_sn.hpp"
#include "cosem_objects/image_transfer.hpp"
#include "cosem_objects/profile_generic.hpp"
#include "cosem_objects/push_setup.hpp"
#include "cosem_objects/sap_assignment.hpp"
#include "cosem_objects/security_setup.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data_view.hpp"

namespace {

using dlms::ByteSpan;
using dlms::ByteWriter;
using dlms::MutableByteSpan;
using dlms::Status;
using dlms::apdu::ActionResult;
using dlms::apdu::DataAccessResult;
using dlms::apdu::ObisCode;
namespace cosem = dlms::cosem;
namespace security = dlms::security;

class Resolver : public cosem::CaptureResolver {
 public:
  std::uint32_t n = 0;
  DataAccessResult read(const cosem::CaptureObjectDefinition& d, ByteWriter& out) override {
    if (d.class_id == 8) {
      dlms::codec::axdr::write_date_time_octets(
          out, dlms::codec::CosemDateTime::from_utc(
                   std::chrono::sys_seconds(std::chrono::seconds(1767225600 + n * 900)), 0, 0));
      return DataAccessResult::success;
    }
    if (d.class_id == 3) {
      dlms::codec::axdr::write_double_long_unsigned(out, n);
      return DataAccessResult::success;
    }
    return DataAccessResult::object_undefined;
  }
};

class Store : public cosem::ImageStore {
 public:
  std::uint32_t max_image_size() const noexcept override { return 4096; }
  ActionResult initiate(ByteSpan, std::uint32_t) override { return ActionResult::success; }
  ActionResult write_block(std::uint32_t, ByteSpan) override { return ActionResult::success; }
  ActionResult verify() override { return ActionResult::success; }
  ActionResult activate() override { return ActionResult::success; }
};

class Backend : public security::CryptoBackend {
 public:
  Status gcm_encrypt(ByteSpan, ByteSpan, security::ByteSpanList, ByteSpan, MutableByteSpan,
                     MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status gcm_decrypt(ByteSpan, ByteSpan, security::ByteSpanList, ByteSpan, ByteSpan,
                     MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status aes_encrypt_block(ByteSpan, ByteSpan, MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status aes_key_wrap(ByteSpan, ByteSpan, MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status aes_key_unwrap(ByteSpan, ByteSpan wrapped, MutableByteSpan key) override {
    std::copy(wrapped.begin() + 8, wrapped.begin() + 8 + static_cast<std::ptrdiff_t>(key.size()),
              key.begin());
    return {};
  }
  Status digest(security::HashAlgorithm, security::ByteSpanList, MutableByteSpan) override {
    return security::security_errc::unsupported;
  }
  Status random(MutableByteSpan) override { return security::security_errc::unsupported; }
};

class Sender : public cosem::PushSender {
 public:
  std::array<std::uint8_t, 256> buffer{};
  MutableByteSpan body_buffer() noexcept override { return buffer; }
  ActionResult send(const cosem::PushSetup&, ByteSpan body) override {
    if (!dlms::codec::read_data_exact(body)) {
      __builtin_trap();  // the body is one valid Data
    }
    return ActionResult::success;
  }
};

struct World {
  Resolver resolver;
  Store store;
  Backend backend;
  Sender sender;
  dlms::association::SecurityContext security{backend};
  std::unique_ptr<cosem::InterfaceClass> obj;
  cosem::ProfileGeneric* profile = nullptr;

  explicit World(std::uint8_t which) {
    const ObisCode name(0, 0, 99, 98, 0, 255);
    switch (which % 7) {
      case 0: {
        auto p = std::make_unique<cosem::ProfileGeneric>(name);
        p->set_resolver(&resolver);
        static constexpr std::uint8_t kDefs[] = {0x01, 0x02, 0x02, 0x04, 0x12, 0x00, 0x08, 0x09, 0x06, 0x00,
                                                 0x00, 0x01, 0x00, 0x00, 0xFF, 0x0F, 0x02, 0x12, 0x00, 0x00,
                                                 0x02, 0x04, 0x12, 0x00, 0x03, 0x09, 0x06, 0x01, 0x00, 0x01,
                                                 0x08, 0x00, 0xFF, 0x0F, 0x02, 0x12, 0x00, 0x00};
        static constexpr std::uint8_t kDepth[] = {0x06, 0x00, 0x00, 0x00, 0x04};
        (void)p->set_static(3, kDefs);
        (void)p->set_static(8, kDepth);
        for (resolver.n = 0; resolver.n < 6; ++resolver.n) {
          (void)p->capture();
        }
        profile = p.get();
        obj = std::move(p);
        break;
      }
      case 1: {
        auto p = std::make_unique<cosem::PushSetup>(name);
        p->set_resolver(&resolver);
        p->bind_sender(&sender);
        obj = std::move(p);
        break;
      }
      case 2: obj = std::make_unique<cosem::SapAssignment>(name); break;
      case 3: {
        auto p = std::make_unique<cosem::ImageTransfer>(name);
        p->bind_store(&store);
        obj = std::move(p);
        break;
      }
      case 4: obj = std::make_unique<cosem::AssociationLn>(name); break;
      case 5: obj = std::make_unique<cosem::AssociationSn>(name); break;
      default: {
        auto p = std::make_unique<cosem::SecuritySetup>(name);
        p->bind_security(&security);
        static constexpr std::uint8_t kKek[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        (void)security.set_key(security::KeyId::master, kKek);
        obj = std::move(p);
        break;
      }
    }
  }
};

DataAccessResult get(cosem::InterfaceClass& obj, std::int8_t id,
                     const dlms::apdu::SelectiveAccessDescriptor* access, std::size_t piece,
                     std::vector<std::uint8_t>& all) {
  std::vector<std::uint8_t> buf(piece);
  dlms::server::GetCursor cursor;
  all.clear();
  for (int calls = 0; calls < 100000; ++calls) {
    ByteWriter w(buf);
    const auto r = obj.get({}, id, access, cursor, w);
    if (r != DataAccessResult::success) {
      return r;
    }
    if (w.size() == 0 && cursor.more) {
      __builtin_trap();  // a piece must make progress
    }
    all.insert(all.end(), w.written().begin(), w.written().end());
    if (!cursor.more) {
      return r;
    }
  }
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  World world(data[0]);
  cosem::InterfaceClass& obj = *world.obj;
  const std::uint8_t op = data[1];
  const ByteSpan value(data + 2, size - 2);
  auto v = dlms::codec::read_data_exact(value);
  if ((op & 0x80U) != 0) {
    std::array<std::uint8_t, 64> ret{};
    ByteWriter w(ret);
    const auto o = obj.invoke({}, static_cast<std::int8_t>(op & 0x0FU), v ? &v.value() : nullptr, w);
    if (o.has_return_data && !dlms::codec::read_data_exact(w.written())) {
      __builtin_trap();
    }
    return 0;
  }
  if ((op & 0x40U) != 0) {
    if (world.profile == nullptr || !v) {
      return 0;
    }
    dlms::apdu::SelectiveAccessDescriptor access;
    access.access_selector = static_cast<std::uint8_t>(op & 0x07U);
    access.access_parameters = *v;
    std::vector<std::uint8_t> whole;
    std::vector<std::uint8_t> pieces;
    const auto r1 = get(obj, 2, &access, 4096, whole);
    const auto r2 = get(obj, 2, &access, 48, pieces);
    if (r1 != r2 ||
        (r1 == DataAccessResult::success && (whole != pieces || !dlms::codec::read_data_exact(whole)))) {
      __builtin_trap();
    }
    return 0;
  }
  const auto id = static_cast<std::int8_t>(op & 0x0FU);
  if (obj.set_static(id, value) != DataAccessResult::success) {
    return 0;
  }
  std::vector<std::uint8_t> a;
  std::vector<std::uint8_t> b;
  const auto r = get(obj, id, nullptr, 2048, a);
  if (r == DataAccessResult::read_write_denied) {
    return 0;  // write-only (Association LN secret)
  }
  if (r != DataAccessResult::success || obj.set_static(id, a) != DataAccessResult::success ||
      get(obj, id, nullptr, 2048, b) != DataAccessResult::success || a != b) {
    __builtin_trap();
  }
  return 0;
}
