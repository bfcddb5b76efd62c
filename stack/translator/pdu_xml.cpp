// APDU <-> XML elements. Each APDU struct of stack/apdu is decoded by its own decoder (so a
// fault is reported at the reader's offset) and rendered field by field; the XML is read back
// into the same struct (byte fields kept in an Arena) and encoded by its own encoder. Element
// names: README.md.
#include "stack/translator/pdu_xml.hpp"

#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "stack/apdu/aare.hpp"
#include "stack/apdu/aarq.hpp"
#include "stack/apdu/action.hpp"
#include "stack/apdu/apdu.hpp"
#include "stack/apdu/application_context.hpp"
#include "stack/apdu/ciphered_apdu.hpp"
#include "stack/apdu/confirmed_service_error.hpp"
#include "stack/apdu/data_notification.hpp"
#include "stack/apdu/event_notification.hpp"
#include "stack/apdu/exception_response.hpp"
#include "stack/apdu/general_block_transfer.hpp"
#include "stack/apdu/get.hpp"
#include "stack/apdu/initiate.hpp"
#include "stack/apdu/mechanism_name.hpp"
#include "stack/apdu/read.hpp"
#include "stack/apdu/release.hpp"
#include "stack/apdu/set.hpp"
#include "stack/apdu/write.hpp"
#include "stack/translator/cipher.hpp"
#include "stack/translator/detail.hpp"
#include "stack/translator/pdu_names.hpp"

namespace dlms::translator::detail {

namespace {

namespace ap = dlms::apdu;

// ============================================================================================
// struct -> XML
// ============================================================================================

pugi::xml_node el(pugi::xml_node p, const char* name) { return p.append_child(name); }

void val(pugi::xml_node p, const char* name, const std::string& v) {
  el(p, name).append_attribute("Value").set_value(v.c_str());
}
void v8(pugi::xml_node p, const char* name, std::uint8_t v) { val(p, name, hex_uint(v, 2)); }
void v16(pugi::xml_node p, const char* name, std::uint16_t v) { val(p, name, hex_uint(v, 4)); }
void v32(pugi::xml_node p, const char* name, std::uint32_t v) { val(p, name, hex_uint(v, 8)); }
void octets(pugi::xml_node p, const char* name, ByteSpan b) { val(p, name, hex(b)); }

void qty(pugi::xml_node e, std::size_t n) {
  e.append_attribute("Qty").set_value(hex_uint(n, n > 0xFF ? 4 : 2).c_str());
}

void invoke(pugi::xml_node p, ap::InvokeIdAndPriority v) { v8(p, "InvokeIdAndPriority", v.value); }

void instance(pugi::xml_node p, const ap::ObisCode& obis, const Options& o) {
  if (o.comments) {
    p.append_child(pugi::node_comment).set_value(obis.to_string().c_str());
  }
  octets(p, "InstanceId", obis.bytes);
}

void attribute_descriptor(pugi::xml_node p, const ap::CosemAttributeDescriptor& d, const Options& o) {
  pugi::xml_node e = el(p, "AttributeDescriptor");
  v16(e, "ClassId", d.class_id);
  instance(e, d.instance_id, o);
  v8(e, "AttributeId", static_cast<std::uint8_t>(d.attribute_id));
}

void method_descriptor(pugi::xml_node p, const ap::CosemMethodDescriptor& d, const Options& o) {
  pugi::xml_node e = el(p, "MethodDescriptor");
  v16(e, "ClassId", d.class_id);
  instance(e, d.instance_id, o);
  v8(e, "MethodId", static_cast<std::uint8_t>(d.method_id));
}

void data_in(pugi::xml_node p, const char* name, const codec::DataView& v, const Options& o) {
  data_to_node(v, el(p, name), o);
}

void access_selection(pugi::xml_node p, const std::optional<ap::SelectiveAccessDescriptor>& a,
                      const Options& o) {
  if (!a) {
    return;
  }
  pugi::xml_node e = el(p, "AccessSelection");
  v8(e, "AccessSelector", a->access_selector);
  data_in(e, "AccessParameters", a->access_parameters, o);
}

void with_selection(pugi::xml_node p, const ap::CosemAttributeDescriptorWithSelection& d, const Options& o) {
  pugi::xml_node e = el(p, "AttributeDescriptorWithSelection");
  attribute_descriptor(e, d.cosem_attribute_descriptor, o);
  access_selection(e, d.access_selection, o);
}

template <class T, class F>
void list(pugi::xml_node p, const char* name, const ap::List<T>& items, F each) {
  pugi::xml_node e = el(p, name);
  qty(e, items.size());
  for (const T& item : items) {
    each(e, item);
  }
}

void datablock_sa(pugi::xml_node p, const char* name, const ap::DataBlockSA& b) {
  pugi::xml_node e = el(p, name);
  v8(e, "LastBlock", b.last_block ? 1 : 0);
  v32(e, "BlockNumber", b.block_number);
  octets(e, "RawData", b.raw_data);
}

void data_access_error(pugi::xml_node p, const char* name, ap::DataAccessResult r) {
  val(p, name, name_of(kDataAccessResultNames, static_cast<std::uint8_t>(r)));
}

void get_data_result(pugi::xml_node p, const ap::GetDataResult& r, const Options& o) {
  if (r.is_data()) {
    data_in(p, "Data", r.data(), o);
  } else {
    data_access_error(p, "DataAccessError", r.data_access_result());
  }
}

// ---- GET / SET / ACTION ----

void render(const ap::GetRequest& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node top = el(p, "GetRequest");
  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, ap::GetRequestNormal>) {
          pugi::xml_node e = el(top, "GetRequestNormal");
          invoke(e, r.invoke_id_and_priority);
          attribute_descriptor(e, r.cosem_attribute_descriptor, o);
          access_selection(e, r.access_selection, o);
        } else if constexpr (std::is_same_v<R, ap::GetRequestNext>) {
          pugi::xml_node e = el(top, "GetRequestForNextDataBlock");
          invoke(e, r.invoke_id_and_priority);
          v32(e, "BlockNumber", r.block_number);
        } else {
          pugi::xml_node e = el(top, "GetRequestWithList");
          invoke(e, r.invoke_id_and_priority);
          list(e, "AttributeDescriptorList", r.attribute_descriptor_list,
               [&](pugi::xml_node l, const ap::CosemAttributeDescriptorWithSelection& d) {
                 with_selection(l, d, o);
               });
        }
      },
      a.request);
}

void render(const ap::GetResponse& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node top = el(p, "GetResponse");
  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, ap::GetResponseNormal>) {
          pugi::xml_node e = el(top, "GetResponseNormal");
          invoke(e, r.invoke_id_and_priority);
          get_data_result(el(e, "Result"), r.result, o);
        } else if constexpr (std::is_same_v<R, ap::GetResponseWithDatablock>) {
          pugi::xml_node e = el(top, "GetResponsewithDataBlock");
          invoke(e, r.invoke_id_and_priority);
          pugi::xml_node res = el(e, "Result");
          v8(res, "LastBlock", r.result.last_block ? 1 : 0);
          v32(res, "BlockNumber", r.result.block_number);
          if (r.result.is_raw_data()) {
            octets(res, "RawData", r.result.raw_data());
          } else {
            data_access_error(res, "DataAccessResult", std::get<ap::DataAccessResult>(r.result.result));
          }
        } else {
          pugi::xml_node e = el(top, "GetResponseWithList");
          invoke(e, r.invoke_id_and_priority);
          list(e, "Result", r.result,
               [&](pugi::xml_node l, const ap::GetDataResult& d) { get_data_result(l, d, o); });
        }
      },
      a.response);
}

void render(const ap::SetRequest& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node top = el(p, "SetRequest");
  auto descriptors = [&](pugi::xml_node e, const ap::List<ap::CosemAttributeDescriptorWithSelection>& l) {
    list(e, "AttributeDescriptorList", l,
         [&](pugi::xml_node x, const ap::CosemAttributeDescriptorWithSelection& d) {
           with_selection(x, d, o);
         });
  };
  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, ap::SetRequestNormal>) {
          pugi::xml_node e = el(top, "SetRequestNormal");
          invoke(e, r.invoke_id_and_priority);
          attribute_descriptor(e, r.cosem_attribute_descriptor, o);
          access_selection(e, r.access_selection, o);
          data_in(e, "Value", r.value, o);
        } else if constexpr (std::is_same_v<R, ap::SetRequestWithFirstDatablock>) {
          pugi::xml_node e = el(top, "SetRequestFirstDataBlock");
          invoke(e, r.invoke_id_and_priority);
          attribute_descriptor(e, r.cosem_attribute_descriptor, o);
          access_selection(e, r.access_selection, o);
          datablock_sa(e, "DataBlock", r.datablock);
        } else if constexpr (std::is_same_v<R, ap::SetRequestWithDatablock>) {
          pugi::xml_node e = el(top, "SetRequestWithDataBlock");
          invoke(e, r.invoke_id_and_priority);
          datablock_sa(e, "DataBlock", r.datablock);
        } else if constexpr (std::is_same_v<R, ap::SetRequestWithList>) {
          pugi::xml_node e = el(top, "SetRequestWithList");
          invoke(e, r.invoke_id_and_priority);
          descriptors(e, r.attribute_descriptor_list);
          list(e, "ValueList", r.value_list,
               [&](pugi::xml_node x, const codec::DataView& v) { data_to_node(v, x, o); });
        } else {
          pugi::xml_node e = el(top, "SetRequestWithListAndFirstDataBlock");
          invoke(e, r.invoke_id_and_priority);
          descriptors(e, r.attribute_descriptor_list);
          datablock_sa(e, "DataBlock", r.datablock);
        }
      },
      a.request);
}

