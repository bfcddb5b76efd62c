#pragma once
// Emits the C++ of a validated Model: a header declaring the build function and a source
// that builds the object list with no run-time XML parsing (static values as constexpr A-XDR
// arrays applied with set_static, bindings as adapter objects, access rights as constexpr
// arrays per association).

#include <string>

#include "codegen/generator/model.hpp"

namespace dlms::codegen {

struct EmitOptions {
  std::string name = "objects";  // file stem and function name: build_<name>_objects
  std::string cpp_namespace = "dlms::generated";
  std::string header_include;  // how the .cpp includes the header, e.g. "codegen/sm307/sm307_objects.hpp"
  std::string source_file;     // named in the "generated from" comment
};

struct Emitted {
  std::string header;
  std::string source;
};

Emitted emit(const Model& model, const EmitOptions& options);

// "sm307" -> "Sm307", "my-list" -> "MyList".
std::string type_prefix(const std::string& name);

}  // namespace dlms::codegen
