// Engine-neutral records services keep beside their aggregates (the storage engines implement them).
#pragma once

#include <string>

namespace shop {

// The first successful response to an Idempotency-Key (API.md §1.11), sent again on a retry.
struct StoredResponse {
    int status = 0;
    std::string body;
};

}  // namespace shop