void render(const ap::SetResponse& a, pugi::xml_node p, const Options&) {
  pugi::xml_node top = el(p, "SetResponse");
  auto results = [&](pugi::xml_node e, const ap::List<ap::DataAccessResult>& l) {
    list(e, "Result", l,
         [](pugi::xml_node x, ap::DataAccessResult r) { data_access_error(x, "DataAccessResult", r); });
  };
  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, ap::SetResponseNormal>) {
          pugi::xml_node e = el(top, "SetResponseNormal");
          invoke(e, r.invoke_id_and_priority);
          data_access_error(e, "Result", r.result);
        } else if constexpr (std::is_same_v<R, ap::SetResponseDatablock>) {
          pugi::xml_node e = el(top, "SetResponseDataBlock");
          invoke(e, r.invoke_id_and_priority);
          v32(e, "BlockNumber", r.block_number);
        } else if constexpr (std::is_same_v<R, ap::SetResponseLastDatablock>) {
          pugi::xml_node e = el(top, "SetResponseWithLastDataBlock");
          invoke(e, r.invoke_id_and_priority);
          data_access_error(e, "Result", r.result);
          v32(e, "BlockNumber", r.block_number);
        } else if constexpr (std::is_same_v<R, ap::SetResponseLastDatablockWithList>) {
          pugi::xml_node e = el(top, "SetResponseLastDataBlockWithList");
          invoke(e, r.invoke_id_and_priority);
          results(e, r.result);
          v32(e, "BlockNumber", r.block_number);
        } else {
          pugi::xml_node e = el(top, "SetResponseWithList");
          invoke(e, r.invoke_id_and_priority);
          results(e, r.result);
        }
      },
      a.response);
}

void action_single(pugi::xml_node e, const ap::ActionResponseWithOptionalData& d, const Options& o) {
  val(e, "Result", name_of(kActionResultNames, static_cast<std::uint8_t>(d.result)));
  if (d.return_parameters) {
    get_data_result(el(e, "ReturnParameters"), *d.return_parameters, o);
  }
}

void render(const ap::ActionRequest& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node top = el(p, "ActionRequest");
  auto methods = [&](pugi::xml_node e, const ap::List<ap::CosemMethodDescriptor>& l) {
    list(e, "MethodDescriptorList", l,
         [&](pugi::xml_node x, const ap::CosemMethodDescriptor& d) { method_descriptor(x, d, o); });
  };
  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, ap::ActionRequestNormal>) {
          pugi::xml_node e = el(top, "ActionRequestNormal");
          invoke(e, r.invoke_id_and_priority);
          method_descriptor(e, r.cosem_method_descriptor, o);
          if (r.method_invocation_parameters) {
            data_in(e, "MethodInvocationParameters", *r.method_invocation_parameters, o);
          }
        } else if constexpr (std::is_same_v<R, ap::ActionRequestNextPblock>) {
          pugi::xml_node e = el(top, "ActionRequestForNextDataBlock");
          invoke(e, r.invoke_id_and_priority);
          v32(e, "BlockNumber", r.block_number);
        } else if constexpr (std::is_same_v<R, ap::ActionRequestWithList>) {
          pugi::xml_node e = el(top, "ActionRequestWithList");
          invoke(e, r.invoke_id_and_priority);
          methods(e, r.cosem_method_descriptor_list);
          list(e, "MethodInvocationParameters", r.method_invocation_parameters,
               [&](pugi::xml_node x, const codec::DataView& v) { data_to_node(v, x, o); });
        } else if constexpr (std::is_same_v<R, ap::ActionRequestWithFirstPblock>) {
          pugi::xml_node e = el(top, "ActionRequestWithFirstPBlock");
          invoke(e, r.invoke_id_and_priority);
          method_descriptor(e, r.cosem_method_descriptor, o);
          datablock_sa(e, "PBlock", r.pblock);
        } else if constexpr (std::is_same_v<R, ap::ActionRequestWithListAndFirstPblock>) {
          pugi::xml_node e = el(top, "ActionRequestWithListAndFirstPBlock");
          invoke(e, r.invoke_id_and_priority);
          methods(e, r.cosem_method_descriptor_list);
          datablock_sa(e, "PBlock", r.pblock);
        } else {
          pugi::xml_node e = el(top, "ActionRequestWithPBlock");
          invoke(e, r.invoke_id_and_priority);
          datablock_sa(e, "PBlock", r.pblock);
        }
      },
      a.request);
}

void render(const ap::ActionResponse& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node top = el(p, "ActionResponse");
  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, ap::ActionResponseNormal>) {
          pugi::xml_node e = el(top, "ActionResponseNormal");
          invoke(e, r.invoke_id_and_priority);
          action_single(e, r.single_response, o);
        } else if constexpr (std::is_same_v<R, ap::ActionResponseWithPblock>) {
          pugi::xml_node e = el(top, "ActionResponseWithPBlock");
          invoke(e, r.invoke_id_and_priority);
          datablock_sa(e, "PBlock", r.pblock);
        } else if constexpr (std::is_same_v<R, ap::ActionResponseWithList>) {
          pugi::xml_node e = el(top, "ActionResponseWithList");
          invoke(e, r.invoke_id_and_priority);
          list(e, "ResponseList", r.list_of_responses,
               [&](pugi::xml_node x, const ap::ActionResponseWithOptionalData& d) {
                 action_single(el(x, "Response"), d, o);
               });
        } else {
          pugi::xml_node e = el(top, "ActionResponseNextBlock");
          invoke(e, r.invoke_id_and_priority);
          v32(e, "BlockNumber", r.block_number);
        }
      },
      a.response);
}

// ---- ACSE and Initiate ----

std::string bits_text(const ap::AcseBitString& b) {
  const std::size_t total = b.bits.size() * 8;
  const std::size_t n = b.unused_bits <= total ? total - b.unused_bits : 0;
  std::string s(n, '0');
  for (std::size_t i = 0; i < n; ++i) {
    if (((b.bits[i / 8] >> (7 - i % 8)) & 1U) != 0) {
      s[i] = '1';
    }
  }
  return s;
}

void oid(pugi::xml_node p, const char* name, ByteSpan value, NameTable names, std::uint8_t arc) {
  const std::optional<std::uint8_t> id = ap::dlms_ua_oid_id(value, arc);
  if (id) {
    for (const Named& n : names) {
      if (n.value == *id) {
        val(p, name, n.name);
        return;
      }
    }
  }
  octets(p, name, value);
}

void authentication(pugi::xml_node p, const char* name, const ap::AuthenticationValue& v) {
  pugi::xml_node e = el(p, name);
  e.append_attribute("Value").set_value(hex(v.contents).c_str());
  if (v.choice != ap::AuthenticationValueChoice::charstring) {
    e.append_attribute("Choice").set_value(hex_uint(static_cast<std::uint8_t>(v.choice), 2).c_str());
  }
}

void conformance(pugi::xml_node p, const char* name, ap::ConformanceBlock c) {
  pugi::xml_node e = el(p, name);
  for (std::uint8_t bit = 0; bit < 24; ++bit) {
    if (c.has(static_cast<ap::ConformanceBit>(bit))) {
      el(e, "ConformanceBit").append_attribute("Name").set_value(name_of(kConformanceBitNames, bit).c_str());
    }
  }
}

void render(const ap::InitiateRequest& a, pugi::xml_node p, const Options&) {
  pugi::xml_node e = el(p, "InitiateRequest");
  if (a.dedicated_key) {
    octets(e, "DedicatedKey", *a.dedicated_key);
  }
  if (!a.response_allowed) {
    val(e, "ResponseAllowed", "false");
  }
  if (a.proposed_quality_of_service) {
    v8(e, "ProposedQualityOfService", static_cast<std::uint8_t>(*a.proposed_quality_of_service));
  }
  v8(e, "ProposedDlmsVersionNumber", a.proposed_dlms_version_number);
  conformance(e, "ProposedConformance", a.proposed_conformance);
  v16(e, "ProposedMaxPduSize", a.client_max_receive_pdu_size);
}

void render(const ap::InitiateResponse& a, pugi::xml_node p, const Options&) {
  pugi::xml_node e = el(p, "InitiateResponse");
  if (a.negotiated_quality_of_service) {
    v8(e, "NegotiatedQualityOfService", static_cast<std::uint8_t>(*a.negotiated_quality_of_service));
  }
  v8(e, "NegotiatedDlmsVersionNumber", a.negotiated_dlms_version_number);
  conformance(e, "NegotiatedConformance", a.negotiated_conformance);
  v16(e, "NegotiatedMaxPduSize", a.server_max_receive_pdu_size);
  v16(e, "VaaName", a.vaa_name);
}

void render(const ap::ConfirmedServiceError& a, pugi::xml_node p, const Options&) {
  pugi::xml_node e = el(p, "ConfirmedServiceError");
  const auto service = static_cast<std::uint8_t>(a.service);
  const auto error = static_cast<std::uint8_t>(a.error);
  pugi::xml_node s = el(e, name_of(kConfirmedServiceNames, service).c_str());
  val(s, name_of(kServiceErrorNames, error).c_str(), name_of(service_error_values(error), a.value));
}

// Shows the octets of a user-information field as the APDU they hold when that APDU
// translates and re-encodes to the same octets; otherwise as hex.
void user_information(pugi::xml_node p, const std::optional<ByteSpan>& info, const Options& o);

void render(const ap::Aarq& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node e = el(p, "AssociationRequest");
  if (a.protocol_version) {
    val(e, "ProtocolVersion", bits_text(*a.protocol_version));
  }
  oid(e, "ApplicationContextName", a.application_context_name, kApplicationContextNames,
      ap::kApplicationContextArc);
  if (a.called_ap_title) {
    octets(e, "CalledAPTitle", *a.called_ap_title);
  }
  if (a.called_ae_qualifier) {
    octets(e, "CalledAEQualifier", *a.called_ae_qualifier);
  }
  if (a.called_ap_invocation_id) {
    val(e, "CalledAPInvocationId", std::to_string(*a.called_ap_invocation_id));
  }
  if (a.called_ae_invocation_id) {
    val(e, "CalledAEInvocationId", std::to_string(*a.called_ae_invocation_id));
  }
  if (a.calling_ap_title) {
    octets(e, "CallingAPTitle", *a.calling_ap_title);
  }
  if (a.calling_ae_qualifier) {
    octets(e, "CallingAEQualifier", *a.calling_ae_qualifier);
  }
  if (a.calling_ap_invocation_id) {
    val(e, "CallingAPInvocationId", std::to_string(*a.calling_ap_invocation_id));
  }
  if (a.calling_ae_invocation_id) {
    val(e, "CallingAEInvocationId", std::to_string(*a.calling_ae_invocation_id));
  }
  if (a.sender_acse_requirements) {
    val(e, "SenderACSERequirements", bits_text(*a.sender_acse_requirements));
  }
  if (a.mechanism_name) {
    oid(e, "MechanismName", *a.mechanism_name, kMechanismNames, ap::kMechanismNameArc);
  }
  if (a.calling_authentication_value) {
    authentication(e, "CallingAuthentication", *a.calling_authentication_value);
  }
  if (a.implementation_information) {
    octets(e, "ImplementationInformation", *a.implementation_information);
  }
  user_information(e, a.user_information, o);
}

