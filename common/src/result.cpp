#include "shop/result.hpp"

namespace shop {

int HttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kValidationFailed:
        case ErrorCode::kMalformedJson:
        case ErrorCode::kInvalidToken: return 400;
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kTokenExpired:
        case ErrorCode::kTokenRevoked: return 401;
        case ErrorCode::kForbidden:
        case ErrorCode::kAccountDisabled: return 403;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kMethodNotAllowed: return 405;
        case ErrorCode::kConflict:
        case ErrorCode::kEmailTaken:
        case ErrorCode::kInvalidTransition: return 409;
        case ErrorCode::kPayloadTooLarge: return 413;
        case ErrorCode::kUnsupportedMediaType: return 415;
        case ErrorCode::kRateLimited: return 429;
        case ErrorCode::kInternal: return 500;
        case ErrorCode::kDependencyUnavailable: return 503;
    }
    return 500;
}

const char* CodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kValidationFailed: return "VALIDATION_FAILED";
        case ErrorCode::kMalformedJson: return "MALFORMED_JSON";
        case ErrorCode::kInvalidToken: return "INVALID_TOKEN";
        case ErrorCode::kUnauthenticated: return "UNAUTHENTICATED";
        case ErrorCode::kTokenExpired: return "TOKEN_EXPIRED";
        case ErrorCode::kTokenRevoked: return "TOKEN_REVOKED";
        case ErrorCode::kForbidden: return "FORBIDDEN";
        case ErrorCode::kAccountDisabled: return "ACCOUNT_DISABLED";
        case ErrorCode::kNotFound: return "NOT_FOUND";
        case ErrorCode::kMethodNotAllowed: return "METHOD_NOT_ALLOWED";
        case ErrorCode::kConflict: return "CONFLICT";
        case ErrorCode::kEmailTaken: return "EMAIL_TAKEN";
        case ErrorCode::kInvalidTransition: return "INVALID_TRANSITION";
        case ErrorCode::kPayloadTooLarge: return "PAYLOAD_TOO_LARGE";
        case ErrorCode::kUnsupportedMediaType: return "UNSUPPORTED_MEDIA_TYPE";
        case ErrorCode::kRateLimited: return "RATE_LIMITED";
        case ErrorCode::kInternal: return "INTERNAL";
        case ErrorCode::kDependencyUnavailable: return "DEPENDENCY_UNAVAILABLE";
    }
    return "INTERNAL";
}

}  // namespace shop
