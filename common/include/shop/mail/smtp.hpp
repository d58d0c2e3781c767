// Email over SMTP with libcurl: plain, STARTTLS or implicit TLS, optional login (Gmail: smtp.gmail.com:587,
// starttls, an app password). Messages are multipart/alternative (plain text + HTML), UTF-8, base64.
#pragma once

#include <string>

#include <span>
#include <vector>

#include "shop/config.hpp"
#include "shop/embedded.hpp"

namespace shop::mail {

struct SmtpSettings {
    std::string host = "127.0.0.1";
    int port = 1025;
    std::string user;
    std::string password;
    std::string tls = "none";  // none | starttls | tls
    std::string from = "R-MAN <no-reply@rman.local>";
    int timeout_ms = 10'000;

    static SmtpSettings Load(Config& env);
};

struct SendResult {
    bool ok = false;
    bool permanent = false;  // the server refused for good (5xx): no retry
    std::string error;
};

struct OutgoingEmail {
    std::string to;
    std::string subject;
    std::string text;
    std::string html;
    std::string message_id;  // stable per delivery, so a resend after a crash can be recognised
};

std::string BuildMessage(const SmtpSettings& s, const OutgoingEmail& email);
SendResult Send(const SmtpSettings& s, const OutgoingEmail& email);

// {{name}} substitution; in HTML mode values are escaped. Unknown names render empty.
std::string RenderTemplate(std::string_view tpl, const std::vector<std::pair<std::string, std::string>>& vars,
                           bool html);

struct RenderedEmail {
    std::string subject, text, html;
};
// Renders templates/<name>.txt (first line "Subject: ...") and templates/<name>.html (body inside the
// common layout) from a service's embedded files.
RenderedEmail RenderEmail(std::span<const embedded::File> files, const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& vars);

}  // namespace shop::mail
