#include "downloads/content_range.h"

namespace glm::app {
namespace {

std::optional<qint64> number(const QByteArray& text) {
    if (text.isEmpty() || text.size() > 18) return std::nullopt; // 18 digits cannot overflow
    for (char c : text)
        if (c < '0' || c > '9') return std::nullopt;
    return text.toLongLong();
}

} // namespace

std::optional<ContentRange> parseContentRange(const QByteArray& header) {
    const QByteArray h = header.trimmed();
    if (!h.startsWith("bytes ")) return std::nullopt;
    const QByteArray spec = h.mid(6).trimmed();
    const qsizetype slash = spec.indexOf('/');
    if (slash < 0) return std::nullopt;
    const QByteArray range = spec.left(slash), totalText = spec.mid(slash + 1);
    ContentRange r;
    if (totalText != "*") {
        auto t = number(totalText);
        if (!t) return std::nullopt;
        r.total = *t;
    }
    if (range == "*") return r.total >= 0 ? std::optional(r) : std::nullopt;
    const qsizetype dash = range.indexOf('-');
    if (dash < 0) return std::nullopt;
    auto first = number(range.left(dash)), last = number(range.mid(dash + 1));
    if (!first || !last || *last < *first) return std::nullopt;
    if (r.total >= 0 && *last >= r.total) return std::nullopt;
    r.first = *first;
    r.last = *last;
    return r;
}

} // namespace glm::app
