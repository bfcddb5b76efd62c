// dlms-codegen: validates an object-list XML (codegen/SCHEMA.md) against the COSEM class library
// and the meter's quantity catalogue, and emits the C++ that builds it.
//
//   dlms-codegen --catalogue meter_model/quantities.json [--name sm307] [--namespace dlms::sm307]
//                [--out-dir DIR] [--include-prefix codegen/sm307] [--allow-missing-classes]
//                [--check] objects.xml
//
// Exit 0: files written (or --check: valid). Exit 1: one line per error on stderr,
// "file:line: error: what". Exit 2: usage or I/O problem.

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "codegen/binding/binding_format.hpp"
#include "codegen/generator/catalogue.hpp"
#include "codegen/generator/emitter.hpp"
#include "codegen/generator/reader.hpp"
#include "cosem_objects/class_registry.hpp"

namespace {

constexpr const char* kUsage =
    "usage: dlms-codegen --catalogue quantities.json [--name NAME] [--namespace NS] [--out-dir DIR]\n"
    "                    [--include-prefix PREFIX] [--allow-missing-classes] [--check] objects.xml\n"
    "       dlms-codegen --list-classes\n"
    "Validates the object list and writes DIR/NAME_objects.hpp and DIR/NAME_objects.cpp.\n";

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return false;
  }
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

// Writes only when the content changed (keeps the build from recompiling needlessly).
bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::string old;
  if (read_file(path.string(), old) && old == text) {
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// --list-classes: the implemented classes with their attributes and methods (what the XML may use).
void list_classes() {
  for (const auto* d : dlms::cosem::all_classes()) {
    std::cout << "class " << d->class_id << " version " << int(d->version) << " " << d->name << "\n";
    for (const auto& a : d->attributes) {
      std::cout << "  attribute " << int(a.id) << " " << a.name << " : "
                << dlms::binding::data_type_name(a.type) << " access 0x" << std::hex << int(a.default_access)
                << std::dec << (a.is_static ? " static" : " dynamic") << "\n";
    }
    for (const auto& m : d->methods) {
      std::cout << "  method " << int(m.id) << " " << m.name << " ("
                << dlms::binding::data_type_name(m.parameter_type) << ") access 0x" << std::hex
                << int(m.default_access) << std::dec << "\n";
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string catalogue_path;
  std::string name;
  std::string ns;
  std::string out_dir = ".";
  std::string include_prefix;
  std::string xml_path;
  bool check = false;
  dlms::codegen::ReadOptions read_options;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        std::cerr << "dlms-codegen: " << a << " needs a value\n" << kUsage;
        std::exit(2);
      }
      into = argv[++i];
    };
    if (a == "--catalogue") {
      value(catalogue_path);
    } else if (a == "--name") {
      value(name);
    } else if (a == "--namespace") {
      value(ns);
    } else if (a == "--out-dir") {
      value(out_dir);
    } else if (a == "--include-prefix") {
      value(include_prefix);
    } else if (a == "--allow-missing-classes") {
      read_options.allow_missing_classes = true;
    } else if (a == "--check") {
      check = true;
    } else if (a == "--list-classes") {
      list_classes();
      return 0;
    } else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "dlms-codegen: unknown option " << a << "\n" << kUsage;
      return 2;
    } else if (xml_path.empty()) {
      xml_path = a;
    } else {
      std::cerr << "dlms-codegen: one XML file only\n" << kUsage;
      return 2;
    }
  }
  if (xml_path.empty() || catalogue_path.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::string catalogue_text;
  std::string xml_text;
  if (!read_file(catalogue_path, catalogue_text)) {
    std::cerr << "dlms-codegen: cannot read " << catalogue_path << "\n";
    return 2;
  }
  if (!read_file(xml_path, xml_text)) {
    std::cerr << "dlms-codegen: cannot read " << xml_path << "\n";
    return 2;
  }
  std::string error;
  const auto catalogue = dlms::codegen::Catalogue::parse(catalogue_text, error);
  if (!catalogue) {
    std::cerr << catalogue_path << ":1: error: not a quantity catalogue: " << error << "\n";
    return 1;
  }
  dlms::codegen::Diagnostics diag(xml_path);
  const auto model = dlms::codegen::read_object_list(xml_text, *catalogue, diag, read_options);
  for (const auto& w : diag.warnings()) {
    std::cerr << w << "\n";
  }
  for (const auto& e : diag.errors()) {
    std::cerr << e << "\n";
  }
  if (!diag.ok()) {
    return 1;
  }
  if (check) {
    return 0;
  }
  dlms::codegen::EmitOptions eo;
  if (name.empty()) {
    for (const char c : model.name) {
      name += std::isalnum(static_cast<unsigned char>(c)) != 0 ? static_cast<char>(std::tolower(c)) : '_';
    }
    if (name.empty()) {
      name = "objects";
    }
  }
  eo.name = name;
  if (!ns.empty()) {
    eo.cpp_namespace = ns;
  }
  const std::string stem = name + "_objects";
  eo.header_include = include_prefix.empty() ? stem + ".hpp" : include_prefix + "/" + stem + ".hpp";
  eo.source_file = std::filesystem::path(xml_path).filename().string();
  const auto out = dlms::codegen::emit(model, eo);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  const std::filesystem::path dir(out_dir);
  if (!write_file(dir / (stem + ".hpp"), out.header) || !write_file(dir / (stem + ".cpp"), out.source)) {
    std::cerr << "dlms-codegen: cannot write to " << out_dir << "\n";
    return 2;
  }
  return 0;
}
