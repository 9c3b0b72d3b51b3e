// Where model files are downloaded from: the Hugging Face hub or a mirror with the same URL
// layout ({endpoint}/{repo}/resolve/{revision}/{file}).
//
// Which endpoint: the app's setting when the user gave one, else the HF_ENDPOINT environment
// variable (the convention of the Hugging Face tools, used with mirrors in mainland China),
// else https://huggingface.co.
//
// An access token (for gated repositories) is sent only to the endpoint's own origin (scheme,
// host and port), never to a CDN it redirects to, and only over https — plain http is allowed
// for loopback addresses alone (local mirrors and tests).
#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>
#include <optional>

namespace glm::app {

class HfEndpoint {
public:
    static constexpr const char* kDefault = "https://huggingface.co";

    HfEndpoint(); // the default endpoint

    // Checks a user-given endpoint: http(s), a host, no query or fragment. Returns nothing and
    // says why in *error when it is not usable.
    static std::optional<HfEndpoint> parse(const QString& text, QString* error);

    // The setting when non-empty, else HF_ENDPOINT from env, else the default. A bad value is an
    // error (not silently replaced by the default: the user asked for that mirror).
    static std::optional<HfEndpoint> resolve(const QString& setting, const QProcessEnvironment& env,
                                             QString* error);

    QUrl base() const { return base_; }
    QUrl fileUrl(const QString& repo, const QString& revision, const QString& file) const;
    QUrl modelPageUrl(const QString& repo) const;

    // May a request to url carry the access token?
    bool mayReceiveToken(const QUrl& url) const;

private:
    explicit HfEndpoint(QUrl base) : base_(std::move(base)) {}
    QUrl base_;
};

// Same scheme, host and port (the default port filled in).
bool sameOrigin(const QUrl& a, const QUrl& b);
bool isLoopbackHost(const QString& host);

} // namespace glm::app
