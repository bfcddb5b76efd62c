# dlms_module(<target> [EMBEDDABLE] [DEPS <targets>...] [TEST_DEPS <targets>...])
#
# Declares one layer folder as a library: every *.cpp directly in the folder is a source, the
# folder's parent of the project root is the include root (#include "stack/codec/axdr.hpp").
# tests/*.cpp (if any) become <target>_tests, run by CTest through gtest_discover_tests.
# EMBEDDABLE modules form the embeddable core: compiled with -fno-exceptions -fno-rtti, may
# link only other embeddable modules, and are what the arm-none-eabi build compiles.
#
# Because the core is built without RTTI, a polymorphic class of an embeddable module that a
# test (built with RTTI) derives from must not have a key function in a .cpp: keep its virtual
# destructor inline (= default) in the header.
define_property(GLOBAL PROPERTY DLMS_LIBRARIES BRIEF_DOCS "all dlms module libraries" FULL_DOCS "x")
define_property(GLOBAL PROPERTY DLMS_EMBEDDABLE_LIBRARIES BRIEF_DOCS "embeddable libraries" FULL_DOCS "x")

function(dlms_module target)
  cmake_parse_arguments(ARG "EMBEDDABLE" "" "DEPS;TEST_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  if(sources)
    add_library(${target} STATIC ${sources})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(${target} ${scope} ${PROJECT_SOURCE_DIR})
  target_compile_features(${target} ${scope} cxx_std_20)
  if(ARG_DEPS)
    target_link_libraries(${target} ${scope} ${ARG_DEPS})
  endif()
  if(ARG_EMBEDDABLE AND sources)
    target_compile_options(${target} PRIVATE -fno-exceptions -fno-rtti)
  endif()
  set_property(GLOBAL APPEND PROPERTY DLMS_LIBRARIES ${target})
  if(ARG_EMBEDDABLE)
    set_property(GLOBAL APPEND PROPERTY DLMS_EMBEDDABLE_LIBRARIES ${target})
  endif()

  if(DLMS_EMBEDDED_ONLY OR NOT DLMS_BUILD_TESTS)
    return()
  endif()
  file(GLOB test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tests/*.cpp)
  if(test_sources)
    add_executable(${target}_tests ${test_sources})
    target_link_libraries(${target}_tests PRIVATE ${target} ${ARG_TEST_DEPS} GTest::gtest_main GTest::gmock)
    target_compile_definitions(${target}_tests PRIVATE DLMS_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                                       DLMS_TEST_DATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/tests/data")
    gtest_discover_tests(${target}_tests DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
                         PROPERTIES LABELS unit)
  endif()
endfunction()
