# DLMS_STATIC_RUNTIME: the programs a user runs (sm307-meter, dlms, dlms-translate) are linked
# statically (issue #8: under 5 MB resident per process). Loading a shared library touches pages
# all over it (relocations, IFUNC resolvers, static constructors), and each touch maps the
# neighbouring pages too (fault-around, 64 KiB): glibc, libm and ld.so alone were ~2 MiB resident,
# relocating a position-independent executable another ~0.9 MiB. Linked statically the executable
# holds only the archive members it uses, and needs no relocation at start-up.
#
# With lld (Debian package lld) the link also orders the code: apps/<app>/link.order lists the
# functions a typical run executes (scripts/link_order.sh regenerates it with callgrind) and lld
# places them first (--symbol-ordering-file), so the code that runs shares a few dozen pages
# instead of being spread over the whole .text. That needs one section per function and object:
# the libraries the apps link are compiled with -ffunction-sections -fdata-sections (the tests'
# own sources are not). Without lld the apps link with GNU ld, static libstdc++/libgcc and shared
# glibc.
#
# Static glibc: the executables are not position-independent (no ASLR of their own image; stack
# protector, fortify and the rest unchanged). Name lookup (getaddrinfo for `dlms --host NAME`) uses
# glibc's built-in files and dns sources; NSS modules that need dlopen (mdns, systemd-resolved) are
# not consulted. Only Debian archives are used: libc.a, libcrypto.a, libsqlite3.a, libpugixml.a,
# gcc's libstdc++.a.
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
  find_program(DLMS_LLD NAMES ld.lld)
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

# The link of the user-facing programs (tests and benchmarks keep the shared runtime: Google
# Benchmark is a shared library built against it). --gc-sections drops the sections of archive
# members nothing refers to.
# _dlms_function_sections(TARGET): -ffunction-sections -fdata-sections for TARGET's own static
# library dependencies, transitively (imported targets are left alone).
function(_dlms_function_sections target)
  get_property(done GLOBAL PROPERTY _DLMS_FUNCTION_SECTIONS)
  get_target_property(deps ${target} LINK_LIBRARIES)
  foreach(dep IN LISTS deps)
    if(NOT TARGET ${dep} OR dep IN_LIST done)
      continue()
    endif()
    get_target_property(imported ${dep} IMPORTED)
    get_target_property(type ${dep} TYPE)
    if(imported OR NOT type STREQUAL "STATIC_LIBRARY")
      continue()
    endif()
    set_property(GLOBAL APPEND PROPERTY _DLMS_FUNCTION_SECTIONS ${dep})
    target_compile_options(${dep} PRIVATE -ffunction-sections -fdata-sections)
    _dlms_function_sections(${dep})
    get_property(done GLOBAL PROPERTY _DLMS_FUNCTION_SECTIONS)
  endforeach()
endfunction()

function(dlms_static_runtime_apps)
  if(NOT DLMS_STATIC_RUNTIME OR DLMS_EMBEDDED_ONLY)
    return()
  endif()
  foreach(app IN ITEMS sm307-meter dlms dlms-translate)
    if(NOT TARGET ${app})
      continue()
    endif()
    if(DLMS_LLD)
      target_compile_options(${app} PRIVATE -ffunction-sections -fdata-sections)
      _dlms_function_sections(${app})
      target_link_options(${app} PRIVATE -static -fuse-ld=lld -Wl,--gc-sections)
      get_target_property(app_dir ${app} SOURCE_DIR)
      set(order ${app_dir}/link.order)
      if(EXISTS ${order})
        # Names the code no longer has are skipped quietly: a stale file only costs pages.
        target_link_options(${app} PRIVATE -Wl,--symbol-ordering-file=${order} -Wl,--no-warn-symbol-ordering)
        set_property(TARGET ${app} APPEND PROPERTY LINK_DEPENDS ${order})
      endif()
    else()
      target_link_options(${app} PRIVATE -static-libstdc++ -static-libgcc -Wl,--gc-sections)
    endif()
  endforeach()
endfunction()