void render(const ap::Aare& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node e = el(p, "AssociationResponse");
  if (a.protocol_version) {
    val(e, "ProtocolVersion", bits_text(*a.protocol_version));
  }
  oid(e, "ApplicationContextName", a.application_context_name, kApplicationContextNames,
      ap::kApplicationContextArc);
  v8(e, "AssociationResult", static_cast<std::uint8_t>(a.result));
  pugi::xml_node d = el(e, "ResultSourceDiagnostic");
  v8(d,
     a.result_source_diagnostic.source == ap::DiagnosticSource::acse_service_provider ? "ACSEServiceProvider"
                                                                                      : "ACSEServiceUser",
     a.result_source_diagnostic.value);
  if (a.responding_ap_title) {
    octets(e, "RespondingAPTitle", *a.responding_ap_title);
  }
  if (a.responding_ae_qualifier) {
    octets(e, "RespondingAEQualifier", *a.responding_ae_qualifier);
  }
  if (a.responding_ap_invocation_id) {
    val(e, "RespondingAPInvocationId", std::to_string(*a.responding_ap_invocation_id));
  }
  if (a.responding_ae_invocation_id) {
    val(e, "RespondingAEInvocationId", std::to_string(*a.responding_ae_invocation_id));
  }
  if (a.responder_acse_requirements) {
    val(e, "ResponderACSERequirement", bits_text(*a.responder_acse_requirements));
  }
  if (a.mechanism_name) {
    oid(e, "MechanismName", *a.mechanism_name, kMechanismNames, ap::kMechanismNameArc);
  }
  if (a.responding_authentication_value) {
    authentication(e, "RespondingAuthentication", *a.responding_authentication_value);
  }
  if (a.implementation_information) {
    octets(e, "ImplementationInformation", *a.implementation_information);
  }
  user_information(e, a.user_information, o);
}

template <class Release>
void render_release(const Release& a, pugi::xml_node p, const char* name, NameTable reasons,
                    const Options& o) {
  pugi::xml_node e = el(p, name);
  if (a.reason) {
    val(e, "Reason", name_of(reasons, static_cast<std::uint8_t>(*a.reason)));
  }
  user_information(e, a.user_information, o);
}

void render(const ap::Rlrq& a, pugi::xml_node p, const Options& o) {
  render_release(a, p, "ReleaseRequest", kReleaseRequestReasonNames, o);
}
void render(const ap::Rlre& a, pugi::xml_node p, const Options& o) {
  render_release(a, p, "ReleaseResponse", kReleaseResponseReasonNames, o);
}

// ---- other xDLMS APDUs ----

void render(const ap::ExceptionResponse& a, pugi::xml_node p, const Options&) {
  pugi::xml_node e = el(p, "ExceptionResponse");
  val(e, "StateError", name_of(kStateErrorNames, static_cast<std::uint8_t>(a.state_error)));
  val(e, "ServiceError", name_of(kExceptionServiceErrorNames, static_cast<std::uint8_t>(a.service_error)));
  if (a.service_error == ap::ServiceError::invocation_counter_error) {
    v32(e, "InvocationCounter", a.invocation_counter);
  }
}

void render(const ap::DataNotification& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node e = el(p, "DataNotification");
  v32(e, "LongInvokeIdAndPriority", a.long_invoke_id_and_priority.value);
  octets(e, "DateTime", a.date_time);
  data_in(el(e, "NotificationBody"), "DataValue", a.notification_body, o);
}

void render(const ap::EventNotificationRequest& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node e = el(p, "EventNotificationRequest");
  if (a.time) {
    octets(e, "Time", *a.time);
  }
  attribute_descriptor(e, a.cosem_attribute_descriptor, o);
  data_in(e, "AttributeValue", a.attribute_value, o);
}

void render(const ap::GeneralBlockTransfer& a, pugi::xml_node p, const Options&) {
  pugi::xml_node e = el(p, "GeneralBlockTransfer");
  v8(e, "BlockControl", a.block_control.value);
  v16(e, "BlockNumber", a.block_number);
  v16(e, "BlockNumberAck", a.block_number_ack);
  octets(e, "BlockData", a.block_data);
}

// ---- ciphered envelopes ----

// "glo-get-request" -> "glo_GetRequest" (the names common tools print).
std::string ciphered_element_name(std::uint8_t tag) {
  const char* asn1 = ap::ciphered_apdu_name(tag);
  if (asn1 == nullptr) {
    return {};
  }
  std::string out;
  bool upper = false;
  bool prefix = true;
  for (const char* c = asn1; *c != '\0'; ++c) {
    if (*c == '-') {
      if (prefix) {
        out += '_';
        prefix = false;
      }
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(*c))) : *c;
    upper = false;
  }
  return out;
}

void ciphered_content(pugi::xml_node e, const ap::CipheredContent& c) {
  v8(e, "SecurityControl", c.security_control);
  v32(e, "InvocationCounter", c.invocation_counter);
  octets(e, "CipheredText", c.ciphered_text);
}

void decode_whole(ByteSpan bytes, pugi::xml_node parent, const Options& o);

// With Options::decipher: the plain APDU the ciphered one carries, as <Deciphered>.
template <class T>
void deciphered(const T& a, pugi::xml_node e, const Options& o) {
  if (o.decipher == nullptr || o.decipher->backend == nullptr) {
    return;
  }
  Bytes whole(a.content_size());
  ByteWriter w{MutableByteSpan(whole)};
  if (!a.apdu.encode(w)) {
    fail_at(0, "cannot re-encode the ciphered APDU");
  }
  CipherParams params;
  params.block_key = o.decipher->block_key;
  params.auth_key = o.decipher->auth_key;
  params.system_title = o.decipher->system_title;
  Outcome<translator::Deciphered> d = decrypt_apdu(*o.decipher->backend, w.written(), params);
  if (!d) {
    fail_at(0, "cannot decipher: " + d.failure().what);
  }
  pugi::xml_node n = el(e, "Deciphered");
  try {
    decode_whole(d->apdu, n, o);
  } catch (const ByteError& err) {
    fail_at(err.offset, "in the deciphered APDU: " + err.what);
  }
}

template <class T>
struct Whole {
  const T& apdu;
  std::size_t size;
  [[nodiscard]] std::size_t content_size() const { return size; }
};

void render(const ap::CipheredApdu& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node e = el(p, ciphered_element_name(static_cast<std::uint8_t>(a.tag)).c_str());
  ciphered_content(e, a.content);
  deciphered(Whole<ap::CipheredApdu>{a, 1 + 5 + a.content.size()}, e, o);
}

void render(const ap::GeneralGloCiphering& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node e = el(p, "GeneralGloCiphering");
  octets(e, "SystemTitle", a.system_title);
  ciphered_content(e, a.ciphered_content);
  deciphered(Whole<ap::GeneralGloCiphering>{a, 1 + 5 + a.system_title.size() + 5 + a.ciphered_content.size()},
             e, o);
}

void render(const ap::GeneralDedCiphering& a, pugi::xml_node p, const Options& o) {
  pugi::xml_node e = el(p, "GeneralDedCiphering");
  octets(e, "SystemTitle", a.system_title);
  ciphered_content(e, a.ciphered_content);
  deciphered(Whole<ap::GeneralDedCiphering>{a, 1 + 5 + a.system_title.size() + 5 + a.ciphered_content.size()},
             e, o);
}

void render(const ap::GeneralCiphering& a, pugi::xml_node p, const Options&) {
  pugi::xml_node e = el(p, "GeneralCiphering");
  octets(e, "TransactionId", a.transaction_id);
  octets(e, "OriginatorSystemTitle", a.originator_system_title);
  octets(e, "RecipientSystemTitle", a.recipient_system_title);
  octets(e, "DateTime", a.date_time);
  octets(e, "OtherInformation", a.other_information);
  if (a.key_info) {
    pugi::xml_node k = el(e, "KeyInfo");
    switch (a.key_info->kind) {
      case ap::KeyInfo::Kind::identified_key: v8(el(k, "IdentifiedKey"), "KeyId", a.key_info->key_id); break;
      case ap::KeyInfo::Kind::wrapped_key: {
        pugi::xml_node w = el(k, "WrappedKey");
        v8(w, "KekId", a.key_info->key_id);
        octets(w, "KeyCipheredData", a.key_info->key_ciphered_data);
        break;
      }
      case ap::KeyInfo::Kind::agreed_key: {
        pugi::xml_node g = el(k, "AgreedKey");
        octets(g, "KeyParameters", a.key_info->key_parameters);
        octets(g, "KeyCipheredData", a.key_info->key_ciphered_data);
        break;
      }
    }
  }
  ciphered_content(e, a.ciphered_content);
}

// ---- SN referencing ----

void variable_access(pugi::xml_node p, const ap::VariableAccessSpecification& v, const Options& o) {
  std::visit(
      [&](const auto& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, ap::VariableName>) {
          v16(p, "VariableName", a.variable_name);
        } else if constexpr (std::is_same_v<A, ap::ParameterizedAccess>) {
          pugi::xml_node e = el(p, "ParameterisedAccess");
          v16(e, "VariableName", a.variable_name);
          v8(e, "Selector", a.selector);
          data_in(e, "Parameter", a.parameter, o);
        } else if constexpr (std::is_same_v<A, ap::BlockNumberAccess>) {
          v16(el(p, "BlockNumberAccess"), "BlockNumber", a.block_number);
        } else if constexpr (std::is_same_v<A, ap::ReadDataBlockAccess>) {
          pugi::xml_node e = el(p, "ReadDataBlockAccess");
          v8(e, "LastBlock", a.last_block ? 1 : 0);
          v16(e, "BlockNumber", a.block_number);
          octets(e, "RawData", a.raw_data);
        } else {
          pugi::xml_node e = el(p, "WriteDataBlockAccess");
          v8(e, "LastBlock", a.last_block ? 1 : 0);
          v16(e, "BlockNumber", a.block_number);
        }
      },
      v.access);
}

