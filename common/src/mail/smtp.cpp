#include "shop/mail/smtp.hpp"

#include <curl/curl.h>

#include <cstring>
#include <stdexcept>
#include <ctime>

#include "shop/crypto.hpp"

namespace shop::mail {
namespace {

std::string WrapBase64(std::string_view data) {
    std::string b64 = crypto::Base64Encode(data), out;
    for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
    return out;
}

std::string EncodeHeader(std::string_view value) {
    bool ascii = true;
    for (unsigned char c : value) ascii = ascii && c >= 0x20 && c < 0x7F;
    if (ascii) return std::string(value);
    return "=?UTF-8?B?" + crypto::Base64Encode(value) + "?=";
}

std::string AddressOnly(const std::string& from) {
    auto lt = from.find('<');
    auto gt = from.find('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) return from.substr(lt + 1, gt - lt - 1);
    return from;
}

struct Upload {
    const std::string* data;
    std::size_t offset = 0;
};

std::size_t ReadCallback(char* buffer, std::size_t size, std::size_t nitems, void* userp) {
    auto* up = static_cast<Upload*>(userp);
    std::size_t n = std::min(size * nitems, up->data->size() - up->offset);
    std::memcpy(buffer, up->data->data() + up->offset, n);
    up->offset += n;
    return n;
}

}  // namespace

SmtpSettings SmtpSettings::Load(Config& env) {
    SmtpSettings s;
    s.host = env.Str("SMTP_HOST", "127.0.0.1");
    s.port = static_cast<int>(env.Int("SMTP_PORT", 1025, 1, 65535));
    s.user = env.Str("SMTP_USER", "");
    env.Secret("SMTP_PASSWORD");
    s.password = env.Str("SMTP_PASSWORD", "");
    s.tls = env.Str("SMTP_TLS", "none");
    if (s.tls != "none" && s.tls != "starttls" && s.tls != "tls") env.Fail("SMTP_TLS", "must be none, starttls or tls");
    s.from = env.Str("MAIL_FROM", "R-MAN Corporation <no-reply@rman.local>");
    return s;
}

std::string BuildMessage(const SmtpSettings& s, const OutgoingEmail& e) {
    char date[64];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    std::string boundary = "=_rman_" + crypto::Base64UrlEncode(crypto::RandomBytes(12));
    std::string m;
    m += "Date: " + std::string(date) + "\r\n";
    m += "From: " + s.from + "\r\n";
    m += "To: <" + e.to + ">\r\n";
    m += "Subject: " + EncodeHeader(e.subject) + "\r\n";
    m += "Message-ID: <" + e.message_id + "@rman.local>\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    m += "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += WrapBase64(e.text);
    m += "--" + boundary + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += WrapBase64(e.html);
    m += "--" + boundary + "--\r\n";
    return m;
}

SendResult Send(const SmtpSettings& s, const OutgoingEmail& e) {
    std::string message = BuildMessage(s, e);
    CURL* curl = curl_easy_init();
    if (!curl) return {false, false, "curl init failed"};
    std::string url = (s.tls == "tls" ? "smtps://" : "smtp://") + s.host + ":" + std::to_string(s.port);
    std::string from = "<" + AddressOnly(s.from) + ">";
    std::string to = "<" + e.to + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
    Upload up{&message};
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadCallback);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(s.timeout_ms));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (s.tls == "starttls") curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!s.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    long smtp_code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &smtp_code);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return {true, false, ""};
    SendResult r;
    r.error = std::string(curl_easy_strerror(rc)) + (errbuf[0] ? std::string(": ") + errbuf : "");
    if (smtp_code) r.error += " (SMTP " + std::to_string(smtp_code) + ")";
    r.permanent = smtp_code >= 500 && smtp_code < 600;
    return r;
}

std::string RenderTemplate(std::string_view tpl, const std::vector<std::pair<std::string, std::string>>& vars,
                           bool html) {
    std::string out;
    std::size_t i = 0;
    while (i < tpl.size()) {
        auto open = tpl.find("{{", i);
        if (open == std::string_view::npos) {
            out.append(tpl.substr(i));
            break;
        }
        auto close = tpl.find("}}", open);
        if (close == std::string_view::npos) {
            out.append(tpl.substr(i));
            break;
        }
        out.append(tpl.substr(i, open - i));
        std::string_view name = tpl.substr(open + 2, close - open - 2);
        for (const auto& [k, v] : vars) {
            if (k != name) continue;
            if (!html) {
                out += v;
                break;
            }
            for (char c : v) {
                switch (c) {
                    case '&': out += "&amp;"; break;
                    case '<': out += "&lt;"; break;
                    case '>': out += "&gt;"; break;
                    case '"': out += "&quot;"; break;
                    case '\'': out += "&#39;"; break;
                    default: out.push_back(c);
                }
            }
            break;
        }
        i = close + 2;
    }
    return out;
}

RenderedEmail RenderEmail(std::span<const embedded::File> files, const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& vars) {
    auto text = embedded::Find(files, "templates/" + name + ".txt");
    auto html = embedded::Find(files, "templates/" + name + ".html");
    if (!text || !html) throw std::runtime_error("missing email template " + name);
    std::string rendered = RenderTemplate(*text, vars, false);
    RenderedEmail out;
    auto newline = rendered.find('\n');
    std::string first = rendered.substr(0, newline);
    if (first.rfind("Subject: ", 0) != 0) throw std::runtime_error("template " + name + " lacks a Subject line");
    out.subject = first.substr(9);
    out.text = newline == std::string::npos ? "" : rendered.substr(newline + 1);
    while (!out.text.empty() && out.text.front() == '\n') out.text.erase(0, 1);
    out.html = "<!doctype html><html><body style=\"font-family:Arial,sans-serif;color:#1f2933;max-width:600px;margin:auto\">"
               "<h2 style=\"color:#0b5cad\">R-MAN Corporation</h2>" +
               RenderTemplate(*html, vars, true) +
               "<hr><p style=\"font-size:12px;color:#6b7280\">R-MAN Corporation, Bengaluru. "
               "You receive this email because of activity on your account.</p></body></html>";
    return out;
}

}  // namespace shop::mail
