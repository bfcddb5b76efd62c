#include "apps/dlms/translate.hpp"

#include <iostream>

#include "apps/dlms-translate/translate_cli.hpp"

namespace dlms::cli {
namespace {

// Points std::cout / std::cerr at other streams for the lifetime of the object.
class Redirect {
 public:
  Redirect(std::ostream& out, std::ostream& err)
      : out_(std::cout.rdbuf(out.rdbuf())), err_(std::cerr.rdbuf(err.rdbuf())) {}
  ~Redirect() {
    std::cout.flush();
    std::cerr.flush();
    std::cout.rdbuf(out_);
    std::cerr.rdbuf(err_);
  }
  Redirect(const Redirect&) = delete;
  Redirect& operator=(const Redirect&) = delete;

 private:
  std::streambuf* out_;
  std::streambuf* err_;
};

}  // namespace

int run_translate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<const char*> argv;
  argv.push_back("dlms translate");
  for (const std::string& a : args) {
    argv.push_back(a.c_str());
  }
  const Redirect redirect(out, err);
  return translate_app::run(static_cast<int>(argv.size()), argv.data(), "dlms translate");
}

}  // namespace dlms::cli
