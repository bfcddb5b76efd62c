// StreamConnection: the idle time-out counts from the last activity, and the operation memory
// of a connection comes from its HandlerMemory.
#include "transports/asio/stream_connection.hpp"

#include <chrono>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "stack/core/hex.hpp"
#include "transports/asio/handler_memory.hpp"
#include "transports/asio/tcp.hpp"
#include "transports/asio/tests/test_handlers.hpp"
#include "transports/asio/wrapper_protocol.hpp"

namespace dlms::transport {
namespace {

using boost::asio::ip::tcp;
using namespace std::chrono_literals;

TEST(HandlerMemory, ServesBlocksThenFallsBackToTheHeap) {
  HandlerMemory memory;
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < HandlerMemory::kBlocks; ++i) {
    blocks.push_back(memory.allocate(HandlerMemory::kBlockSize));
  }
  EXPECT_EQ(memory.blocks_in_use(), HandlerMemory::kBlocks);
  void* extra = memory.allocate(16);  // every block taken: from the heap
  void* big = memory.allocate(HandlerMemory::kBlockSize + 1);
  EXPECT_EQ(memory.blocks_in_use(), HandlerMemory::kBlocks);
  memory.deallocate(extra);
  memory.deallocate(big);
  memory.deallocate(blocks[3]);
  EXPECT_EQ(memory.blocks_in_use(), HandlerMemory::kBlocks - 1);
  EXPECT_EQ(memory.allocate(8), blocks[3]);  // the freed block is served again
  for (void* block : blocks) {
    memory.deallocate(block);
  }
  EXPECT_EQ(memory.blocks_in_use(), 0U);
}

TEST(HandlerMemory, AllocatorRebindsOverTheSamePool) {
  auto memory = std::make_shared<HandlerMemory>();
  HandlerAllocator<int> ints(memory);
  const HandlerAllocator<double> doubles(ints);
  EXPECT_TRUE(ints == doubles);
  double* d = HandlerAllocator<double>(doubles).allocate(2);
  EXPECT_EQ(memory->blocks_in_use(), 1U);
  memory.reset();  // the allocators keep the pool alive
  EXPECT_EQ(doubles.memory()->blocks_in_use(), 1U);
  HandlerAllocator<double>(doubles).deallocate(d, 2);
  EXPECT_EQ(doubles.memory()->blocks_in_use(), 0U);
}

// A client exchanging an APDU every 80 ms keeps a connection with a 200 ms idle time-out open
// for as long as it talks; once it stops, the server closes it about 200 ms after the last one.
TEST(StreamConnection, IdleTimeOutCountsFromTheLastActivity) {
  boost::asio::io_context io;
  test::EchoHandler echo;
  ConnectionLimits limits;
  limits.idle_timeout = 200ms;
  TcpServer server(
      io, tcp::endpoint(boost::asio::ip::address_v4::loopback(), 0),
      [] { return std::make_unique<WrapperProtocol>(Role::server, 64); }, echo, limits);
  server.start();

  test::RecordingHandler client;
  ConnectionLimits client_limits;
  client_limits.idle_timeout = 0ms;
  std::shared_ptr<ConnectionContext> connection;
  const auto apdu = from_hex("C0 01 02 00 08 00 00 01 00 00 FF 02 00").value();
  const Addressing to{TransportKind::wrapper_tcp, 16, 1, 0, 1};
  boost::asio::steady_timer pause(io);
  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_answer{};
  std::chrono::steady_clock::time_point closed_at{};
  client.on_receive = [&] {
    last_answer = std::chrono::steady_clock::now();
    if (client.received.size() < 8) {
      pause.expires_after(80ms);
      pause.async_wait([&](boost::system::error_code) { connection->send_apdu(to, apdu); });
    }
  };
  client.on_closed = [&] {
    closed_at = std::chrono::steady_clock::now();
    server.stop();
  };
  async_connect_tcp(io, server.local_endpoint(), std::make_unique<WrapperProtocol>(Role::client, 64), client,
                    client_limits, [&](std::error_code ec, std::shared_ptr<ConnectionContext> c) {
                      ASSERT_FALSE(ec);
                      connection = std::move(c);
                      connection->send_apdu(to, apdu);
                    });
  io.run_for(5s);
  ASSERT_EQ(client.received.size(), 8U);  // every exchange answered: never closed while talking
  ASSERT_TRUE(client.closed);
  EXPECT_GE(last_answer - start, 500ms);  // talked well past one idle time-out
  EXPECT_GE(closed_at - last_answer, 190ms);
  EXPECT_LT(closed_at - last_answer, 2s);
  ASSERT_EQ(echo.close_reasons.size(), 1U);
  EXPECT_EQ(echo.close_reasons[0], std::errc::timed_out);
}

}  // namespace
}  // namespace dlms::transport