void render(const ap::ReadRequest& a, pugi::xml_node p, const Options& o) {
  list(p, "ReadRequest", a.variable_access_specification,
       [&](pugi::xml_node x, const ap::VariableAccessSpecification& v) { variable_access(x, v, o); });
}

void render(const ap::ReadResponse& a, pugi::xml_node p, const Options& o) {
  list(p, "ReadResponse", a.results, [&](pugi::xml_node x, const ap::ReadResult& r) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, codec::DataView>) {
            data_in(x, "Data", v, o);
          } else if constexpr (std::is_same_v<V, ap::DataAccessResult>) {
            data_access_error(x, "DataAccessError", v);
          } else if constexpr (std::is_same_v<V, ap::DataBlockResult>) {
            pugi::xml_node e = el(x, "DataBlockResult");
            v8(e, "LastBlock", v.last_block ? 1 : 0);
            v16(e, "BlockNumber", v.block_number);
            octets(e, "RawData", v.raw_data);
          } else {
            v16(x, "BlockNumber", v.block_number);
          }
        },
        r.result);
  });
}

template <class W>
void render_write(const W& a, pugi::xml_node p, const char* name, const Options& o) {
  pugi::xml_node e = el(p, name);
  list(e, "ListOfVariableAccessSpecification", a.variable_access_specification,
       [&](pugi::xml_node x, const ap::VariableAccessSpecification& v) { variable_access(x, v, o); });
  list(e, "ListOfData", a.list_of_data,
       [&](pugi::xml_node x, const codec::DataView& v) { data_to_node(v, x, o); });
}

void render(const ap::WriteRequest& a, pugi::xml_node p, const Options& o) {
  render_write(a, p, "WriteRequest", o);
}
void render(const ap::UnconfirmedWriteRequest& a, pugi::xml_node p, const Options& o) {
  render_write(a, p, "UnconfirmedWriteRequest", o);
}

void render(const ap::WriteResponse& a, pugi::xml_node p, const Options&) {
  list(p, "WriteResponse", a.results, [&](pugi::xml_node x, const ap::WriteResult& r) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, ap::WriteSuccess>) {
            el(x, "Success");
          } else if constexpr (std::is_same_v<V, ap::DataAccessResult>) {
            data_access_error(x, "DataAccessError", v);
          } else {
            v16(x, "BlockNumber", v.block_number);
          }
        },
        r.result);
  });
}

// ============================================================================================
// XML -> struct
// ============================================================================================

struct Ctx {
  Arena arena;
  const Options& options;
  [[nodiscard]] const codec::Limits& limits() const { return options.limits; }
};

// Fails on a child element whose name is not in `allowed`.
void only(pugi::xml_node n, std::initializer_list<const char*> allowed) {
  for (pugi::xml_node c : children(n)) {
    bool ok = false;
    for (const char* a : allowed) {
      ok = ok || std::string_view(c.name()) == a;
    }
    if (!ok) {
      fail(c, std::string("unexpected element <") + c.name() + "> in <" + n.name() + ">");
    }
  }
}

std::uint8_t r8(pugi::xml_node n, const char* name) {
  return static_cast<std::uint8_t>(parse_uint_attr(child(n, name), "Value", 1));
}
std::uint16_t r16(pugi::xml_node n, const char* name) {
  return static_cast<std::uint16_t>(parse_uint_attr(child(n, name), "Value", 2));
}
std::uint32_t r32(pugi::xml_node n, const char* name) {
  return static_cast<std::uint32_t>(parse_uint_attr(child(n, name), "Value", 4));
}
bool rbool(pugi::xml_node n, const char* name) {
  const pugi::xml_node c = child(n, name);
  const std::string_view v = attr(c, "Value");
  if (v == "true") {
    return true;
  }
  if (v == "false") {
    return false;
  }
  const auto b = parse_uint_attr(c, "Value", 1);
  if (b > 1) {
    fail(c, "Value must be 00 or 01");
  }
  return b == 1;
}
ByteSpan rbytes(pugi::xml_node c, Ctx& ctx) {
  return ctx.arena.keep(parse_hex_attr(c, "Value", ctx.limits().max_apdu_size));
}
ByteSpan rbytes(pugi::xml_node n, const char* name, Ctx& ctx) { return rbytes(child(n, name), ctx); }
std::optional<ByteSpan> ropt_bytes(pugi::xml_node n, const char* name, Ctx& ctx) {
  const pugi::xml_node c = optional_child(n, name);
  if (!c) {
    return std::nullopt;
  }
  return rbytes(c, ctx);
}

void check_qty(pugi::xml_node e, std::size_t n, const Ctx& ctx) {
  if (n > ctx.limits().max_list_items) {
    fail(e, "more than " + std::to_string(ctx.limits().max_list_items) + " list items");
  }
  if (has_attr(e, "Qty") && parse_uint_attr(e, "Qty", 4) != n) {
    fail(e, "Qty does not match the number of elements");
  }
}

// The children of list element `name` of `n`, Qty checked.
std::vector<pugi::xml_node> items(pugi::xml_node n, const char* name, const Ctx& ctx) {
  const pugi::xml_node e = child(n, name);
  std::vector<pugi::xml_node> list = children(e);
  check_qty(e, list.size(), ctx);
  return list;
}

ap::InvokeIdAndPriority rinvoke(pugi::xml_node n) { return {r8(n, "InvokeIdAndPriority")}; }

ap::ObisCode robis(pugi::xml_node n) {
  const pugi::xml_node c = child(n, "InstanceId");
  const Bytes b = parse_hex_attr(c, "Value", 6);
  if (b.size() != 6) {
    fail(c, "InstanceId must be 6 bytes");
  }
  ap::ObisCode o;
  std::copy(b.begin(), b.end(), o.bytes.begin());
  return o;
}

ap::CosemAttributeDescriptor rattribute(pugi::xml_node e) {
  only(e, {"ClassId", "InstanceId", "AttributeId"});
  ap::CosemAttributeDescriptor d;
  d.class_id = r16(e, "ClassId");
  d.instance_id = robis(e);
  d.attribute_id = static_cast<std::int8_t>(r8(e, "AttributeId"));
  return d;
}

ap::CosemMethodDescriptor rmethod(pugi::xml_node e) {
  only(e, {"ClassId", "InstanceId", "MethodId"});
  ap::CosemMethodDescriptor d;
  d.class_id = r16(e, "ClassId");
  d.instance_id = robis(e);
  d.method_id = static_cast<std::int8_t>(r8(e, "MethodId"));
  return d;
}

codec::DataView rdata(pugi::xml_node wrapper, Ctx& ctx) {
  return node_to_data_view(only_child(wrapper), ctx.arena, ctx.limits());
}
codec::DataView rdata(pugi::xml_node n, const char* name, Ctx& ctx) { return rdata(child(n, name), ctx); }

std::optional<ap::SelectiveAccessDescriptor> raccess(pugi::xml_node n, Ctx& ctx) {
  const pugi::xml_node a = optional_child(n, "AccessSelection");
  if (!a) {
    return std::nullopt;
  }
  only(a, {"AccessSelector", "AccessParameters"});
  ap::SelectiveAccessDescriptor s;
  s.access_selector = r8(a, "AccessSelector");
  s.access_parameters = rdata(a, "AccessParameters", ctx);
  return s;
}

ap::CosemAttributeDescriptorWithSelection rwith_selection(pugi::xml_node e, Ctx& ctx) {
  if (std::string_view(e.name()) != "AttributeDescriptorWithSelection") {
    fail(e, "expected <AttributeDescriptorWithSelection>");
  }
  only(e, {"AttributeDescriptor", "AccessSelection"});
  ap::CosemAttributeDescriptorWithSelection d;
  d.cosem_attribute_descriptor = rattribute(child(e, "AttributeDescriptor"));
  d.access_selection = raccess(e, ctx);
  return d;
}

std::vector<ap::CosemAttributeDescriptorWithSelection> rdescriptor_list(pugi::xml_node n, Ctx& ctx) {
  std::vector<ap::CosemAttributeDescriptorWithSelection> out;
  for (pugi::xml_node c : items(n, "AttributeDescriptorList", ctx)) {
    out.push_back(rwith_selection(c, ctx));
  }
  return out;
}

std::vector<ap::CosemMethodDescriptor> rmethod_list(pugi::xml_node n, Ctx& ctx) {
  std::vector<ap::CosemMethodDescriptor> out;
  for (pugi::xml_node c : items(n, "MethodDescriptorList", ctx)) {
    if (std::string_view(c.name()) != "MethodDescriptor") {
      fail(c, "expected <MethodDescriptor>");
    }
    out.push_back(rmethod(c));
  }
  return out;
}

std::vector<codec::DataView> rdata_list(pugi::xml_node n, const char* name, Ctx& ctx) {
  std::vector<codec::DataView> out;
  for (pugi::xml_node c : items(n, name, ctx)) {
    out.push_back(node_to_data_view(c, ctx.arena, ctx.limits()));
  }
  return out;
}

ap::DataBlockSA rblock(pugi::xml_node n, const char* name, Ctx& ctx) {
  const pugi::xml_node e = child(n, name);
  only(e, {"LastBlock", "BlockNumber", "RawData"});
  ap::DataBlockSA b;
  b.last_block = rbool(e, "LastBlock");
  b.block_number = r32(e, "BlockNumber");
  b.raw_data = rbytes(e, "RawData", ctx);
  return b;
}

ap::DataAccessResult rdar(pugi::xml_node e) {
  return static_cast<ap::DataAccessResult>(value_of(kDataAccessResultNames, e));
}

ap::GetDataResult rget_result(pugi::xml_node e, Ctx& ctx) {
  ap::GetDataResult r;
  const std::string_view name = e.name();
  if (name == "Data") {
    r.result = rdata(e, ctx);
  } else if (name == "DataAccessError") {
    r.result = rdar(e);
  } else {
    fail(e, "expected <Data> or <DataAccessError>");
  }
  return r;
}

