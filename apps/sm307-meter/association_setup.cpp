#include "apps/sm307-meter/association_setup.hpp"

#include <map>
#include <stdexcept>

#include "apps/sm307-meter/invocation_counter_source.hpp"
#include "cosem_objects/association_ln.hpp"
#include "cosem_objects/security_setup.hpp"
#include "stack/association/access_rights.hpp"
#include "stack/security/security_policy.hpp"
#include "stack/security/system_title.hpp"

namespace dlms::meter_app {
namespace {

constexpr std::uint16_t kAssociationLnClassId = 15;
constexpr std::uint16_t kDataClassId = 1;
constexpr std::uint16_t kSecuritySetupClassId = 64;

// 0-0:40.0.0.255 is the current association; 0-0:40.0.e.255 (e > 0) an association's own object.
bool is_current_association_object(const apdu::ObisCode& ln) { return ln.e() == 0; }

// Blue Book OBIS 7.4.5: the invocation counter of Security setup 0-0:43.0.e.255 is 0-0:43.1.e.255.
apdu::ObisCode invocation_counter_of(const apdu::ObisCode& security_setup) {
  return {security_setup.a(), security_setup.b(), 43, 1, security_setup.e(), security_setup.f()};
}

ByteSpan as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void check(Status s, const std::string& what) {
  if (!s) {
    throw std::runtime_error(what + ": " + s.error().message());
  }
}

}  // namespace

const char* mechanism_label(apdu::MechanismName mechanism) {
  switch (mechanism) {
    case apdu::MechanismName::lowest_level_security: return "none";
    case apdu::MechanismName::low_level_security: return "lls";
    case apdu::MechanismName::high_level_security: return "hls";
    case apdu::MechanismName::high_level_security_md5: return "hls-md5";
    case apdu::MechanismName::high_level_security_sha1: return "hls-sha1";
    case apdu::MechanismName::high_level_security_gmac: return "hls-gmac";
    case apdu::MechanismName::high_level_security_sha256: return "hls-sha256";
    case apdu::MechanismName::high_level_security_ecdsa: return "hls-ecdsa";
  }
  return "?";
}

const char* protection_label(std::uint8_t p) {
  const bool auth =
      (p & (association::access::kAuthenticatedRequest | association::access::kAuthenticatedResponse)) != 0;
  const bool enc =
      (p & (association::access::kEncryptedRequest | association::access::kEncryptedResponse)) != 0;
  if (auth && enc) return "auth-enc";
  if (auth) return "auth";
  if (enc) return "enc";
  return "none";
}

AssociationSetup::AssociationSetup(const binding::ObjectList& list, const MeterConfig& config,
                                   security::CryptoBackend& backend, CounterStore* counter_store) {
  if (counter_store != nullptr) {
    counter_store->set_key_lookup([this](std::uint16_t context, security::KeyId key) -> ByteSpan {
      return context < contexts_.size() ? contexts_[context]->keys()[key].bytes() : ByteSpan{};
    });
  }
  auto title = security::SystemTitle::from(config.system_title);
  if (!title) {
    throw std::runtime_error("system title: " + title.error().message());
  }
  std::map<cosem::InterfaceClass*, association::SecurityContext*> by_object;

  for (const auto& device : list.logical_devices()) {
    auto configs = std::make_unique<std::vector<association::AssociationConfig>>();
    configs->reserve(device->associations().size());
    for (const binding::AssociationConfig& b : device->associations()) {
      association::AssociationConfig& a = configs->emplace_back();
      a.client_sap = b.client_sap;
      a.server_sap = device->sap();
      a.mechanism = b.mechanism;
      a.conformance = apdu::ConformanceBlock::from_u32(kGrantedConformance);
      a.max_receive_pdu_size = kServerMaxReceivePdu;
      a.objects = b.object_list();
      if (b.mechanism == apdu::MechanismName::low_level_security) {
        a.secret.assign(as_bytes(config.lls_password));
      } else if (b.mechanism != apdu::MechanismName::lowest_level_security) {
        a.secret.assign(as_bytes(config.hls_secret));
      }

      association::SecurityContext* ctx = nullptr;
      if (b.security_setup != nullptr && b.security_setup->class_id() == kSecuritySetupClassId) {
        auto it = by_object.find(b.security_setup);
        if (it != by_object.end()) {
          ctx = it->second;
        } else {
          const auto context_id = static_cast<std::uint16_t>(contexts_.size());
          auto& owned = contexts_.emplace_back(std::make_unique<association::SecurityContext>(
              backend, counter_store, context_id, /*reserve_window=*/256));
          ctx = owned.get();
          check(ctx->set_suite(static_cast<security::SecuritySuite>(b.security_suite)), "security suite");
          check(ctx->set_key(security::KeyId::global_unicast_encryption, config.block_key), "block key");
          check(ctx->set_key(security::KeyId::authentication, config.auth_key), "authentication key");
          check(ctx->set_key(security::KeyId::master, config.master_key), "master key");
          ctx->set_server_system_title(*title);
          check(ctx->load_counters(), "invocation counters");
          by_object.emplace(b.security_setup, ctx);
          static_cast<cosem::SecuritySetup*>(b.security_setup)->bind_security(ctx);
        }
        // The associations of one Security setup share its policy: the protection they require.
        ctx->set_policy(security::SecurityPolicy(
            static_cast<std::uint8_t>(ctx->policy().bits() | (b.required_protection & 0xFCU))));
        a.security = ctx;
        a.security_setup_reference = b.security_setup->logical_name();
      } else {
        a.security_setup_reference = apdu::ObisCode(0, 0, 0, 0, 0, 0);  // no Security setup
      }
      const bool ciphered = ctx != nullptr || b.mechanism == apdu::MechanismName::high_level_security_gmac;
      a.application_contexts =
          association::context_bit(ciphered ? apdu::ApplicationContextName::logical_name_with_ciphering
                                            : apdu::ApplicationContextName::logical_name);
      summary_.push_back(AssociationSummary{b.name, b.client_sap, device->sap(), b.mechanism,
                                            b.security_suite, b.required_protection, ciphered});
    }
    // Each association's own Association LN object shows that association.
    const auto owned = device->associations();
    for (std::size_t i = 0; i < owned.size(); ++i) {
      cosem::InterfaceClass* object = owned[i].association_object;
      if (object == nullptr || object->class_id() != kAssociationLnClassId ||
          is_current_association_object(object->logical_name())) {
        continue;
      }
      auto& view = views_.emplace_back(std::make_unique<association::ConfiguredAssociation>((*configs)[i]));
      static_cast<cosem::AssociationLn*>(object)->describe(view.get());
      described_objects_.push_back(object);
    }
    for (const auto& [security_setup, ctx] : by_object) {
      cosem::InterfaceClass* counter =
          device->find(kDataClassId, invocation_counter_of(security_setup->logical_name()));
      if (counter == nullptr) {
        continue;
      }
      auto& source = counter_sources_.emplace_back(std::make_unique<InvocationCounterSource>(*ctx));
      if (counter->bind(2, source.get())) {
        counter_objects_.push_back(counter);
      }
    }
    by_object.clear();
    server::LogicalDevice d;
    d.server_sap = device->sap();
    d.associations = std::span<association::AssociationConfig>(*configs);
    devices_.push_back(d);
    configs_.push_back(std::move(configs));
  }
}

AssociationSetup::~AssociationSetup() {
  for (cosem::InterfaceClass* o : described_objects_) {
    static_cast<cosem::AssociationLn*>(o)->describe(nullptr);
  }
  for (cosem::InterfaceClass* o : counter_objects_) {
    o->bind(2, nullptr);
  }
}

std::string AssociationSetup::name_of(std::uint16_t client_sap) const {
  for (const auto& s : summary_) {
    if (s.client_sap == client_sap) {
      return s.name;
    }
  }
  return {};
}

}  // namespace dlms::meter_app
