#include "apps/sm307-meter/counter_store.hpp"

#include <exception>
#include <string_view>

#include "meter_model/nv_store.hpp"
#include "meter_model/sha256.hpp"
#include "stack/security/security_error.hpp"

namespace dlms::meter_app {

CounterStore::CounterStore(const std::string& path)
    : store_(std::make_unique<meter::NvStore>(path, meter::NvStore::Sync::kNormal)) {}

CounterStore::~CounterStore() = default;

std::string CounterStore::row_name(std::uint16_t context, security::KeyId key,
                                   security::CounterDirection dir) const {
  std::string fingerprint = "none";
  if (lookup_) {
    const ByteSpan bytes = lookup_(context, key);
    if (!bytes.empty()) {
      const std::string_view view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      fingerprint = meter::Sha256::hex(view).substr(0, 16);
    }
  }
  return "ic/" + std::to_string(context) + "/" + std::to_string(static_cast<unsigned>(key)) + "/" +
         fingerprint + (dir == security::CounterDirection::send ? "/send" : "/receive");
}

Result<std::optional<std::uint32_t>> CounterStore::load(std::uint16_t context, security::KeyId key,
                                                        security::CounterDirection dir) {
  try {
    const auto v = store_->get(row_name(context, key, dir));
    if (!v) {
      return std::optional<std::uint32_t>{};
    }
    return std::optional<std::uint32_t>{static_cast<std::uint32_t>(std::stoul(*v))};
  } catch (const std::exception&) {
    return security::security_errc::counter_store_failed;
  }
}

Status CounterStore::save(std::uint16_t context, security::KeyId key, security::CounterDirection dir,
                          std::uint32_t value) {
  try {
    store_->put(row_name(context, key, dir), std::to_string(value));
    store_->commit();
    return {};
  } catch (const std::exception&) {
    return security::security_errc::counter_store_failed;
  }
}

Status CounterStore::clear(std::uint16_t /*context*/, security::KeyId /*key*/) { return {}; }

}  // namespace dlms::meter_app