// Encodes `apdu` into `out`.
template <class T>
void encode(const T& apdu, pugi::xml_node root, const Ctx& ctx, Bytes& out) {
  Bytes buffer(ctx.limits().max_apdu_size);
  ByteWriter w{MutableByteSpan(buffer)};
  const Status s = apdu.encode(w);
  if (!s) {
    fail(root, "cannot encode: " + s.error().message());
  }
  if (!w.ok()) {
    fail(root, "APDU larger than " + std::to_string(ctx.limits().max_apdu_size) + " bytes");
  }
  out.assign(w.written().begin(), w.written().end());
}

void encode_get_request(pugi::xml_node root, Ctx& ctx, Bytes& out) {
  const pugi::xml_node c = only_child(root);
  const std::string_view name = c.name();
  ap::GetRequest a;
  if (name == "GetRequestNormal") {
    only(c, {"InvokeIdAndPriority", "AttributeDescriptor", "AccessSelection"});
    ap::GetRequestNormal r;
    r.invoke_id_and_priority = rinvoke(c);
    r.cosem_attribute_descriptor = rattribute(child(c, "AttributeDescriptor"));
    r.access_selection = raccess(c, ctx);
    a.request = r;
  } else if (name == "GetRequestForNextDataBlock") {
    only(c, {"InvokeIdAndPriority", "BlockNumber"});
    ap::GetRequestNext r;
    r.invoke_id_and_priority = rinvoke(c);
    r.block_number = r32(c, "BlockNumber");
    a.request = r;
  } else if (name == "GetRequestWithList") {
    only(c, {"InvokeIdAndPriority", "AttributeDescriptorList"});
    const auto list = rdescriptor_list(c, ctx);
    ap::GetRequestWithList r;
    r.invoke_id_and_priority = rinvoke(c);
    r.attribute_descriptor_list = ap::List<ap::CosemAttributeDescriptorWithSelection>(list);
    a.request = r;
    encode(a, root, ctx, out);
    return;
  } else {
    fail(c, std::string("unknown GetRequest choice <") + c.name() + ">");
  }
  encode(a, root, ctx, out);
}

void encode_get_response(pugi::xml_node root, Ctx& ctx, Bytes& out) {
  const pugi::xml_node c = only_child(root);
  const std::string_view name = c.name();
  ap::GetResponse a;
  if (name == "GetResponseNormal") {
    only(c, {"InvokeIdAndPriority", "Result"});
    ap::GetResponseNormal r;
    r.invoke_id_and_priority = rinvoke(c);
    r.result = rget_result(only_child(child(c, "Result")), ctx);
    a.response = r;
  } else if (name == "GetResponsewithDataBlock" || name == "GetResponseWithDataBlock") {
    only(c, {"InvokeIdAndPriority", "Result"});
    ap::GetResponseWithDatablock r;
    r.invoke_id_and_priority = rinvoke(c);
    const pugi::xml_node res = child(c, "Result");
    only(res, {"LastBlock", "BlockNumber", "RawData", "DataAccessResult"});
    r.result.last_block = rbool(res, "LastBlock");
    r.result.block_number = r32(res, "BlockNumber");
    if (const pugi::xml_node dar = optional_child(res, "DataAccessResult")) {
      if (optional_child(res, "RawData")) {
        fail(res, "both <RawData> and <DataAccessResult>");
      }
      r.result.result = rdar(dar);
    } else {
      r.result.result = rbytes(res, "RawData", ctx);
    }
    a.response = r;
  } else if (name == "GetResponseWithList") {
    only(c, {"InvokeIdAndPriority", "Result"});
    std::vector<ap::GetDataResult> list;
    for (pugi::xml_node x : items(c, "Result", ctx)) {
      list.push_back(rget_result(x, ctx));
    }
    ap::GetResponseWithList r;
    r.invoke_id_and_priority = rinvoke(c);
    r.result = ap::List<ap::GetDataResult>(list);
    a.response = r;
    encode(a, root, ctx, out);
    return;
  } else {
    fail(c, std::string("unknown GetResponse choice <") + c.name() + ">");
  }
  encode(a, root, ctx, out);
}

void encode_set_request(pugi::xml_node root, Ctx& ctx, Bytes& out) {
  const pugi::xml_node c = only_child(root);
  const std::string_view name = c.name();
  ap::SetRequest a;
  std::vector<ap::CosemAttributeDescriptorWithSelection> descriptors;
  std::vector<codec::DataView> values;
  if (name == "SetRequestNormal") {
    only(c, {"InvokeIdAndPriority", "AttributeDescriptor", "AccessSelection", "Value"});
    ap::SetRequestNormal r;
    r.invoke_id_and_priority = rinvoke(c);
    r.cosem_attribute_descriptor = rattribute(child(c, "AttributeDescriptor"));
    r.access_selection = raccess(c, ctx);
    r.value = rdata(c, "Value", ctx);
    a.request = r;
  } else if (name == "SetRequestFirstDataBlock") {
    only(c, {"InvokeIdAndPriority", "AttributeDescriptor", "AccessSelection", "DataBlock"});
    ap::SetRequestWithFirstDatablock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.cosem_attribute_descriptor = rattribute(child(c, "AttributeDescriptor"));
    r.access_selection = raccess(c, ctx);
    r.datablock = rblock(c, "DataBlock", ctx);
    a.request = r;
  } else if (name == "SetRequestWithDataBlock") {
    only(c, {"InvokeIdAndPriority", "DataBlock"});
    ap::SetRequestWithDatablock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.datablock = rblock(c, "DataBlock", ctx);
    a.request = r;
  } else if (name == "SetRequestWithList") {
    only(c, {"InvokeIdAndPriority", "AttributeDescriptorList", "ValueList"});
    descriptors = rdescriptor_list(c, ctx);
    values = rdata_list(c, "ValueList", ctx);
    ap::SetRequestWithList r;
    r.invoke_id_and_priority = rinvoke(c);
    r.attribute_descriptor_list = ap::List<ap::CosemAttributeDescriptorWithSelection>(descriptors);
    r.value_list = ap::List<codec::DataView>(values);
    a.request = r;
  } else if (name == "SetRequestWithListAndFirstDataBlock") {
    only(c, {"InvokeIdAndPriority", "AttributeDescriptorList", "DataBlock"});
    descriptors = rdescriptor_list(c, ctx);
    ap::SetRequestWithListAndFirstDatablock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.attribute_descriptor_list = ap::List<ap::CosemAttributeDescriptorWithSelection>(descriptors);
    r.datablock = rblock(c, "DataBlock", ctx);
    a.request = r;
  } else {
    fail(c, std::string("unknown SetRequest choice <") + c.name() + ">");
  }
  encode(a, root, ctx, out);
}

void encode_set_response(pugi::xml_node root, Ctx& ctx, Bytes& out) {
  const pugi::xml_node c = only_child(root);
  const std::string_view name = c.name();
  ap::SetResponse a;
  std::vector<ap::DataAccessResult> results;
  auto read_results = [&]() {
    for (pugi::xml_node x : items(c, "Result", ctx)) {
      if (std::string_view(x.name()) != "DataAccessResult") {
        fail(x, "expected <DataAccessResult>");
      }
      results.push_back(rdar(x));
    }
  };
  if (name == "SetResponseNormal") {
    only(c, {"InvokeIdAndPriority", "Result"});
    ap::SetResponseNormal r;
    r.invoke_id_and_priority = rinvoke(c);
    r.result = rdar(child(c, "Result"));
    a.response = r;
  } else if (name == "SetResponseDataBlock") {
    only(c, {"InvokeIdAndPriority", "BlockNumber"});
    ap::SetResponseDatablock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.block_number = r32(c, "BlockNumber");
    a.response = r;
  } else if (name == "SetResponseWithLastDataBlock") {
    only(c, {"InvokeIdAndPriority", "Result", "BlockNumber"});
    ap::SetResponseLastDatablock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.result = rdar(child(c, "Result"));
    r.block_number = r32(c, "BlockNumber");
    a.response = r;
  } else if (name == "SetResponseLastDataBlockWithList") {
    only(c, {"InvokeIdAndPriority", "Result", "BlockNumber"});
    read_results();
    ap::SetResponseLastDatablockWithList r;
    r.invoke_id_and_priority = rinvoke(c);
    r.result = ap::List<ap::DataAccessResult>(results);
    r.block_number = r32(c, "BlockNumber");
    a.response = r;
  } else if (name == "SetResponseWithList") {
    only(c, {"InvokeIdAndPriority", "Result"});
    read_results();
    ap::SetResponseWithList r;
    r.invoke_id_and_priority = rinvoke(c);
    r.result = ap::List<ap::DataAccessResult>(results);
    a.response = r;
  } else {
    fail(c, std::string("unknown SetResponse choice <") + c.name() + ">");
  }
  encode(a, root, ctx, out);
}

void encode_action_request(pugi::xml_node root, Ctx& ctx, Bytes& out) {
  const pugi::xml_node c = only_child(root);
  const std::string_view name = c.name();
  ap::ActionRequest a;
  std::vector<ap::CosemMethodDescriptor> methods;
  std::vector<codec::DataView> values;
  if (name == "ActionRequestNormal") {
    only(c, {"InvokeIdAndPriority", "MethodDescriptor", "MethodInvocationParameters"});
    ap::ActionRequestNormal r;
    r.invoke_id_and_priority = rinvoke(c);
    r.cosem_method_descriptor = rmethod(child(c, "MethodDescriptor"));
    if (const pugi::xml_node p = optional_child(c, "MethodInvocationParameters")) {
      r.method_invocation_parameters = rdata(p, ctx);
    }
    a.request = r;
  } else if (name == "ActionRequestForNextDataBlock") {
    only(c, {"InvokeIdAndPriority", "BlockNumber"});
    ap::ActionRequestNextPblock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.block_number = r32(c, "BlockNumber");
    a.request = r;
  } else if (name == "ActionRequestWithList") {
    only(c, {"InvokeIdAndPriority", "MethodDescriptorList", "MethodInvocationParameters"});
    methods = rmethod_list(c, ctx);
    values = rdata_list(c, "MethodInvocationParameters", ctx);
    ap::ActionRequestWithList r;
    r.invoke_id_and_priority = rinvoke(c);
    r.cosem_method_descriptor_list = ap::List<ap::CosemMethodDescriptor>(methods);
    r.method_invocation_parameters = ap::List<codec::DataView>(values);
    a.request = r;
  } else if (name == "ActionRequestWithFirstPBlock") {
    only(c, {"InvokeIdAndPriority", "MethodDescriptor", "PBlock"});
    ap::ActionRequestWithFirstPblock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.cosem_method_descriptor = rmethod(child(c, "MethodDescriptor"));
    r.pblock = rblock(c, "PBlock", ctx);
    a.request = r;
  } else if (name == "ActionRequestWithListAndFirstPBlock") {
    only(c, {"InvokeIdAndPriority", "MethodDescriptorList", "PBlock"});
    methods = rmethod_list(c, ctx);
    ap::ActionRequestWithListAndFirstPblock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.cosem_method_descriptor_list = ap::List<ap::CosemMethodDescriptor>(methods);
    r.pblock = rblock(c, "PBlock", ctx);
    a.request = r;
  } else if (name == "ActionRequestWithPBlock") {
    only(c, {"InvokeIdAndPriority", "PBlock"});
    ap::ActionRequestWithPblock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.pblock = rblock(c, "PBlock", ctx);
    a.request = r;
  } else {
    fail(c, std::string("unknown ActionRequest choice <") + c.name() + ">");
  }
  encode(a, root, ctx, out);
}

