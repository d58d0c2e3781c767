# GoogleTest + CTest. Labels: unit, functional, e2e (and per engine later).
enable_testing()
find_package(GTest REQUIRED)
include(GoogleTest)

# shop_test(<name> LABEL <label> SOURCES <files...> LIBS <libs...>)
function(shop_test name)
  cmake_parse_arguments(T "" "LABEL" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main shop::warnings)
  gtest_discover_tests(${name} PROPERTIES LABELS ${T_LABEL} DISCOVERY_TIMEOUT 30)
endfunction()
