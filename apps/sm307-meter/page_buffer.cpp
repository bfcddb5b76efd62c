#include "apps/sm307-meter/page_buffer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace dlms::meter_app {

PageBuffer::PageBuffer(std::size_t size) : size_(size) {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  mapped_ = (size + page - 1) / page * page;
  if (mapped_ == 0) {
    mapped_ = page;
  }
  void* p = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    throw std::bad_alloc();
  }
  data_ = static_cast<std::uint8_t*>(p);
}

PageBuffer::~PageBuffer() { munmap(data_, mapped_); }

void PageBuffer::release() noexcept { madvise(data_, mapped_, MADV_DONTNEED); }

}  // namespace dlms::meter_app
