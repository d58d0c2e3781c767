// Expected failures as values: Error carries an API error code (one table maps it to HTTP status),
// a message, and per-field issues. Result<T> is either a T or an Error.
//   Result<User> r = users.Find(id); if (!r) return r.error();
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace shop {

enum class ErrorCode {
    kValidationFailed,
    kMalformedJson,
    kInvalidToken,
    kUnauthenticated,
    kTokenExpired,
    kTokenRevoked,
    kForbidden,
    kAccountDisabled,
    kNotFound,
    kMethodNotAllowed,
    kConflict,
    kEmailTaken,
    kInvalidTransition,
    kPayloadTooLarge,
    kUnsupportedMediaType,
    kRateLimited,
    kInternal,
    kDependencyUnavailable,
};

// The single error-code table of API.md §1.5.
int HttpStatus(ErrorCode code);
const char* CodeName(ErrorCode code);

struct Issue {
    std::optional<std::string> field;
    std::string message;
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::vector<Issue> issues;  // empty: one entry with field null and `message`
    int retry_after_s = 0;      // > 0 adds Retry-After

    static Error Of(ErrorCode code, std::string message, std::optional<std::string> field = std::nullopt) {
        Error e{code, message, {}, 0};
        if (field) e.issues.push_back({std::move(field), std::move(message)});
        return e;
    }
    static Error Validation(std::vector<Issue> issues) {
        return Error{ErrorCode::kValidationFailed, "Validation failed", std::move(issues), 0};
    }
    static Error NotFound(std::string what = "Resource not found") { return Of(ErrorCode::kNotFound, std::move(what)); }
    static Error RateLimited(int retry_after_s) {
        return Error{ErrorCode::kRateLimited, "Too many requests; try again later.", {}, retry_after_s < 1 ? 1 : retry_after_s};
    }
};

struct Ok {};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : v_(std::move(error)) {}  // NOLINT
    explicit operator bool() const { return v_.index() == 0; }
    bool ok() const { return v_.index() == 0; }
    T& value() & { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const T& value() const& { return std::get<0>(v_); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() { return std::get<0>(v_); }
    const T& operator*() const { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

using Status = Result<Ok>;

// Thrown when the service's own database (or another required resource) fails; answered 503.
class Unavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace shop