ap::ActionResponseWithOptionalData raction_single(pugi::xml_node e, Ctx& ctx) {
  only(e, {"InvokeIdAndPriority", "Result", "ReturnParameters"});
  ap::ActionResponseWithOptionalData d;
  d.result = static_cast<ap::ActionResult>(value_of(kActionResultNames, child(e, "Result")));
  if (const pugi::xml_node p = optional_child(e, "ReturnParameters")) {
    d.return_parameters = rget_result(only_child(p), ctx);
  }
  return d;
}

void encode_action_response(pugi::xml_node root, Ctx& ctx, Bytes& out) {
  const pugi::xml_node c = only_child(root);
  const std::string_view name = c.name();
  ap::ActionResponse a;
  std::vector<ap::ActionResponseWithOptionalData> responses;
  if (name == "ActionResponseNormal") {
    ap::ActionResponseNormal r;
    r.invoke_id_and_priority = rinvoke(c);
    r.single_response = raction_single(c, ctx);
    a.response = r;
  } else if (name == "ActionResponseWithPBlock") {
    only(c, {"InvokeIdAndPriority", "PBlock"});
    ap::ActionResponseWithPblock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.pblock = rblock(c, "PBlock", ctx);
    a.response = r;
  } else if (name == "ActionResponseWithList") {
    only(c, {"InvokeIdAndPriority", "ResponseList"});
    for (pugi::xml_node x : items(c, "ResponseList", ctx)) {
      if (std::string_view(x.name()) != "Response") {
        fail(x, "expected <Response>");
      }
      responses.push_back(raction_single(x, ctx));
    }
    ap::ActionResponseWithList r;
    r.invoke_id_and_priority = rinvoke(c);
    r.list_of_responses = ap::List<ap::ActionResponseWithOptionalData>(responses);
    a.response = r;
  } else if (name == "ActionResponseNextBlock") {
    only(c, {"InvokeIdAndPriority", "BlockNumber"});
    ap::ActionResponseNextPblock r;
    r.invoke_id_and_priority = rinvoke(c);
    r.block_number = r32(c, "BlockNumber");
    a.response = r;
  } else {
    fail(c, std::string("unknown ActionResponse choice <") + c.name() + ">");
  }
  encode(a, root, ctx, out);
}

// ---- ACSE ----

ap::AcseBitString rbits(pugi::xml_node e, Ctx& ctx) {
  const std::string_view text = attr(e, "Value");
  if (text.size() > 8 * 64) {
    fail(e, "bit string too long");
  }
  Bytes bytes((text.size() + 7) / 8, 0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '0' && text[i] != '1') {
      fail(e, "Value must be 0s and 1s");
    }
    if (text[i] == '1') {
      bytes[i / 8] = static_cast<std::uint8_t>(bytes[i / 8] | (0x80U >> (i % 8)));
    }
  }
  ap::AcseBitString b;
  b.unused_bits = static_cast<std::uint8_t>((8 - text.size() % 8) % 8);
  b.bits = ctx.arena.keep(std::move(bytes));
  return b;
}

std::optional<ap::AcseBitString> ropt_bits(pugi::xml_node n, const char* name, Ctx& ctx) {
  const pugi::xml_node c = optional_child(n, name);
  if (!c) {
    return std::nullopt;
  }
  return rbits(c, ctx);
}

ByteSpan roid(pugi::xml_node e, NameTable names, std::uint8_t arc, Ctx& ctx) {
  const std::string_view text = attr(e, "Value");
  for (const Named& n : names) {
    if (text == n.name) {
      const ap::DlmsUaOid o = ap::dlms_ua_oid(arc, n.value);
      return ctx.arena.keep(Bytes(o.bytes.begin(), o.bytes.end()));
    }
  }
  return rbytes(e, ctx);
}

std::optional<std::int64_t> ropt_int(pugi::xml_node n, const char* name) {
  const pugi::xml_node c = optional_child(n, name);
  if (!c) {
    return std::nullopt;
  }
  const std::string text(attr(c, "Value"));
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end != text.c_str() + text.size() || errno != 0) {
    fail(c, "Value must be a decimal integer");
  }
  return static_cast<std::int64_t>(v);
}

std::optional<ap::AuthenticationValue> rauth(pugi::xml_node n, const char* name, Ctx& ctx) {
  const pugi::xml_node c = optional_child(n, name);
  if (!c) {
    return std::nullopt;
  }
  ap::AuthenticationValue v;
  v.contents = rbytes(c, ctx);
  if (has_attr(c, "Choice")) {
    const auto choice = parse_uint_attr(c, "Choice", 1);
    if (choice > 3) {
      fail(c, "Choice must be 00..03");
    }
    v.choice = static_cast<ap::AuthenticationValueChoice>(choice);
  }
  return v;
}

ap::ConformanceBlock rconformance(pugi::xml_node n, const char* name) {
  ap::ConformanceBlock c;
  for (pugi::xml_node b : children(child(n, name))) {
    if (std::string_view(b.name()) != "ConformanceBit") {
      fail(b, "expected <ConformanceBit>");
    }
    const std::uint8_t bit = value_of(kConformanceBitNames, b, "Name");
    if (bit > 23) {
      fail(b, "conformance bit out of range");
    }
    c.set(static_cast<ap::ConformanceBit>(bit));
  }
  return c;
}

// The user-information element of an ACSE APDU: <UserInformation Value=hex/> or an APDU element.
std::optional<ByteSpan> ruser_information(pugi::xml_node n, std::initializer_list<const char*> fields,
                                          Ctx& ctx, std::size_t depth);

void encode_initiate_request(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"DedicatedKey", "ResponseAllowed", "ProposedQualityOfService", "ProposedDlmsVersionNumber",
           "ProposedConformance", "ProposedMaxPduSize"});
  ap::InitiateRequest a;
  a.dedicated_key = ropt_bytes(e, "DedicatedKey", ctx);
  if (optional_child(e, "ResponseAllowed")) {
    a.response_allowed = rbool(e, "ResponseAllowed");
  }
  if (optional_child(e, "ProposedQualityOfService")) {
    a.proposed_quality_of_service = static_cast<std::int8_t>(r8(e, "ProposedQualityOfService"));
  }
  a.proposed_dlms_version_number = r8(e, "ProposedDlmsVersionNumber");
  a.proposed_conformance = rconformance(e, "ProposedConformance");
  a.client_max_receive_pdu_size = r16(e, "ProposedMaxPduSize");
  encode(a, e, ctx, out);
}

void encode_initiate_response(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"NegotiatedQualityOfService", "NegotiatedDlmsVersionNumber", "NegotiatedConformance",
           "NegotiatedMaxPduSize", "VaaName"});
  ap::InitiateResponse a;
  if (optional_child(e, "NegotiatedQualityOfService")) {
    a.negotiated_quality_of_service = static_cast<std::int8_t>(r8(e, "NegotiatedQualityOfService"));
  }
  a.negotiated_dlms_version_number = r8(e, "NegotiatedDlmsVersionNumber");
  a.negotiated_conformance = rconformance(e, "NegotiatedConformance");
  a.server_max_receive_pdu_size = r16(e, "NegotiatedMaxPduSize");
  a.vaa_name = r16(e, "VaaName");
  encode(a, e, ctx, out);
}

std::uint8_t rnamed_choice(pugi::xml_node e, NameTable names) {
  for (const Named& n : names) {
    if (std::string_view(e.name()) == n.name) {
      return n.value;
    }
  }
  fail(e, std::string("unknown element <") + e.name() + ">");
}

void encode_confirmed_service_error(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  const pugi::xml_node s = only_child(e);
  const pugi::xml_node v = only_child(s);
  ap::ConfirmedServiceError a;
  a.service = static_cast<ap::ConfirmedServiceErrorChoice>(rnamed_choice(s, kConfirmedServiceNames));
  const std::uint8_t error = rnamed_choice(v, kServiceErrorNames);
  a.error = static_cast<ap::ServiceErrorChoice>(error);
  a.value = value_of(service_error_values(error), v);
  encode(a, e, ctx, out);
}

void encode_aarq(pugi::xml_node e, Ctx& ctx, Bytes& out, std::size_t depth) {
  static constexpr std::initializer_list<const char*> kFields = {
      "ProtocolVersion",       "ApplicationContextName",   "CalledAPTitle",          "CalledAEQualifier",
      "CalledAPInvocationId",  "CalledAEInvocationId",     "CallingAPTitle",         "CallingAEQualifier",
      "CallingAPInvocationId", "CallingAEInvocationId",    "SenderACSERequirements", "MechanismName",
      "CallingAuthentication", "ImplementationInformation"};
  ap::Aarq a;
  a.protocol_version = ropt_bits(e, "ProtocolVersion", ctx);
  a.application_context_name =
      roid(child(e, "ApplicationContextName"), kApplicationContextNames, ap::kApplicationContextArc, ctx);
  a.called_ap_title = ropt_bytes(e, "CalledAPTitle", ctx);
  a.called_ae_qualifier = ropt_bytes(e, "CalledAEQualifier", ctx);
  a.called_ap_invocation_id = ropt_int(e, "CalledAPInvocationId");
  a.called_ae_invocation_id = ropt_int(e, "CalledAEInvocationId");
  a.calling_ap_title = ropt_bytes(e, "CallingAPTitle", ctx);
  a.calling_ae_qualifier = ropt_bytes(e, "CallingAEQualifier", ctx);
  a.calling_ap_invocation_id = ropt_int(e, "CallingAPInvocationId");
  a.calling_ae_invocation_id = ropt_int(e, "CallingAEInvocationId");
  a.sender_acse_requirements = ropt_bits(e, "SenderACSERequirements", ctx);
  if (const pugi::xml_node m = optional_child(e, "MechanismName")) {
    a.mechanism_name = roid(m, kMechanismNames, ap::kMechanismNameArc, ctx);
  }
  a.calling_authentication_value = rauth(e, "CallingAuthentication", ctx);
  a.implementation_information = ropt_bytes(e, "ImplementationInformation", ctx);
  a.user_information = ruser_information(e, kFields, ctx, depth);
  encode(a, e, ctx, out);
}

