// Files compiled into a binary by cmake/embed.cmake (migrations, OpenAPI document, email templates).
//   auto sql = shop::embedded::Find(shop::embedded::Auth(), "migrations/001_init.sql");
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace shop::embedded {

struct File {
    std::string_view name;  // path relative to the embedding target's source directory
    std::string_view content;
};

inline std::optional<std::string_view> Find(std::span<const File> files, std::string_view name) {
    for (const auto& f : files)
        if (f.name == name) return f.content;
    return std::nullopt;
}

}  // namespace shop::embedded

namespace shop::embedded {
std::span<const File> Common();  // common/migrations (outbox, inbox, idempotency)
}  // namespace shop::embedded
