#include "downloads/hf_endpoint.h"

#include <QHostAddress>

namespace glm::app {

HfEndpoint::HfEndpoint() : base_(QUrl(QString::fromLatin1(kDefault))) {}

std::optional<HfEndpoint> HfEndpoint::parse(const QString& text, QString* error) {
    auto bad = [&](const QString& why) -> std::optional<HfEndpoint> {
        if (error) *error = QStringLiteral("the download endpoint \"%1\" %2").arg(text, why);
        return std::nullopt;
    };
    QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.isRelative())
        return bad(QStringLiteral("is not a URL (expected e.g. https://huggingface.co)"));
    const QString scheme = url.scheme().toLower();
    if (scheme != QStringLiteral("https") && scheme != QStringLiteral("http"))
        return bad(QStringLiteral("must start with https://"));
    if (url.host().isEmpty()) return bad(QStringLiteral("has no host name"));
    if (url.hasQuery() || url.hasFragment())
        return bad(QStringLiteral("must not contain '?' or '#'"));
    if (!url.userInfo().isEmpty())
        return bad(QStringLiteral("must not contain a user name or password"));
    // Keep a path prefix (some mirrors live below one) without its trailing slash.
    QString path = url.path();
    while (path.endsWith(u'/')) path.chop(1);
    url.setPath(path);
    return HfEndpoint(url);
}

std::optional<HfEndpoint> HfEndpoint::resolve(const QString& setting,
                                              const QProcessEnvironment& env, QString* error) {
    if (!setting.trimmed().isEmpty()) return parse(setting, error);
    const QString fromEnv = env.value(QStringLiteral("HF_ENDPOINT"));
    if (!fromEnv.trimmed().isEmpty()) {
        QString why;
        auto e = parse(fromEnv, &why);
        if (!e && error)
            *error = why + QStringLiteral(" (from the HF_ENDPOINT environment variable)");
        return e;
    }
    return HfEndpoint();
}

QUrl HfEndpoint::fileUrl(const QString& repo, const QString& revision, const QString& file) const {
    // Catalogue names are restricted to URL-safe characters, but encode anyway: a branch or
    // file name with '%' or '#' must not change the meaning of the URL.
    QStringList parts = repo.split(u'/');
    parts << QStringLiteral("resolve") << revision << file.split(u'/');
    QString path = base_.path(QUrl::FullyEncoded);
    for (const QString& p : parts) path += u'/' + QString::fromLatin1(QUrl::toPercentEncoding(p));
    QUrl url = base_;
    url.setPath(path, QUrl::TolerantMode);
    return url;
}

QUrl HfEndpoint::modelPageUrl(const QString& repo) const {
    QUrl url = base_;
    url.setPath(base_.path() + u'/' + repo);
    return url;
}

bool HfEndpoint::mayReceiveToken(const QUrl& url) const {
    if (!sameOrigin(url, base_)) return false;
    return url.scheme().toLower() == QStringLiteral("https") || isLoopbackHost(url.host());
}

bool sameOrigin(const QUrl& a, const QUrl& b) {
    auto defaultPort = [](const QUrl& u) {
        return u.scheme().toLower() == QStringLiteral("https") ? 443 : 80;
    };
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(defaultPort(a)) == b.port(defaultPort(b));
}

bool isLoopbackHost(const QString& host) {
    if (host.compare(QStringLiteral("localhost"), Qt::CaseInsensitive) == 0) return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace glm::app
