// The Content-Range header of an HTTP 206 or 416 answer (RFC 9110 §14.4).
#pragma once

#include <QByteArray>
#include <optional>

namespace glm::app {

struct ContentRange {
    qint64 first = -1; // -1 for "bytes */total" (416)
    qint64 last = -1;
    qint64 total = -1; // -1 when the server wrote "*"
};

// "bytes 100-199/1000", "bytes 100-199/*", "bytes */1000"; nothing for anything else.
std::optional<ContentRange> parseContentRange(const QByteArray& header);

} // namespace glm::app
