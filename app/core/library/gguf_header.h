// Just enough of a GGUF file's header for the model library to list it: the magic, the version,
// the counts, and three descriptive keys if present (general.architecture, general.name,
// general.file_type). The engine's own GGUF reader loads models; this one only labels files and
// reads at most the metadata section, checking every length against the file size.
#pragma once

#include <QString>
#include <optional>

namespace glm::app {

struct GgufHeader {
    quint32 version = 0;
    quint64 tensorCount = 0;
    quint64 metadataCount = 0;
    QString architecture; // general.architecture, empty when absent
    QString name;         // general.name
    int fileType = -1;    // general.file_type (llama.cpp's LLAMA_FTYPE numbering), -1 when absent
    QString fileTypeName() const; // "Q4_0", "Q8_0", "F16", ... or empty
};

// Reads the header of path. Returns nothing and says why in *error when it is not a GGUF file
// (wrong magic, unsupported version, truncated or inconsistent header).
std::optional<GgufHeader> readGgufHeader(const QString& path, QString* error);

// True when the file starts with the GGUF magic (cheap check before an import).
bool hasGgufMagic(const QString& path);

} // namespace glm::app
