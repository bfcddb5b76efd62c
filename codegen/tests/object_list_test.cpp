// The generated object lists at run time: small.xml (tests/data) and the SM307's
// meter_model/sm307/objects.xml, both generated at build time by dlms-codegen and compiled
// (which proves a valid XML gives a compiling list), built over a simulated meter.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "codegen/generator/catalogue.hpp"
#include "codegen/generator/reader.hpp"
#include "codegen/sm307/sm307_objects.hpp"
#include "codegen/small/small_objects.hpp"
#include "cosem_objects/association_ln.hpp"
#include "cosem_objects/profile_generic.hpp"
#include "meter_model/meter.hpp"
#include "stack/association/association_context.hpp"
#include "stack/codec/axdr_encoder.hpp"
#include "stack/codec/data_view.hpp"

namespace dlms::codegen {
namespace {

using apdu::DataAccessResult;
using apdu::ObisCode;
namespace access = association::access;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct MeterFixture : ::testing::Test {
  meter::ManualClock clock{meter::ms_from_civil(2025, 1, 1)};
  meter::Meter meter{clock, meter::Scenario::default_daily()};

  void run_for(meter::TimeMs dt) {
    clock.advance(dt);
    meter.run();
  }
};

// get() of a whole attribute, piece by piece as the server engine does.
std::vector<std::uint8_t> get_all(cosem::InterfaceClass& o, std::int8_t attribute,
                                  const server::RequestContext& ctx = {},
                                  DataAccessResult* result = nullptr) {
  std::vector<std::uint8_t> all;
  server::GetCursor cursor;
  for (int piece = 0; piece < 100000; ++piece) {
    std::array<std::uint8_t, 1024> buf{};
    ByteWriter w(buf);
    const DataAccessResult r = o.get(ctx, attribute, nullptr, cursor, w);
    if (result != nullptr) {
      *result = r;
    }
    if (r != DataAccessResult::success) {
      return {};
    }
    all.insert(all.end(), w.written().begin(), w.written().end());
    if (!cursor.more) {
      break;
    }
  }
  return all;
}

DataAccessResult set_value(cosem::InterfaceClass& o, std::int8_t attribute, std::vector<std::uint8_t> bytes) {
  auto v = codec::read_data_exact(bytes);
  EXPECT_TRUE(v.has_value());
  return o.set(server::RequestContext{}, attribute, nullptr, *v);
}

std::vector<std::uint8_t> u16(std::uint16_t v) {
  return {0x12, static_cast<std::uint8_t>(v >> 8U), static_cast<std::uint8_t>(v & 0xFFU)};
}

// ---------------------------------------------------------------- small.xml
using SmallList = MeterFixture;

TEST_F(SmallList, StaticValuesAndBindings) {
  auto list = codegen_test::build_small_objects(meter);
  ASSERT_EQ(list->logical_devices().size(), 1U);
  binding::LogicalDevice& ld = *list->logical_devices()[0];
  EXPECT_EQ(ld.sap(), 1);
  EXPECT_EQ(ld.objects().size(), codegen_test::kSmallObjectCount);
  EXPECT_TRUE(ld.unbound().empty());

  auto* ldn = ld.find(1, ObisCode{0, 0, 42, 0, 0, 255});
  ASSERT_NE(ldn, nullptr);
  const std::vector<std::uint8_t> want_ldn = {0x09, 0x10, 'T', 'S', 'T', '0', '0', '0', '0',
                                              '0',  '0',  '0', '0', '0', '0', '0', '0', '1'};
  EXPECT_EQ(get_all(*ldn, 2), want_ldn);

  run_for(3600 * 1000);
  // Voltage L1 in 0.01 V as long-unsigned (scaler -2).
  auto* v1 = ld.find(1, ObisCode{1, 0, 32, 7, 0, 255});
  ASSERT_NE(v1, nullptr);
  const auto v = get_all(*v1, 2);
  ASSERT_EQ(v.size(), 3U);
  EXPECT_EQ(v[0], 0x12);
  const double volts = meter.get("instantaneous.voltage.l1").get<double>();
  EXPECT_EQ((v[1] << 8U) | v[2], static_cast<int>(std::lround(volts * 100)));

  // clock.time as a date-time in an octet-string: 2025-01-01 01:00:00, Wednesday, deviation 0.
  auto* c = ld.find(1, ObisCode{0, 0, 1, 0, 0, 255});
  const std::vector<std::uint8_t> want_time = {0x09, 0x0C, 0x07, 0xE9, 0x01, 0x01, 0x03,
                                               0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(get_all(*c, 2), want_time);
}

TEST_F(SmallList, WritesAreValidatedByTheMeter) {
  auto list = codegen_test::build_small_objects(meter);
  binding::LogicalDevice& ld = *list->logical_devices()[0];
  auto* period = ld.find(1, ObisCode{1, 0, 0, 8, 0, 255});
  ASSERT_NE(period, nullptr);
  EXPECT_EQ(set_value(*period, 2, u16(1800)), DataAccessResult::success);
  EXPECT_EQ(meter.get("demand.period_s").get<int>(), 1800);
  EXPECT_EQ(set_value(*period, 2, u16(7)), DataAccessResult::other_reason);  // does not divide an hour
  EXPECT_EQ(set_value(*period, 2, {0x06, 0x00, 0x00, 0x03, 0x84}), DataAccessResult::type_unmatched);
  EXPECT_EQ(meter.get("demand.period_s").get<int>(), 1800);
  auto* tariff = ld.find(1, ObisCode{0, 0, 96, 14, 0, 255});
  EXPECT_EQ(set_value(*tariff, 2, {0x11, 0x02}), DataAccessResult::read_write_denied);
}

TEST_F(SmallList, AssociationsAreSortedWithTheirRights) {
  auto list = codegen_test::build_small_objects(meter);
  binding::LogicalDevice& ld = *list->logical_devices()[0];
  ASSERT_EQ(ld.associations().size(), 2U);
  const binding::AssociationConfig* pub = ld.association_for_client(16);
  ASSERT_NE(pub, nullptr);
  EXPECT_EQ(pub->mechanism, apdu::MechanismName::lowest_level_security);
  EXPECT_EQ(pub->entries.size(), 3U);
  EXPECT_TRUE(std::is_sorted(pub->entries.begin(), pub->entries.end(), association::object_order));
  const auto list_view = pub->object_list();
  const auto* v1 = list_view.find(1, ObisCode{1, 0, 32, 7, 0, 255});
  ASSERT_NE(v1, nullptr);
  EXPECT_EQ(v1->attribute_mode(1), access::kNone);  // rights="none", then attribute 2 "r"
  EXPECT_EQ(v1->attribute_mode(2), access::kRead);
  EXPECT_EQ(list_view.find(1, ObisCode{0, 0, 96, 14, 0, 255}), nullptr);

  const binding::AssociationConfig* mgmt = ld.association_for_client(1);
  ASSERT_NE(mgmt, nullptr);
  EXPECT_EQ(mgmt->mechanism, apdu::MechanismName::high_level_security_gmac);
  EXPECT_EQ(mgmt->required_protection, 0x6C);
  ASSERT_NE(mgmt->security_setup, nullptr);
  ASSERT_NE(mgmt->association_object, nullptr);
  EXPECT_EQ(mgmt->entries.size(), ld.objects().size());
  const auto* period = mgmt->object_list().find(1, ObisCode{1, 0, 0, 8, 0, 255});
  ASSERT_NE(period, nullptr);
  EXPECT_EQ(period->attribute_mode(2), 0x6F);  // rw + auth/enc request and response
}

// ---------------------------------------------------------------- SM307
// An association as the Association LN object sees it: only its object list matters here.
class FakeAssociation final : public association::AssociationContext {
 public:
  explicit FakeAssociation(association::AssociationObjectList list) : list_(list) {}
  [[nodiscard]] association::AssociationStatus status() const noexcept override {
    return association::AssociationStatus::associated;
  }
  [[nodiscard]] const association::NegotiatedContext& negotiated() const noexcept override {
    return negotiated_;
  }
  [[nodiscard]] const association::AssociationObjectList& object_list() const noexcept override {
    return list_;
  }
  [[nodiscard]] ByteSpan client_system_title() const noexcept override { return {}; }
  [[nodiscard]] ByteSpan server_system_title() const noexcept override { return {}; }
  apdu::ActionResult reply_to_hls_authentication(ByteSpan, ByteWriter&) override {
    return apdu::ActionResult::other_reason;
  }
  apdu::ActionResult change_hls_secret(ByteSpan) override { return apdu::ActionResult::other_reason; }
  apdu::DataAccessResult set_lls_secret(ByteSpan) override { return apdu::DataAccessResult::other_reason; }

 private:
  association::AssociationObjectList list_;
  association::NegotiatedContext negotiated_{};
};

struct ListedObject {
  std::uint16_t class_id = 0;
  std::uint8_t version = 0;
  ObisCode obis;
  std::vector<std::uint8_t> attributes;  // mode of attribute i + 1
  std::vector<std::uint8_t> methods;
};

// Decodes Association LN attribute 2 (Blue Book 4.4.3 object_list_element).
std::vector<ListedObject> decode_object_list(const std::vector<std::uint8_t>& bytes) {
  std::vector<ListedObject> out;
  auto v = codec::read_data_exact(bytes);
  EXPECT_TRUE(v.has_value());
  if (!v) return out;
  EXPECT_EQ(v->type(), codec::DataType::array);
  for (const codec::DataView e : v->elements()) {
    ListedObject o;
    std::vector<codec::DataView> f(e.elements().begin(), e.elements().end());
    EXPECT_EQ(f.size(), 4U);
    if (f.size() != 4) return out;
    o.class_id = *f[0].as<std::uint16_t>();
    o.version = *f[1].as<std::uint8_t>();
    const auto ln = *f[2].as_octets();
    std::copy(ln.begin(), ln.end(), o.obis.bytes.begin());
    std::vector<codec::DataView> rights(f[3].elements().begin(), f[3].elements().end());
    EXPECT_EQ(rights.size(), 2U);
    std::uint8_t expected_id = 1;
    for (const codec::DataView a : rights[0].elements()) {
      std::vector<codec::DataView> x(a.elements().begin(), a.elements().end());
      EXPECT_EQ(*x[0].as<int>(), expected_id++);
      o.attributes.push_back(*x[1].as_enum());
    }
    expected_id = 1;
    for (const codec::DataView m : rights[1].elements()) {
      std::vector<codec::DataView> x(m.elements().begin(), m.elements().end());
      EXPECT_EQ(*x[0].as<int>(), expected_id++);
      o.methods.push_back(*x[1].as_enum());
    }
    out.push_back(o);
  }
  return out;
}

struct Sm307 : MeterFixture {
  std::unique_ptr<sm307::Sm307ObjectList> list = sm307::build_sm307_objects(meter);
  binding::LogicalDevice& ld = *list->logical_devices()[0];

  Model model() {
    std::string error;
    const auto cat =
        Catalogue::parse(read_text(std::string(DLMS_SOURCE_DIR) + "/meter_model/quantities.json"), error);
    Diagnostics diag("objects.xml");
    Model m = read_object_list(read_text(std::string(DLMS_SOURCE_DIR) + "/meter_model/sm307/objects.xml"),
                               *cat, diag);
    EXPECT_TRUE(diag.ok());
    return m;
  }
  cosem::InterfaceClass& object(const ObisCode& code) {
    auto* o = ld.find(code);
    EXPECT_NE(o, nullptr) << code.to_string();
    return *o;
  }
};

TEST_F(Sm307, EveryObjectOfTheXmlIsBuiltAndBound) {
  const Model m = model();
  ASSERT_EQ(m.devices.size(), 1U);
  EXPECT_EQ(ld.sap(), m.devices[0].sap);
  EXPECT_EQ(ld.objects().size(), m.devices[0].objects.size());
  EXPECT_EQ(ld.objects().size(), sm307::kSm307ObjectCount);
  for (const auto& o : m.devices[0].objects) {
    const auto* built = ld.find(o.class_id, o.obis);
    ASSERT_NE(built, nullptr) << o.obis.to_string();
    EXPECT_EQ(built->version(), o.version) << o.obis.to_string();
  }
  // Every binding of the XML is made (the activity calendar, the special days table and the
  // display lists included).
  EXPECT_EQ(ld.unbound(), std::vector<std::string>{});
  EXPECT_GE(ld.objects().size(), 260U);
}

// Issue #6 "must show": Association LN attribute 2 of each association lists every object of
// its XML object list with class, version, OBIS and access rights.
TEST_F(Sm307, AssociationObjectListsMatchTheXml) {
  const Model m = model();
  ASSERT_EQ(m.devices[0].associations.size(), 3U);
  for (const auto& xa : m.devices[0].associations) {
    SCOPED_TRACE(xa.name);
    const binding::AssociationConfig* a = ld.association_for_client(xa.client_sap);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(a->mechanism, xa.mechanism);
    ASSERT_NE(a->association_object, nullptr);
    EXPECT_TRUE(std::is_sorted(a->entries.begin(), a->entries.end(), association::object_order));
    FakeAssociation fake(a->object_list());

    // Through the current association object 0.0.40.0.0.255 and through the association's
    // own object tied to it: the same list.
    server::RequestContext ctx;
    ctx.association = &fake;
    const auto via_current = get_all(object(ObisCode{0, 0, 40, 0, 0, 255}), 2, ctx);
    auto& own = static_cast<cosem::AssociationLn&>(*a->association_object);
    own.describe(&fake);
    const auto via_own = get_all(own, 2);
    own.describe(nullptr);
    EXPECT_EQ(via_current, via_own);
    const auto listed = decode_object_list(via_current);

    std::map<std::vector<std::uint8_t>, const ListedObject*> by_name;
    for (const auto& l : listed) {
      by_name[std::vector<std::uint8_t>(l.obis.bytes.begin(), l.obis.bytes.end())] = &l;
    }
    ASSERT_EQ(listed.size(), xa.entries.size());
    ASSERT_EQ(by_name.size(), listed.size());
    for (const auto& e : xa.entries) {
      const Object& xo = m.devices[0].objects[e.object_index];
      const auto it = by_name.find(std::vector<std::uint8_t>(xo.obis.bytes.begin(), xo.obis.bytes.end()));
      ASSERT_NE(it, by_name.end()) << xo.obis.to_string();
      const ListedObject& l = *it->second;
      EXPECT_EQ(l.class_id, xo.class_id) << xo.obis.to_string();
      EXPECT_EQ(l.version, xo.version) << xo.obis.to_string();
      EXPECT_EQ(l.attributes, e.attribute_access) << xo.obis.to_string();
      EXPECT_EQ(l.methods, e.method_access) << xo.obis.to_string();
    }
  }
  // The public client sees exactly the clock, the logical device name, its object list, the
  // invocation counter 0.0.43.1.0.255 and the four energy totals, read only.
  const binding::AssociationConfig* pub = ld.association_for_client(16);
  ASSERT_EQ(pub->entries.size(), 8U);
  for (const auto& e : pub->entries) {
    for (std::size_t i = 0; i < e.attribute_access.size(); ++i) {
      EXPECT_EQ(e.attribute_access[i] & access::kWrite, 0) << e.logical_name.to_string();
    }
    for (const auto mode : e.method_access) {
      EXPECT_EQ(mode, access::kNone) << e.logical_name.to_string();
    }
  }
  // The reader reads everything readable and writes nothing; the management client needs
  // authenticated and encrypted requests for everything.
  const binding::AssociationConfig* reader = ld.association_for_client(32);
  EXPECT_EQ(reader->mechanism, apdu::MechanismName::low_level_security);
  EXPECT_EQ(reader->entries.size(), ld.objects().size());
  const binding::AssociationConfig* mgmt = ld.association_for_client(1);
  EXPECT_EQ(mgmt->required_protection, access::kAuthenticatedRequest | access::kEncryptedRequest |
                                           access::kAuthenticatedResponse | access::kEncryptedResponse);
  const auto* threshold = mgmt->object_list().find(3, ObisCode{1, 0, 12, 31, 0, 255});
  ASSERT_NE(threshold, nullptr);
  EXPECT_EQ(threshold->attribute_mode(2) & access::kReadWrite, access::kReadWrite);
}

TEST_F(Sm307, RegistersFollowTheMeter) {
  run_for(2 * 3600 * 1000);
  auto& ap = object(ObisCode{1, 0, 1, 8, 0, 255});
  const auto scaler_unit = get_all(ap, 3);
  EXPECT_EQ(scaler_unit, (std::vector<std::uint8_t>{0x02, 0x02, 0x0F, 0x00, 0x16, 0x1E}));
  const auto v = get_all(ap, 2);
  ASSERT_EQ(v.size(), 5U);
  EXPECT_EQ(v[0], 0x06);
  const std::uint32_t wh =
      (std::uint32_t{v[1]} << 24U) | (std::uint32_t{v[2]} << 16U) | (std::uint32_t{v[3]} << 8U) | v[4];
  EXPECT_EQ(wh,
            static_cast<std::uint32_t>(std::llround(meter.get("energy.active_import.total").get<double>())));
  EXPECT_GT(wh, 0U);

  // The Clock shows the meter's time (local = UTC here: time_zone 0, DST rule not yet active).
  const auto t = get_all(object(ObisCode{0, 0, 1, 0, 0, 255}), 2);
  ASSERT_EQ(t.size(), 14U);
  EXPECT_EQ(std::vector<std::uint8_t>(t.begin(), t.begin() + 10),
            (std::vector<std::uint8_t>{0x09, 0x0C, 0x07, 0xE9, 0x01, 0x01, 0x03, 0x02, 0x00, 0x00}));
}

TEST_F(Sm307, LoadProfileBufferComesFromTheMeter) {
  run_for(3600 * 1000);
  auto& lp = object(ObisCode{1, 0, 99, 1, 0, 255});
  ASSERT_EQ(meter.load_profile().size(), 4U);
  EXPECT_EQ(get_all(lp, 7), (std::vector<std::uint8_t>{0x06, 0x00, 0x00, 0x00, 0x04}));
  EXPECT_EQ(get_all(lp, 8), (std::vector<std::uint8_t>{0x06, 0x00, 0x00, 0x25, 0x80}));
  const auto buffer = get_all(lp, 2);
  auto v = codec::read_data_exact(buffer);
  ASSERT_TRUE(v.has_value());
  ASSERT_EQ(v->size(), 4U);
  const codec::DataView last = *v->at(3);
  ASSERT_EQ(last.size(), 18U);  // clock, status, 16 channels
  EXPECT_EQ(last.at(0)->type(), codec::DataType::octet_string);
  EXPECT_EQ(last.at(1)->type(), codec::DataType::unsigned_);
  // Channel 1 (+A total, Wh, double-long-unsigned) as the register renders it.
  const auto& entry = meter.load_profile().back();
  EXPECT_EQ(*last.at(2)->as<std::uint32_t>(), static_cast<std::uint32_t>(std::llround(entry.values[0])));
  // Channel 9 (voltage L1, 0.01 V).
  EXPECT_EQ(*last.at(10)->as<std::uint16_t>(),
            static_cast<std::uint16_t>(std::lround(entry.values[8] * 100)));
}

TEST_F(Sm307, BillingScriptDisconnectAndEventLogs) {
  run_for(3600 * 1000);
  // End-of-billing script table, script 1: a remote billing reset.
  auto& script = object(ObisCode{0, 0, 10, 0, 1, 255});
  const std::vector<std::uint8_t> one = {0x12, 0x00, 0x01};
  const auto param = codec::read_data_exact(one);
  std::array<std::uint8_t, 64> ret{};
  ByteWriter rw(ret);
  EXPECT_EQ(script.invoke(server::RequestContext{}, 1, &*param, rw).result, apdu::ActionResult::success);
  EXPECT_EQ(meter.billing_counter(), 1);
  auto& billing = object(ObisCode{0, 0, 98, 1, 0, 255});
  EXPECT_EQ(get_all(billing, 7), (std::vector<std::uint8_t>{0x06, 0x00, 0x00, 0x00, 0x01}));
  {
    auto& pg = static_cast<cosem::ProfileGeneric&>(billing);
    for (std::size_t c = 0; c < pg.capture_objects().size(); ++c) {
      std::array<std::uint8_t, 64> b{};
      ByteWriter w(b);
      EXPECT_TRUE(pg.source().encode_value(pg.source().first_sequence(), c, w)) << "column " << c;
    }
  }
  DataAccessResult billing_result{};
  const auto billing_bytes = get_all(billing, 2, {}, &billing_result);
  auto entries = codec::read_data_exact(billing_bytes);
  EXPECT_EQ(billing_result, DataAccessResult::success);
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 1U);
  const codec::DataView row = *entries->at(0);
  EXPECT_EQ(*row.at(1)->as<int>(), 1);  // billing counter column
  // +A total column: the billing snapshot (mJ) in Wh.
  const double wh =
      meter.billing_history().back().values["energy.active_import.total"].get<double>() / 3'600'000.0;
  EXPECT_EQ(*row.at(2)->as<std::uint32_t>(), static_cast<std::uint32_t>(std::llround(wh)));

  // Disconnect control: remote disconnect through the class (mode from the meter) -> the relay.
  auto& dc = object(ObisCode{0, 0, 96, 3, 10, 255});
  // control_mode is the meter's (attribute 4 writes through the actuator).
  EXPECT_EQ(set_value(dc, 4, {0x16, 0x01}), DataAccessResult::success);
  EXPECT_EQ(meter.get("relay.control_mode").get<int>(), 1);
  EXPECT_EQ(get_all(dc, 4), (std::vector<std::uint8_t>{0x16, 0x01}));
  EXPECT_EQ(get_all(dc, 3), (std::vector<std::uint8_t>{0x16, 0x01}));  // connected
  const std::vector<std::uint8_t> zero = {0x0F, 0x00};
  const auto p0 = codec::read_data_exact(zero);
  ByteWriter rw2(ret);
  EXPECT_EQ(dc.invoke(server::RequestContext{}, 1, &*p0, rw2).result, apdu::ActionResult::success);
  EXPECT_EQ(meter.relay_state(), meter::RelayState::kDisconnected);
  EXPECT_EQ(get_all(dc, 2), (std::vector<std::uint8_t>{0x03, 0x00}));

  // The disconnector event log holds the remote disconnection (IDIS event 62).
  auto& log = object(ObisCode{0, 0, 99, 98, 2, 255});
  const auto event_bytes = get_all(log, 2);
  auto events = codec::read_data_exact(event_bytes);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), meter.event_log(meter::EventLog::kDisconnector).size());
  ASSERT_GE(events->size(), 1U);
  const codec::DataView last = *events->at(events->size() - 1);
  EXPECT_EQ(*last.at(1)->as<int>(), meter::event::kRemoteDisconnection);
}

