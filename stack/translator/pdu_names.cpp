// Value names of the translator's XML (the names common DLMS tools print; see README.md).
#include "stack/translator/pdu_names.hpp"

#include <array>
#include <cctype>
#include <string_view>

#include "stack/translator/detail.hpp"

namespace dlms::translator::detail {

namespace {

bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Data-Access-Result (Green Book xDLMS ASN.1).
constexpr std::array<Named, 16> kDataAccessResult{{{0, "Success"},
                                                   {1, "HardwareFault"},
                                                   {2, "TemporaryFailure"},
                                                   {3, "ReadWriteDenied"},
                                                   {4, "UndefinedObject"},
                                                   {9, "InconsistentClass"},
                                                   {11, "UnavailableObject"},
                                                   {12, "UnmatchedType"},
                                                   {13, "AccessViolated"},
                                                   {14, "DataBlockUnavailable"},
                                                   {15, "LongGetOrReadAborted"},
                                                   {16, "NoLongGetOrReadInProgress"},
                                                   {17, "LongSetOrWriteAborted"},
                                                   {18, "NoLongSetOrWriteInProgress"},
                                                   {19, "DataBlockNumberInvalid"},
                                                   {250, "OtherReason"}}};

// Action-Result: Data-Access-Result's names for 0..14 and 250, its own for 15 and 16.
constexpr std::array<Named, 13> kActionResult = [] {
  std::array<Named, 13> t{};
  constexpr std::size_t kShared = 10;  // Success .. DataBlockUnavailable
  for (std::size_t i = 0; i < kShared; ++i) {
    t[i] = kDataAccessResult[i];
  }
  t[kShared] = {15, "LongActionAborted"};
  t[kShared + 1] = {16, "NoLongActionInProgress"};
  t[kShared + 2] = kDataAccessResult.back();  // OtherReason
  return t;
}();
static_assert(kActionResult[9].value == 14 && kActionResult[12].value == 250);

// Conformance bits 0..23.
constexpr std::array<Named, 24> kConformanceBits{{{0, "ReservedZero"},
                                                  {1, "GeneralProtection"},
                                                  {2, "GeneralBlockTransfer"},
                                                  {3, "Read"},
                                                  {4, "Write"},
                                                  {5, "UnconfirmedWrite"},
                                                  {6, "DeltaValueEncoding"},
                                                  {7, "ReservedSeven"},
                                                  {8, "Attribute0SupportedWithSet"},
                                                  {9, "PriorityMgmtSupported"},
                                                  {10, "Attribute0SupportedWithGet"},
                                                  {11, "BlockTransferWithGetOrRead"},
                                                  {12, "BlockTransferWithSetOrWrite"},
                                                  {13, "BlockTransferWithAction"},
                                                  {14, "MultipleReferences"},
                                                  {15, "InformationReport"},
                                                  {16, "DataNotification"},
                                                  {17, "Access"},
                                                  {18, "ParameterizedAccess"},
                                                  {19, "Get"},
                                                  {20, "Set"},
                                                  {21, "SelectiveAccess"},
                                                  {22, "EventNotification"},
                                                  {23, "Action"}}};

// Application context names 2.16.756.5.8.1.x.
constexpr std::array<Named, 4> kApplicationContext{
    {{1, "LN"}, {2, "SN"}, {3, "LN_WITH_CIPHERING"}, {4, "SN_WITH_CIPHERING"}}};

// Authentication mechanism names 2.16.756.5.8.2.x.
constexpr std::array<Named, 8> kMechanism{{{0, "None"},
                                           {1, "Low"},
                                           {2, "High"},
                                           {3, "HighMD5"},
                                           {4, "HighSHA1"},
                                           {5, "HighGMAC"},
                                           {6, "HighSHA256"},
                                           {7, "HighECDSA"}}};

constexpr std::array<Named, 3> kReleaseRequestReason{{{0, "Normal"}, {1, "Urgent"}, {30, "UserDefined"}}};
constexpr std::array<Named, 3> kReleaseResponseReason{
    {{0, "Normal"}, {1, "NotFinished"}, {30, "UserDefined"}}};

constexpr std::array<Named, 2> kStateError{{{1, "ServiceNotAllowed"}, {2, "ServiceUnknown"}}};
constexpr std::array<Named, 6> kExceptionServiceError{{{1, "OperationNotPossible"},
                                                       {2, "ServiceNotSupported"},
                                                       {3, "OtherReason"},
                                                       {4, "PduTooLong"},
                                                       {5, "DecipheringError"},
                                                       {6, "InvocationCounterError"}}};

constexpr std::array<Named, 19> kConfirmedService{{{1, "InitiateError"},
                                                   {2, "GetStatus"},
                                                   {3, "GetNameList"},
                                                   {4, "GetVariableAttribute"},
                                                   {5, "Read"},
                                                   {6, "Write"},
                                                   {7, "GetDataSetAttribute"},
                                                   {8, "GetTIAttribute"},
                                                   {9, "ChangeScope"},
                                                   {10, "Start"},
                                                   {11, "Stop"},
                                                   {12, "Resume"},
                                                   {13, "MakeUsable"},
                                                   {14, "InitiateLoad"},
                                                   {15, "LoadSegment"},
                                                   {16, "TerminateLoad"},
                                                   {17, "InitiateUpLoad"},
                                                   {18, "UpLoadSegment"},
                                                   {19, "TerminateUpLoad"}}};

constexpr std::array<Named, 11> kServiceError{{{0, "ApplicationReference"},
                                               {1, "HardwareResource"},
                                               {2, "VdeStateError"},
                                               {3, "Service"},
                                               {4, "Definition"},
                                               {5, "Access"},
                                               {6, "Initiate"},
                                               {7, "LoadDataSet"},
                                               {8, "ChangeScope"},
                                               {9, "Task"},
                                               {10, "Other"}}};

constexpr std::array<Named, 7> kApplicationReference{{{0, "Other"},
                                                      {1, "TimeElapsed"},
                                                      {2, "ApplicationUnreachable"},
                                                      {3, "ApplicationReferenceInvalid"},
                                                      {4, "ApplicationContextUnsupported"},
                                                      {5, "ProviderCommunicationError"},
                                                      {6, "DecipheringError"}}};
constexpr std::array<Named, 5> kHardwareResource{{{0, "Other"},
                                                  {1, "MemoryUnavailable"},
                                                  {2, "ProcessorResourceUnavailable"},
                                                  {3, "MassStorageUnavailable"},
                                                  {4, "OtherResourceUnavailable"}}};
constexpr std::array<Named, 5> kVdeState{{{0, "Other"},
                                          {1, "NoDlmsContext"},
                                          {2, "LoadingDataSet"},
                                          {3, "StatusNochange"},
                                          {4, "StatusInoperable"}}};
constexpr std::array<Named, 3> kService{{{0, "Other"}, {1, "PduSize"}, {2, "ServiceUnsupported"}}};
constexpr std::array<Named, 4> kDefinition{{{0, "Other"},
                                            {1, "ObjectUndefined"},
                                            {2, "ObjectClassInconsistent"},
                                            {3, "ObjectAttributeInconsistent"}}};
constexpr std::array<Named, 5> kAccess{{{0, "Other"},
                                        {1, "ScopeOfAccessViolated"},
                                        {2, "ObjectAccessInvalid"},
                                        {3, "HardwareFault"},
                                        {4, "ObjectUnavailable"}}};
constexpr std::array<Named, 5> kInitiate{{{0, "Other"},
                                          {1, "DlmsVersionTooLow"},
                                          {2, "IncompatibleConformance"},
                                          {3, "PduSizeTooShort"},
                                          {4, "RefusedByTheVDEHandler"}}};
constexpr std::array<Named, 8> kLoadDataSet{{{0, "Other"},
                                             {1, "PrimitiveOutOfSequence"},
                                             {2, "NotLoadable"},
                                             {3, "DatasetSizeTooLarge"},
                                             {4, "NotAwaitedSegment"},
                                             {5, "InterpretationFailure"},
                                             {6, "StorageFailure"},
                                             {7, "DataSetNotReady"}}};
constexpr std::array<Named, 5> kTask{
    {{0, "Other"}, {1, "NoRemoteControl"}, {2, "tiStopped"}, {3, "tiRunning"}, {4, "tiUnusable"}}};
constexpr std::array<Named, 1> kOnlyOther{{{0, "Other"}}};

}  // namespace

const NameTable kDataAccessResultNames(kDataAccessResult);
const NameTable kActionResultNames(kActionResult);
const NameTable kConformanceBitNames(kConformanceBits);
const NameTable kApplicationContextNames(kApplicationContext);
const NameTable kMechanismNames(kMechanism);
const NameTable kReleaseRequestReasonNames(kReleaseRequestReason);
const NameTable kReleaseResponseReasonNames(kReleaseResponseReason);
const NameTable kStateErrorNames(kStateError);
const NameTable kExceptionServiceErrorNames(kExceptionServiceError);
const NameTable kConfirmedServiceNames(kConfirmedService);
const NameTable kServiceErrorNames(kServiceError);

NameTable service_error_values(std::uint8_t choice) {
  switch (choice) {
    case 0: return kApplicationReference;
    case 1: return kHardwareResource;
    case 2: return kVdeState;
    case 3: return kService;
    case 4: return kDefinition;
    case 5: return kAccess;
    case 6: return kInitiate;
    case 7: return kLoadDataSet;
    case 9: return kTask;
    default: return kOnlyOther;
  }
}

std::string name_of(NameTable table, std::uint8_t value) {
  for (const Named& n : table) {
    if (n.value == value) {
      return n.name;
    }
  }
  return hex_uint(value, 2);
}

std::uint8_t value_of(NameTable table, pugi::xml_node node, const char* attr_name) {
  const std::string_view text = attr(node, attr_name);
  for (const Named& n : table) {
    if (same(text, n.name)) {
      return n.value;
    }
  }
  return static_cast<std::uint8_t>(parse_uint_attr(node, attr_name, 1));
}

}  // namespace dlms::translator::detail
