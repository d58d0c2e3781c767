// GoogleTest pieces every functional test executable shares: one maildev per executable, unique addresses,
// and the check that every operation of a service's OpenAPI document is routed by the running service.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "shop/testing/harness.hpp"

namespace shop::testing {

class MailEnvironment : public ::testing::Environment {
public:
    void SetUp() override { mail = std::make_unique<MailCatcher>(); }
    void TearDown() override { mail.reset(); }
    static inline std::unique_ptr<MailCatcher> mail;
};
inline ::testing::Environment* const kMailEnvironment = ::testing::AddGlobalTestEnvironment(new MailEnvironment);

inline std::string UniqueEmail(const std::string& tag) {
    static std::atomic<int> n{0};
    return tag + "-" + std::to_string(getpid()) + "-" + std::to_string(++n) + "@example.com";
}

// Every documented operation reaches a route of `service` (no 405, no "No route" 404); path parameters are
// replaced by `param_value`. Returns how many operations were checked.
inline std::size_t ExpectDocumentedOperationsRouted(const std::string& openapi_file, Service& service,
                                                    const std::string& param_value) {
    std::ifstream in(openapi_file);
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = boost::json::parse(ss.str()).as_object();
    std::size_t checked = 0;
    for (const auto& [path, ops] : doc.at("paths").as_object()) {
        for (const auto& [method, op] : ops.as_object()) {
            std::string m(method);
            if (m == "parameters") continue;
            for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            std::string p(path);
            for (auto open = p.find('{'); open != std::string::npos; open = p.find('{'))
                p.replace(open, p.find('}', open) - open + 1, param_value);
            auto r = Http(m, service.url() + p, m == "GET" || m == "DELETE" ? "" : "{}");
            EXPECT_NE(r.status, 405) << m << " " << path;
            EXPECT_FALSE(r.status == 404 && r.Str("message").rfind("No route", 0) == 0) << m << " " << path;
            ++checked;
        }
    }
    return checked;
}

}  // namespace shop::testing
