# DLMS_STATIC_RUNTIME: the programs a user runs (sm307-meter, dlms, dlms-translate) carry their
# C++ runtime, OpenSSL's libcrypto, SQLite and pugixml inside the executable instead of mapping
# the shared libraries (issue #8: under 5 MB resident per process). Loading a shared library
# touches pages all over it (relocations, IFUNC resolvers, static constructors), and each touch
# maps the neighbouring pages too (fault-around); linked statically the executable holds only
# the archive members it uses. glibc itself stays shared (getaddrinfo and dlopen need it). Only the
# Debian static archives are used (libcrypto.a, libsqlite3.a, libpugixml.a, gcc's libstdc++.a).
#
# On by default except in sanitizer and fuzzing builds (those keep the shared libraries the
# sanitizer runtimes expect) and the embedded-only build. Included by the top-level
# CMakeLists.txt before the modules (it decides which library files their find_package()
# calls see); dlms_static_runtime_apps() is called after the apps exist.

set(_dlms_static_default ON)
if(DLMS_FUZZ OR DLMS_EMBEDDED_ONLY OR "${CMAKE_CXX_FLAGS} ${CMAKE_EXE_LINKER_FLAGS}" MATCHES "-fsanitize")
  set(_dlms_static_default OFF)
endif()
option(DLMS_STATIC_RUNTIME "Link the apps with static libstdc++/libgcc, libcrypto, libsqlite3, pugixml" ${_dlms_static_default})

if(DLMS_STATIC_RUNTIME AND NOT DLMS_EMBEDDED_ONLY)
  find_package(Threads REQUIRED)
  # OpenSSL: FindOpenSSL adds Threads and the dl library when the library it uses is an
  # archive. A normal variable wins over the cached result of an earlier configure (CMP0125).
  find_library(DLMS_LIBCRYPTO_ARCHIVE NAMES libcrypto.a)
  if(DLMS_LIBCRYPTO_ARCHIVE)
    set(OPENSSL_USE_STATIC_LIBS TRUE)
    set(OPENSSL_CRYPTO_LIBRARY ${DLMS_LIBCRYPTO_ARCHIVE})
  endif()
  # SQLite: FindSQLite3 knows no dependencies; the target is made here so that the modules'
  # find_package(SQLite3) reuse it.
  find_library(DLMS_LIBSQLITE3_ARCHIVE NAMES libsqlite3.a)
  if(DLMS_LIBSQLITE3_ARCHIVE)
    set(SQLite3_LIBRARY ${DLMS_LIBSQLITE3_ARCHIVE})
    find_package(SQLite3)
    if(TARGET SQLite::SQLite3)
      set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads
                                                                                   ${CMAKE_DL_LIBS} m)
    endif()
  endif()
  # pugixml: its package has a static target; point the umbrella target at it.
  find_package(pugixml QUIET)
  if(TARGET pugixml::static AND TARGET pugixml::pugixml)
    set_target_properties(pugixml::pugixml PROPERTIES INTERFACE_LINK_LIBRARIES pugixml::static)
  endif()
endif()

# Static C++ runtime and section garbage collection (sections of archive members nothing
# refers to) for the user-facing programs (tests and
# benchmarks keep the shared runtime: Google Benchmark is a shared library built against it).
function(dlms_static_runtime_apps)
  if(NOT DLMS_STATIC_RUNTIME OR DLMS_EMBEDDED_ONLY)
    return()
  endif()
  foreach(app IN ITEMS sm307-meter dlms dlms-translate)
    if(TARGET ${app})
      target_link_options(${app} PRIVATE -static-libstdc++ -static-libgcc -Wl,--gc-sections)
    endif()
  endforeach()
endfunction()
