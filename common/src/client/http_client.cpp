#include "shop/client/http_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <random>
#include <thread>

namespace shop::client {
namespace {

std::size_t WriteCallback(char* data, std::size_t size, std::size_t n, void* userp) {
    static_cast<std::string*>(userp)->append(data, size * n);
    return size * n;
}

// One easy handle per thread keeps connections alive between calls.
CURL* ThreadHandle() {
    struct Holder {
        CURL* h = curl_easy_init();
        ~Holder() { curl_easy_cleanup(h); }
    };
    thread_local Holder holder;
    curl_easy_reset(holder.h);
    return holder.h;
}

}  // namespace

HttpClient::HttpClient(std::string name, std::string base_url, std::string service_token, ClientOptions options)
    : name_(std::move(name)), base_url_(std::move(base_url)), service_token_(std::move(service_token)), options_(options) {
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

bool HttpClient::circuit_open() const {
    std::lock_guard lock(mutex_);
    return consecutive_failures_ >= options_.failure_threshold && std::chrono::steady_clock::now() < open_until_;
}

void HttpClient::Record(bool success) {
    std::lock_guard lock(mutex_);
    if (success) {
        consecutive_failures_ = 0;
        return;
    }
    if (++consecutive_failures_ >= options_.failure_threshold)
        open_until_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.open_ms);
}

Response HttpClient::Get(const std::string& path, const std::string& request_id) {
    Response r = Perform("GET", path, nullptr, request_id);
    if (!r.unavailable() || circuit_open()) return r;
    // One retry for an idempotent read, after a short jittered pause.
    thread_local std::mt19937 rng{std::random_device{}()};
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 100));
    return Perform("GET", path, nullptr, request_id);
}

Response HttpClient::Post(const std::string& path, const std::string& body, const std::string& request_id) {
    return Perform("POST", path, &body, request_id);
}

Response HttpClient::Patch(const std::string& path, const std::string& body, const std::string& request_id) {
    return Perform("PATCH", path, &body, request_id);
}

Response HttpClient::Perform(const char* method, const std::string& path, const std::string* body,
                             const std::string& request_id) {
    Response r;
    if (circuit_open()) {
        r.error = name_ + " circuit open";
        return r;
    }
    CURL* curl = ThreadHandle();
    std::string url = base_url_ + path;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("X-Service-Token: " + service_token_).c_str());
    headers = curl_slist_append(headers, ("X-Request-ID: " + request_id).c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    if (body) headers = curl_slist_append(headers, "Content-Type: application/json; charset=utf-8");
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_ms));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteCallback);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
    }
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        r.error = curl_easy_strerror(rc);
        r.body.clear();
        Record(false);
        return r;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    Record(r.status < 500);
    return r;
}

}  // namespace shop::client
