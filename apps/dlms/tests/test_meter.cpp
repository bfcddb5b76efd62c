#include "apps/dlms/tests/test_meter.hpp"

#include <string>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "stack/server/testing/green_book_security.hpp"
#include "stack/server/testing/object_entry.hpp"

namespace dlms::cli::test {
namespace {

namespace access = association::access;

std::vector<std::uint8_t> hex(const std::string& text) { return from_hex(text).value(); }

}  // namespace

association::ObjectAccessRights TestMeter::entry(server::CosemObject& o, std::vector<std::uint8_t> attributes,
                                                 std::vector<std::uint8_t> methods) {
  // The rights are spans: their octets live in modes_ (moving a vector keeps its buffer).
  modes_.push_back(std::move(attributes));
  const std::span<const std::uint8_t> a(modes_.back());
  modes_.push_back(std::move(methods));
  return server::test_support::object_entry(o, a, modes_.back());
}

namespace {

// capture_object_definition ::= structure { class_id, logical_name, attribute_index, data_index }
std::string capture_definition(std::uint16_t class_id, const apdu::ObisCode& ln, int attribute) {
  std::vector<std::uint8_t> b{
      0x02, 0x04, 0x12, static_cast<std::uint8_t>(class_id >> 8U), static_cast<std::uint8_t>(class_id),
      0x09, 0x06};
  b.insert(b.end(), ln.bytes.begin(), ln.bytes.end());
  b.insert(b.end(), {0x0F, static_cast<std::uint8_t>(attribute), 0x12, 0x00, 0x00});
  return to_hex(b, ' ');
}

}  // namespace

TestMeter::TestMeter() {
  clock.set_source(&clock_source);
  (void)energy.set_static(2, hex("06 00 00 04 D2"));
  (void)energy.set_static(3, hex("02 02 0F 00 16 1E"));  // scaler 0, unit Wh
  (void)device_name.set_static(2, hex("09 08 53 4D 33 30 37 30 30 31"));
  std::string defs = "01 10 " + capture_definition(8, clock.logical_name(), 2) + " " +
                     capture_definition(3, energy.logical_name(), 2);
  for (std::uint8_t c = 2; c < kColumns; ++c) {
    defs += " " + capture_definition(1, apdu::ObisCode(0, 0, 96, 1, c, 255), 2);
  }
  (void)profile.set_static(3, hex(defs));
  (void)profile.set_static(4, hex("06 00 00 03 84"));
  profile.bind_source(&rows);

  EXPECT_TRUE(server::test_support::use_green_book_keys(security_, server::test_support::kTitle000001));

  std::vector<std::uint8_t> read9(11, access::kRead);
  read9[6] = access::kNone;  // secret
  public_list_ = {entry(clock,
                        {access::kRead, access::kRead, access::kRead, access::kRead, access::kRead,
                         access::kRead, access::kRead, access::kRead, access::kRead},
                        std::vector<std::uint8_t>(6, access::kNone)),
                  entry(energy, {access::kRead, access::kRead, access::kRead}, {access::kNone}),
                  entry(association, read9, std::vector<std::uint8_t>(6, access::kNone))};
  const std::uint8_t rw = access::kReadWrite;
  full_list_ = {
      entry(clock, {access::kRead, rw, rw, access::kRead, rw, rw, rw, rw, access::kRead},
            std::vector<std::uint8_t>(6, access::kAccess)),
      entry(energy, {access::kRead, rw, access::kRead}, {access::kAccess}),
      entry(device_name, {access::kRead, rw}, {}),
      entry(association, read9,
            {access::kAccess, access::kAccess, access::kNone, access::kNone, access::kNone, access::kNone}),
      entry(profile, std::vector<std::uint8_t>(8, access::kRead), {access::kAccess, access::kAccess})};
  association::sort_object_list(public_list_);
  association::sort_object_list(full_list_);
  for (association::AssociationConfig& c : configs_) {
    c.conformance = apdu::ConformanceBlock::from_u32(0x007E1F);
    c.max_receive_pdu_size = 4096;
  }
  configs_[0].client_sap = kPublic;
  configs_[0].objects = association::AssociationObjectList(public_list_);
  configs_[1].client_sap = kReader;
  configs_[1].mechanism = apdu::MechanismName::low_level_security;
  configs_[1].secret.assign(hex("3132333435363738"));
  configs_[1].objects = association::AssociationObjectList(full_list_);
  configs_[2].client_sap = kManagement;
  configs_[2].mechanism = apdu::MechanismName::high_level_security_gmac;
  configs_[2].application_contexts =
      association::context_bit(apdu::ApplicationContextName::logical_name_with_ciphering);
  configs_[2].security = &security_;
  configs_[2].objects = association::AssociationObjectList(full_list_);
  device_.server_sap = 1;
  device_.associations = configs_;

  const auto loopback = boost::asio::ip::address_v4::loopback();
  wrapper_ = std::make_unique<transport::TcpServer>(
      io_, boost::asio::ip::tcp::endpoint(loopback, 0),
      [] { return std::make_unique<transport::WrapperProtocol>(transport::Role::server, 65535); }, sessions_);
  hdlc_ = std::make_unique<transport::TcpServer>(
      io_, boost::asio::ip::tcp::endpoint(loopback, 0),
      [] {
        hdlc::HdlcServerConfig c;
        c.inter_octet_timeout = hdlc::HdlcDuration{0};
        c.max_apdu_size = 4200;
        return std::make_unique<transport::HdlcServerProtocol>(c);
      },
      sessions_);
  wrapper_->start();
  hdlc_->start();
  wrapper_port_ = wrapper_->local_endpoint().port();
  hdlc_port_ = hdlc_->local_endpoint().port();
  thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
}

TestMeter::~TestMeter() {
  wrapper_->stop();
  hdlc_->stop();
  io_.stop();
  thread_.join();
  wrapper_.reset();
  hdlc_.reset();
}

}  // namespace dlms::cli::test