void encode_aare(pugi::xml_node e, Ctx& ctx, Bytes& out, std::size_t depth) {
  static constexpr std::initializer_list<const char*> kFields = {
      "ProtocolVersion",          "ApplicationContextName",
      "AssociationResult",        "ResultSourceDiagnostic",
      "RespondingAPTitle",        "RespondingAEQualifier",
      "RespondingAPInvocationId", "RespondingAEInvocationId",
      "ResponderACSERequirement", "MechanismName",
      "RespondingAuthentication", "ImplementationInformation"};
  ap::Aare a;
  a.protocol_version = ropt_bits(e, "ProtocolVersion", ctx);
  a.application_context_name =
      roid(child(e, "ApplicationContextName"), kApplicationContextNames, ap::kApplicationContextArc, ctx);
  a.result = static_cast<ap::AssociationResult>(r8(e, "AssociationResult"));
  const pugi::xml_node d = only_child(child(e, "ResultSourceDiagnostic"));
  const std::string_view source = d.name();
  if (source == "ACSEServiceUser") {
    a.result_source_diagnostic.source = ap::DiagnosticSource::acse_service_user;
  } else if (source == "ACSEServiceProvider") {
    a.result_source_diagnostic.source = ap::DiagnosticSource::acse_service_provider;
  } else {
    fail(d, "expected <ACSEServiceUser> or <ACSEServiceProvider>");
  }
  a.result_source_diagnostic.value = static_cast<std::uint8_t>(parse_uint_attr(d, "Value", 1));
  a.responding_ap_title = ropt_bytes(e, "RespondingAPTitle", ctx);
  a.responding_ae_qualifier = ropt_bytes(e, "RespondingAEQualifier", ctx);
  a.responding_ap_invocation_id = ropt_int(e, "RespondingAPInvocationId");
  a.responding_ae_invocation_id = ropt_int(e, "RespondingAEInvocationId");
  a.responder_acse_requirements = ropt_bits(e, "ResponderACSERequirement", ctx);
  if (const pugi::xml_node m = optional_child(e, "MechanismName")) {
    a.mechanism_name = roid(m, kMechanismNames, ap::kMechanismNameArc, ctx);
  }
  a.responding_authentication_value = rauth(e, "RespondingAuthentication", ctx);
  a.implementation_information = ropt_bytes(e, "ImplementationInformation", ctx);
  a.user_information = ruser_information(e, kFields, ctx, depth);
  encode(a, e, ctx, out);
}

template <class Release>
void encode_release(pugi::xml_node e, NameTable reasons, Ctx& ctx, Bytes& out, std::size_t depth) {
  Release a;
  if (const pugi::xml_node r = optional_child(e, "Reason")) {
    a.reason = static_cast<typename decltype(a.reason)::value_type>(value_of(reasons, r));
  }
  a.user_information = ruser_information(e, {"Reason"}, ctx, depth);
  encode(a, e, ctx, out);
}

// ---- others ----

void encode_exception_response(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"StateError", "ServiceError", "InvocationCounter"});
  ap::ExceptionResponse a;
  a.state_error = static_cast<ap::StateError>(value_of(kStateErrorNames, child(e, "StateError")));
  a.service_error =
      static_cast<ap::ServiceError>(value_of(kExceptionServiceErrorNames, child(e, "ServiceError")));
  if (a.service_error == ap::ServiceError::invocation_counter_error) {
    a.invocation_counter = r32(e, "InvocationCounter");
  } else if (optional_child(e, "InvocationCounter")) {
    fail(child(e, "InvocationCounter"), "InvocationCounter only with InvocationCounterError");
  }
  encode(a, e, ctx, out);
}

void encode_data_notification(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"LongInvokeIdAndPriority", "DateTime", "NotificationBody"});
  ap::DataNotification a;
  a.long_invoke_id_and_priority.value = r32(e, "LongInvokeIdAndPriority");
  a.date_time = rbytes(e, "DateTime", ctx);
  const pugi::xml_node body = child(e, "NotificationBody");
  only(body, {"DataValue"});
  a.notification_body = rdata(body, "DataValue", ctx);
  encode(a, e, ctx, out);
}

void encode_event_notification(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"Time", "AttributeDescriptor", "AttributeValue"});
  ap::EventNotificationRequest a;
  a.time = ropt_bytes(e, "Time", ctx);
  a.cosem_attribute_descriptor = rattribute(child(e, "AttributeDescriptor"));
  a.attribute_value = rdata(e, "AttributeValue", ctx);
  encode(a, e, ctx, out);
}

void encode_general_block_transfer(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"BlockControl", "BlockNumber", "BlockNumberAck", "BlockData"});
  ap::GeneralBlockTransfer a;
  a.block_control.value = r8(e, "BlockControl");
  a.block_number = r16(e, "BlockNumber");
  a.block_number_ack = r16(e, "BlockNumberAck");
  a.block_data = rbytes(e, "BlockData", ctx);
  encode(a, e, ctx, out);
}

ap::CipheredContent rciphered(pugi::xml_node e, Ctx& ctx) {
  ap::CipheredContent c;
  c.security_control = r8(e, "SecurityControl");
  c.invocation_counter = r32(e, "InvocationCounter");
  c.ciphered_text = rbytes(e, "CipheredText", ctx);
  return c;
}

void encode_ciphered(pugi::xml_node e, std::uint8_t tag, Ctx& ctx, Bytes& out) {
  only(e, {"SecurityControl", "InvocationCounter", "CipheredText", "Deciphered"});
  ap::CipheredApdu a;
  a.tag = static_cast<ap::CipheredApduTag>(tag);
  a.content = rciphered(e, ctx);
  encode(a, e, ctx, out);
}

template <class G>
void encode_general_glo_ded(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"SystemTitle", "SecurityControl", "InvocationCounter", "CipheredText", "Deciphered"});
  G a;
  a.system_title = rbytes(e, "SystemTitle", ctx);
  a.ciphered_content = rciphered(e, ctx);
  encode(a, e, ctx, out);
}

void encode_general_ciphering(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"TransactionId", "OriginatorSystemTitle", "RecipientSystemTitle", "DateTime", "OtherInformation",
           "KeyInfo", "SecurityControl", "InvocationCounter", "CipheredText"});
  ap::GeneralCiphering a;
  a.transaction_id = rbytes(e, "TransactionId", ctx);
  a.originator_system_title = rbytes(e, "OriginatorSystemTitle", ctx);
  a.recipient_system_title = rbytes(e, "RecipientSystemTitle", ctx);
  a.date_time = rbytes(e, "DateTime", ctx);
  a.other_information = rbytes(e, "OtherInformation", ctx);
  if (const pugi::xml_node k = optional_child(e, "KeyInfo")) {
    const pugi::xml_node c = only_child(k);
    const std::string_view kind = c.name();
    ap::KeyInfo info;
    if (kind == "IdentifiedKey") {
      only(c, {"KeyId"});
      info.kind = ap::KeyInfo::Kind::identified_key;
      info.key_id = r8(c, "KeyId");
    } else if (kind == "WrappedKey") {
      only(c, {"KekId", "KeyCipheredData"});
      info.kind = ap::KeyInfo::Kind::wrapped_key;
      info.key_id = r8(c, "KekId");
      info.key_ciphered_data = rbytes(c, "KeyCipheredData", ctx);
    } else if (kind == "AgreedKey") {
      only(c, {"KeyParameters", "KeyCipheredData"});
      info.kind = ap::KeyInfo::Kind::agreed_key;
      info.key_parameters = rbytes(c, "KeyParameters", ctx);
      info.key_ciphered_data = rbytes(c, "KeyCipheredData", ctx);
    } else {
      fail(c, "expected <IdentifiedKey>, <WrappedKey> or <AgreedKey>");
    }
    a.key_info = info;
  }
  a.ciphered_content = rciphered(e, ctx);
  encode(a, e, ctx, out);
}

// ---- SN ----

ap::VariableAccessSpecification rvariable_access(pugi::xml_node e, Ctx& ctx) {
  const std::string_view name = e.name();
  ap::VariableAccessSpecification v;
  if (name == "VariableName") {
    v.access = ap::VariableName{static_cast<std::uint16_t>(parse_uint_attr(e, "Value", 2))};
  } else if (name == "ParameterisedAccess") {
    only(e, {"VariableName", "Selector", "Parameter"});
    ap::ParameterizedAccess p;
    p.variable_name = r16(e, "VariableName");
    p.selector = r8(e, "Selector");
    p.parameter = rdata(e, "Parameter", ctx);
    v.access = p;
  } else if (name == "BlockNumberAccess") {
    only(e, {"BlockNumber"});
    v.access = ap::BlockNumberAccess{r16(e, "BlockNumber")};
  } else if (name == "ReadDataBlockAccess") {
    only(e, {"LastBlock", "BlockNumber", "RawData"});
    ap::ReadDataBlockAccess r;
    r.last_block = rbool(e, "LastBlock");
    r.block_number = r16(e, "BlockNumber");
    r.raw_data = rbytes(e, "RawData", ctx);
    v.access = r;
  } else if (name == "WriteDataBlockAccess") {
    only(e, {"LastBlock", "BlockNumber"});
    ap::WriteDataBlockAccess w;
    w.last_block = rbool(e, "LastBlock");
    w.block_number = r16(e, "BlockNumber");
    v.access = w;
  } else {
    fail(e, std::string("unknown variable access <") + e.name() + ">");
  }
  return v;
}

