#pragma once
// Reads and validates an object-list XML (codegen/SCHEMA.md) into a Model. Every problem is
// reported with its source line; the model is complete only when diag.ok().

#include <string>
#include <string_view>

#include "codegen/generator/catalogue.hpp"
#include "codegen/generator/diagnostics.hpp"
#include "codegen/generator/model.hpp"

namespace dlms::codegen {

struct ReadOptions {
  // Objects of a Blue Book class that cosem_objects does not implement (yet) are left out with
  // a warning instead of an error (while the class library is being built up).
  bool allow_missing_classes = false;
};

Model read_object_list(std::string_view xml_text, const Catalogue& catalogue, Diagnostics& diag,
                       const ReadOptions& options = {});

}  // namespace dlms::codegen
