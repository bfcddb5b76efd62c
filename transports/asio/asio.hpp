#pragma once
// The one way this project includes Boost.Asio: <utility> first (Asio 1.8x relies on
// std::exchange and friends being declared before its headers under clang + libstdc++).

#include <utility>

#include <boost/asio.hpp>