std::vector<ap::VariableAccessSpecification> rvariable_list(const std::vector<pugi::xml_node>& list,
                                                            Ctx& ctx) {
  std::vector<ap::VariableAccessSpecification> out;
  out.reserve(list.size());
  for (pugi::xml_node c : list) {
    out.push_back(rvariable_access(c, ctx));
  }
  return out;
}

std::vector<pugi::xml_node> own_items(pugi::xml_node e, const Ctx& ctx) {
  std::vector<pugi::xml_node> list = children(e);
  check_qty(e, list.size(), ctx);
  return list;
}

void encode_read_request(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  const auto list = rvariable_list(own_items(e, ctx), ctx);
  ap::ReadRequest a;
  a.variable_access_specification = ap::List<ap::VariableAccessSpecification>(list);
  encode(a, e, ctx, out);
}

void encode_read_response(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  std::vector<ap::ReadResult> list;
  for (pugi::xml_node c : own_items(e, ctx)) {
    const std::string_view name = c.name();
    ap::ReadResult r;
    if (name == "Data") {
      r.result = rdata(c, ctx);
    } else if (name == "DataAccessError") {
      r.result = rdar(c);
    } else if (name == "DataBlockResult") {
      only(c, {"LastBlock", "BlockNumber", "RawData"});
      ap::DataBlockResult b;
      b.last_block = rbool(c, "LastBlock");
      b.block_number = r16(c, "BlockNumber");
      b.raw_data = rbytes(c, "RawData", ctx);
      r.result = b;
    } else if (name == "BlockNumber") {
      r.result = ap::ReadBlockNumber{static_cast<std::uint16_t>(parse_uint_attr(c, "Value", 2))};
    } else {
      fail(c, std::string("unknown read result <") + c.name() + ">");
    }
    list.push_back(r);
  }
  ap::ReadResponse a;
  a.results = ap::List<ap::ReadResult>(list);
  encode(a, e, ctx, out);
}

template <class W>
void encode_write(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  only(e, {"ListOfVariableAccessSpecification", "ListOfData"});
  const auto vars = rvariable_list(items(e, "ListOfVariableAccessSpecification", ctx), ctx);
  const auto data = rdata_list(e, "ListOfData", ctx);
  W a;
  a.variable_access_specification = ap::List<ap::VariableAccessSpecification>(vars);
  a.list_of_data = ap::List<codec::DataView>(data);
  encode(a, e, ctx, out);
}

void encode_write_response(pugi::xml_node e, Ctx& ctx, Bytes& out) {
  std::vector<ap::WriteResult> list;
  for (pugi::xml_node c : own_items(e, ctx)) {
    const std::string_view name = c.name();
    ap::WriteResult r;
    if (name == "Success") {
      r.result = ap::WriteSuccess{};
    } else if (name == "DataAccessError") {
      r.result = rdar(c);
    } else if (name == "BlockNumber") {
      r.result = ap::WriteBlockNumber{static_cast<std::uint16_t>(parse_uint_attr(c, "Value", 2))};
    } else {
      fail(c, std::string("unknown write result <") + c.name() + ">");
    }
    list.push_back(r);
  }
  ap::WriteResponse a;
  a.results = ap::List<ap::WriteResult>(list);
  encode(a, e, ctx, out);
}

// ============================================================================================
// dispatch
// ============================================================================================

// Decodes exactly one whole APDU with apdu::decode_apdu and appends its element.
void decode_whole(ByteSpan bytes, pugi::xml_node parent, const Options& o) {
  if (bytes.empty()) {
    fail_at(0, "empty APDU");
  }
  std::size_t fault = 0;
  const Result<ap::Apdu> r = ap::decode_apdu(bytes, o.limits, &fault);
  if (!r) {
    if (r.error() == ap::xdlms_errc::unknown_apdu && fault == 0) {
      fail_at(0, "unknown APDU tag " + hex_uint(bytes[0], 2));
    }
    if (r.error() == ap::xdlms_errc::trailing_bytes) {
      fail_at(fault, "trailing bytes after the APDU");
    }
    if (r.error() == ap::xdlms_errc::apdu_too_large) {
      fail_at(fault, "APDU larger than " + std::to_string(o.limits.max_apdu_size) + " bytes");
    }
    fail_at(fault, r.error().message());
  }
  std::visit([&](const auto& apdu) { render(apdu, parent, o); }, *r);
}

// Nesting of APDUs inside user-information (an AARQ holding a glo-InitiateRequest ...).
constexpr std::size_t kMaxEmbedding = 2;

void encode_node(pugi::xml_node root, Ctx& ctx, Bytes& out, std::size_t depth) {
  const std::string_view name = root.name();
  if (name == "GetRequest") {
    encode_get_request(root, ctx, out);
  } else if (name == "GetResponse") {
    encode_get_response(root, ctx, out);
  } else if (name == "SetRequest") {
    encode_set_request(root, ctx, out);
  } else if (name == "SetResponse") {
    encode_set_response(root, ctx, out);
  } else if (name == "ActionRequest") {
    encode_action_request(root, ctx, out);
  } else if (name == "ActionResponse") {
    encode_action_response(root, ctx, out);
  } else if (name == "AssociationRequest") {
    encode_aarq(root, ctx, out, depth);
  } else if (name == "AssociationResponse") {
    encode_aare(root, ctx, out, depth);
  } else if (name == "ReleaseRequest") {
    encode_release<ap::Rlrq>(root, kReleaseRequestReasonNames, ctx, out, depth);
  } else if (name == "ReleaseResponse") {
    encode_release<ap::Rlre>(root, kReleaseResponseReasonNames, ctx, out, depth);
  } else if (name == "InitiateRequest") {
    encode_initiate_request(root, ctx, out);
  } else if (name == "InitiateResponse") {
    encode_initiate_response(root, ctx, out);
  } else if (name == "ConfirmedServiceError") {
    encode_confirmed_service_error(root, ctx, out);
  } else if (name == "ExceptionResponse") {
    encode_exception_response(root, ctx, out);
  } else if (name == "DataNotification") {
    encode_data_notification(root, ctx, out);
  } else if (name == "EventNotificationRequest") {
    encode_event_notification(root, ctx, out);
  } else if (name == "GeneralBlockTransfer") {
    encode_general_block_transfer(root, ctx, out);
  } else if (name == "GeneralGloCiphering") {
    encode_general_glo_ded<ap::GeneralGloCiphering>(root, ctx, out);
  } else if (name == "GeneralDedCiphering") {
    encode_general_glo_ded<ap::GeneralDedCiphering>(root, ctx, out);
  } else if (name == "GeneralCiphering") {
    encode_general_ciphering(root, ctx, out);
  } else if (name == "ReadRequest") {
    encode_read_request(root, ctx, out);
  } else if (name == "ReadResponse") {
    encode_read_response(root, ctx, out);
  } else if (name == "WriteRequest") {
    encode_write<ap::WriteRequest>(root, ctx, out);
  } else if (name == "UnconfirmedWriteRequest") {
    encode_write<ap::UnconfirmedWriteRequest>(root, ctx, out);
  } else if (name == "WriteResponse") {
    encode_write_response(root, ctx, out);
  } else {
    for (unsigned tag = 0; tag < 256; ++tag) {
      const std::string cname = ciphered_element_name(static_cast<std::uint8_t>(tag));
      if (!cname.empty() && cname == name) {
        encode_ciphered(root, static_cast<std::uint8_t>(tag), ctx, out);
        return;
      }
    }
    fail(root, std::string("unknown APDU element <") + root.name() + ">");
  }
}

std::optional<ByteSpan> ruser_information(pugi::xml_node n, std::initializer_list<const char*> fields,
                                          Ctx& ctx, std::size_t depth) {
  std::optional<ByteSpan> info;
  for (pugi::xml_node c : children(n)) {
    bool field = false;
    for (const char* f : fields) {
      field = field || std::string_view(c.name()) == f;
    }
    if (field) {
      continue;
    }
    if (info) {
      fail(c, "more than one user-information element");
    }
    if (std::string_view(c.name()) == "UserInformation") {
      info = rbytes(c, ctx);
    } else {
      if (depth >= kMaxEmbedding) {
        fail(c, "APDUs nested too deep");
      }
      Bytes inner;
      encode_node(c, ctx, inner, depth + 1);
      info = ctx.arena.keep(std::move(inner));
    }
  }
  return info;
}

void user_information(pugi::xml_node p, const std::optional<ByteSpan>& info, const Options& o) {
  if (!info) {
    return;
  }
  // Shown as the APDU it holds if that translates back to exactly these octets (to a bounded
  // depth: user-information may hold an APDU that holds user-information ...).
  thread_local std::size_t embedding = 0;
  struct Depth {
    Depth() { ++embedding; }
    ~Depth() { --embedding; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;
  } depth;
  if (embedding > kMaxEmbedding) {
    octets(p, "UserInformation", *info);
    return;
  }
  try {
    pugi::xml_document scratch;
    if (!info->empty()) {
      decode_whole(*info, scratch, o);
      const pugi::xml_node inner = scratch.document_element();
      Ctx ctx{Arena{}, o};
      Bytes again;
      encode_node(inner, ctx, again, kMaxEmbedding);
      if (again.size() == info->size() && std::equal(again.begin(), again.end(), info->begin())) {
        p.append_copy(inner);
        return;
      }
    }
  } catch (const ByteError&) {
  } catch (const NodeError&) {
  }
  octets(p, "UserInformation", *info);
}

}  // namespace

void pdu_to_node(ByteSpan apdu, pugi::xml_node parent, const Options& options) {
  decode_whole(apdu, parent, options);
}

void node_to_pdu(pugi::xml_node root, Bytes& out, const Options& options) {
  Ctx ctx{Arena{}, options};
  encode_node(root, ctx, out, 0);
  // What we produce must decode again (the encoders may accept what the decoders refuse).
  try {
    pugi::xml_document scratch;
    pdu_to_node(out, scratch, options);
  } catch (const ByteError& e) {
    fail(root, "the encoded APDU does not decode (" + e.what + " at byte " + std::to_string(e.offset) + ")");
  }
}

}  // namespace dlms::translator::detail
