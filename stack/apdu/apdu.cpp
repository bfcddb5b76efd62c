#include "stack/apdu/apdu.hpp"

#include <initializer_list>
#include <iterator>
#include <type_traits>
#include <utility>

namespace dlms::apdu {

namespace {

template <std::size_t I = 0>
Result<Apdu> decode_alternative(std::uint8_t tag, ByteReader& in, const codec::Limits& limits) {
  if constexpr (I == std::variant_size_v<Apdu>) {
    return xdlms_errc::unknown_apdu;
  } else {
    using T = std::variant_alternative_t<I, Apdu>;
    bool match = false;
    if constexpr (std::is_same_v<T, CipheredApdu>) {
      match = is_ciphered_apdu_tag(tag);
    } else {
      match = tag == T::kTag;
    }
    if (match) {
      auto r = T::decode(in, limits);
      if (!r) {
        return r.error();
      }
      return Apdu(std::in_place_index<I>, std::move(*r));
    }
    return decode_alternative<I + 1>(tag, in, limits);
  }
}

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

template <class Variant>
const char* index_name(const Variant& v, std::initializer_list<const char*> names) noexcept {
  const std::size_t i = v.index();
  return i < names.size() ? names.begin()[i] : nullptr;
}

}  // namespace

Result<Apdu> decode_apdu(ByteReader& in, const codec::Limits& limits) {
  std::uint8_t tag = 0;
  if (!in.peek_u8(tag)) {
    return xdlms_errc::truncated;
  }
  return decode_alternative(tag, in, limits);
}

Result<Apdu> decode_apdu(ByteSpan bytes, const codec::Limits& limits, std::size_t* fault_offset) {
  ByteReader in(bytes);
  auto fail = [&](std::error_code ec, std::size_t offset) -> Result<Apdu> {
    if (fault_offset != nullptr) {
      *fault_offset = offset;
    }
    return ec;
  };
  if (bytes.size() > limits.max_apdu_size) {
    return fail(make_error_code(xdlms_errc::apdu_too_large), limits.max_apdu_size);
  }
  auto r = decode_apdu(in, limits);
  if (!r) {
    return fail(r.error(), in.offset());
  }
  if (!in.empty()) {
    return fail(make_error_code(xdlms_errc::trailing_bytes), in.offset());
  }
  return r;
}

Status encode_apdu(const Apdu& apdu, ByteWriter& out) {
  return std::visit([&out](const auto& a) -> Status { return a.encode(out); }, apdu);
}

const char* apdu_name(const Apdu& apdu) noexcept {
  if (const auto* c = std::get_if<CipheredApdu>(&apdu)) {
    return ciphered_apdu_name(static_cast<std::uint8_t>(c->tag));
  }
  static constexpr const char* kNames[] = {"initiateRequest",
                                           "readRequest",
                                           "writeRequest",
                                           "initiateResponse",
                                           "readResponse",
                                           "writeResponse",
                                           "confirmedServiceError",
                                           "data-notification",
                                           "unconfirmedWriteRequest",
                                           "aarq",
                                           "aare",
                                           "rlrq",
                                           "rlre",
                                           "get-request",
                                           "set-request",
                                           "event-notification-request",
                                           "action-request",
                                           "get-response",
                                           "set-response",
                                           "action-response",
                                           nullptr,
                                           "exception-response",
                                           "general-glo-ciphering",
                                           "general-ded-ciphering",
                                           "general-ciphering",
                                           "general-block-transfer"};
  static_assert(std::size(kNames) == std::variant_size_v<Apdu>);
  return kNames[apdu.index()];
}

const char* apdu_choice_name(const Apdu& apdu) noexcept {
  return std::visit(
      Overloaded{
          [](const GetRequest& a) {
            return index_name(a.request, {"get-request-normal", "get-request-next", "get-request-with-list"});
          },
          [](const GetResponse& a) {
            return index_name(
                a.response, {"get-response-normal", "get-response-with-datablock", "get-response-with-list"});
          },
          [](const SetRequest& a) {
            return index_name(a.request, {"set-request-normal", "set-request-with-first-datablock",
                                          "set-request-with-datablock", "set-request-with-list",
                                          "set-request-with-list-and-first-datablock"});
          },
          [](const SetResponse& a) {
            return index_name(a.response,
                              {"set-response-normal", "set-response-datablock", "set-response-last-datablock",
                               "set-response-last-datablock-with-list", "set-response-with-list"});
          },
          [](const ActionRequest& a) {
            return index_name(
                a.request, {"action-request-normal", "action-request-next-pblock", "action-request-with-list",
                            "action-request-with-first-pblock", "action-request-with-list-and-first-pblock",
                            "action-request-with-pblock"});
          },
          [](const ActionResponse& a) {
            return index_name(a.response, {"action-response-normal", "action-response-with-pblock",
                                           "action-response-with-list", "action-response-next-pblock"});
          },
          [](const auto&) -> const char* { return nullptr; },
      },
      apdu);
}

}  // namespace dlms::apdu