TEST_F(Sm307, FirmwareUpgradeThroughImageTransfer) {
  auto& it = object(ObisCode{0, 0, 44, 0, 0, 255});
  EXPECT_EQ(get_all(it, 2), (std::vector<std::uint8_t>{0x06, 0x00, 0x00, 0x01, 0x00}));  // 256-octet blocks
  auto call = [&](std::int8_t method, const std::vector<std::uint8_t>& param) {
    const auto p = codec::read_data_exact(param);
    EXPECT_TRUE(p.has_value());
    std::array<std::uint8_t, 64> ret{};
    ByteWriter w(ret);
    return it.invoke(server::RequestContext{}, method, &*p, w).result;
  };
  // image_transfer_initiate { identifier "SM307-2.0.0", size 300 }
  std::vector<std::uint8_t> init = {0x02, 0x02, 0x09, 0x0B};
  for (const char c : std::string("SM307-2.0.0")) init.push_back(static_cast<std::uint8_t>(c));
  for (const std::uint8_t b : {0x06, 0x00, 0x00, 0x01, 0x2C}) init.push_back(b);
  ASSERT_EQ(call(1, init), apdu::ActionResult::success);
  for (std::uint32_t block = 0; block < 2; ++block) {
    const std::size_t n = block == 0 ? 256 : 44;
    std::vector<std::uint8_t> b = {0x02, 0x02, 0x06, 0x00, 0x00, 0x00, static_cast<std::uint8_t>(block),
                                   0x09};
    if (n < 0x80) {
      b.push_back(static_cast<std::uint8_t>(n));
    } else {
      b.insert(b.end(), {0x82, static_cast<std::uint8_t>(n >> 8U), static_cast<std::uint8_t>(n & 0xFFU)});
    }
    for (std::size_t i = 0; i < n; ++i) b.push_back(static_cast<std::uint8_t>(i * 7 + block));
    ASSERT_EQ(call(2, b), apdu::ActionResult::success) << block;
  }
  ASSERT_EQ(call(3, {0x0F, 0x00}), apdu::ActionResult::success);
  EXPECT_EQ(meter.get("firmware.image_status"), "verified");
  ASSERT_EQ(call(4, {0x0F, 0x00}), apdu::ActionResult::success);
  EXPECT_EQ(meter.firmware_version(), "SM307-2.0.0");
}

}  // namespace
}  // namespace dlms::codegen
