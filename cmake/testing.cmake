# GoogleTest + CTest. Labels: unit, functional (with its engine: sqlite or mongo), e2e, static (deploy files).
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

# A test executable linked with the harness (functional and MongoDB tests).
function(shop_harness_executable name sources libs defines)
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${libs} shop::testing GTest::gtest GTest::gtest_main shop::warnings)
  target_compile_definitions(${name} PRIVATE ${defines})
endfunction()

# shop_functional_test(<name> SOURCES <files...> LIBS <libs...> [DEFINES <defs...>] [MONGO <binary names...>])
# One CTest entry per executable and engine: its cases share one SMTP catcher started by the executable. With
# MONGO, the executable runs a second time as <name>_mongo, the named service binaries on FerretDB.
function(shop_functional_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;DEFINES;MONGO" ${ARGN})
  shop_harness_executable(${name} "${T_SOURCES}" "${T_LIBS}" "${T_DEFINES}")
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS "functional;sqlite" TIMEOUT 600)
  if(T_MONGO)
    string(REPLACE ";" "," services "${T_MONGO}")
    add_test(NAME ${name}_mongo COMMAND ${name} --gtest_brief=1)
    set_tests_properties(${name}_mongo PROPERTIES LABELS "functional;mongo" TIMEOUT 900
                         ENVIRONMENT "SHOP_TEST_ENGINE=mongo;SHOP_TEST_MONGO_SERVICES=${services}")
  endif()
endfunction()

# shop_mongo_test(<name> SOURCES <files...> LIBS <libs...> [DEFINES <defs...>]): a test that needs a MongoDB server
# and has no SQLite counterpart (FerretDB started by the harness).
function(shop_mongo_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;DEFINES" ${ARGN})
  shop_harness_executable(${name} "${T_SOURCES}" "${T_LIBS}" "${T_DEFINES}")
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS "functional;mongo" TIMEOUT 600)
endfunction()
