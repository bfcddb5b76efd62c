#include "meter_model/profile_log.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "meter_model/nv_store.hpp"

namespace dlms::meter {

namespace {

// A stored row's data: the channel values as native doubles (other sizes read as zeros).
void decode_values(std::string_view data, ProfileEntry& e) {
  if (data.size() == sizeof e.values) {
    std::memcpy(e.values.data(), data.data(), data.size());
  } else {
    e.values.fill(0.0);
  }
}

}  // namespace

void ProfileLog::attach(NvStore& store, const char* table) {
  store_ = &store;
  table_ = table;
  memory_.clear();
  memory_.shrink_to_fit();
  cache_.clear();
  const StoredSpan s = store.span(table);
  first_ = s.first;
  // Consecutive by construction (append()); a table with a gap keeps its newest run.
  count_ = static_cast<std::size_t>(s.count);
  if (s.count > 0 && s.last - s.first + 1 != s.count) {
    first_ = s.last - s.count + 1;
  }
}

const ProfileEntry* ProfileLog::find(std::int64_t seq) const {
  if (count_ == 0 || seq < first_ || seq > last_sequence()) {
    return nullptr;
  }
  if (store_ == nullptr) {
    return &memory_[static_cast<std::size_t>(seq - first_)];
  }
  if (seq < cache_first_ || seq >= cache_first_ + static_cast<std::int64_t>(cache_.size())) {
    fill_cache(seq);
  }
  const auto at = static_cast<std::size_t>(seq - cache_first_);
  return at < cache_.size() && cache_[at].seq == seq ? &cache_[at] : nullptr;
}

ProfileEntry ProfileLog::operator[](std::size_t i) const {
  const ProfileEntry* e = find(first_ + static_cast<std::int64_t>(i));
  return e != nullptr ? *e : ProfileEntry{};
}

// The batch starting at `seq`, or ending at it when `seq` lies before the cached entries (a
// read from the newest entry backwards costs one query per batch too).
void ProfileLog::fill_cache(std::int64_t seq) const {
  const auto batch = static_cast<std::int64_t>(kBatch);
  std::int64_t from = seq;
  if (!cache_.empty() && seq < cache_first_) {
    from = std::max(first_, seq - batch + 1);
  }
  const std::int64_t to = std::min(last_sequence(), from + batch - 1);
  cache_.clear();
  cache_.reserve(kBatch);
  cache_first_ = from;
  ++store_reads_;
  store_->scan(table_, from, to, [this](const StoredRowView& r) {
    if (r.seq != cache_first_ + static_cast<std::int64_t>(cache_.size())) {
      return;  // not consecutive: the cache ends before the gap
    }
    ProfileEntry& e = cache_.emplace_back();
    e.seq = r.seq;
    e.time = r.t;
    e.status = static_cast<int>(r.kind);
    decode_values(r.data, e);
  });
}

void ProfileLog::append(const ProfileEntry& e) {
  if (count_ != 0 && e.seq != last_sequence() + 1) {
    // Never happens (the meter numbers its captures); keep the numbering consecutive.
    if (store_ != nullptr) {
      store_->erase_upto(table_, last_sequence());
    }
    memory_.clear();
    cache_.clear();
    count_ = 0;
  }
  if (count_ == 0) {
    first_ = e.seq;
  }
  ++count_;
  if (store_ != nullptr) {
    std::string blob(sizeof e.values, '\0');
    std::memcpy(blob.data(), e.values.data(), blob.size());
    store_->append(table_, StoredRow{e.seq, e.time, e.status, 0, std::move(blob)});
  } else {
    memory_.push_back(e);
  }
  if (count_ > capacity_) {
    const auto drop = static_cast<std::int64_t>(count_ - capacity_);
    first_ += drop;
    count_ = capacity_;
    if (store_ != nullptr) {
      store_->erase_upto(table_, first_ - 1);
    } else {
      memory_.erase(memory_.begin(), memory_.begin() + drop);
    }
  }
}

}  // namespace dlms::meter
