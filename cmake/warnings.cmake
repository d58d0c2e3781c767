# shop::warnings carries the warning set for our own code; third-party headers are included as SYSTEM.
add_library(shop_warnings INTERFACE)
add_library(shop::warnings ALIAS shop_warnings)
target_compile_options(shop_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor
  -Wno-missing-field-initializers  # designated initializers leave the rest defaulted on purpose
  -Wno-restrict)                   # GCC 12 false positives in std::string at -O3 (GCC bug 105329)
